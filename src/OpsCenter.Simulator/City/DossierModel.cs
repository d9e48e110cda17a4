using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Calendar;

namespace OpsCenter.Simulator.City;

/// <summary>
/// Generates the dossiers each unit accepts, each with its whole lifecycle: 2 accepted (after 1
/// for online ones) -> 4 processing -> 9 processed -> 10 returned, some with 5 (supplement) then 4
/// again, a few withdrawn (7), stopped (8) or refused at the desk (3). Appointments come from the
/// legal limit; late ones mostly get an apology letter. Deterministic: a dossier's life depends
/// only on the seed, its unit, its day, its number and the desk conditions it was accepted under.
/// </summary>
internal sealed class DossierModel(CityPlan plan, WorkingCalendar calendar)
{
    /// <summary>How long a scenario's opening burst lasts (the queue at the door, the files handed over).</summary>
    public static readonly TimeSpan BurstSpread = TimeSpan.FromSeconds(60);

    /// <summary>monday-surge: the queue at opening is this share of a normal day's dossiers.</summary>
    public const double OpeningQueueShare = 0.35;

    /// <summary>merger-backlog: the unfinished files handed over are this share of a normal day's dossiers.</summary>
    public const double HandedOverShare = 0.6;

    /// <summary>How long before its acceptance an online dossier may have been submitted (status 1).</summary>
    public static readonly TimeSpan MaxOnlineLead = TimeSpan.FromHours(18);

    public CityPlan Plan => plan;

    public WorkingCalendar Calendar => calendar;

    /// <summary>The acceptance times of a unit's normal day, in order (dossier n is index n-1).</summary>
    public IReadOnlyList<DateTimeOffset> DayPlan(string unit, DateOnly day)
    {
        var random = Seeded.For(plan.Seed, $"day/{unit}/{day:yyyyMMdd}");
        var factor = DayFactor(day);
        var count = (int)Math.Round(plan.Profile(unit).DailyVolume * factor * random.Between(0.95, 1.05));
        count = factor < 1 ? count : Math.Clamp(count, 50, 100);
        var times = new DateTimeOffset[count];
        for (var i = 0; i < count; i++)
        {
            var morning = factor < 1 || random.Chance(MorningShare);
            var minutes = morning ? random.Between(Morning.Start, Morning.End) : random.Between(Afternoon.Start, Afternoon.End);
            times[i] = OfficeHours.At(day, TimeSpan.FromMinutes(Math.Round(minutes, 1)));
        }
        Array.Sort(times);
        return times;
    }

    /// <summary>Both the normal day's dossiers in [from, to) and the extra ones the conditions add.</summary>
    public IEnumerable<SimDossier> Accepted(string unit, DateTimeOffset from, DateTimeOffset to, DeskConditions conditions) =>
        Normal(unit, from, to).Concat(Extra(unit, from, to, conditions));

    /// <summary>The dossiers of the unit's normal days accepted in [from, to): independent of any scenario.</summary>
    /// <param name="neededFrom">Skip dossiers that surely end before this instant (the backfill's horizon).</param>
    public IEnumerable<SimDossier> Normal(string unit, DateTimeOffset from, DateTimeOffset to, DateTimeOffset? neededFrom = null)
    {
        var department = plan.Profile(unit).Department;
        for (var day = OfficeHours.LocalDay(from); OfficeHours.At(day, TimeSpan.Zero) < to; day = day.AddDays(1))
        {
            var times = DayPlan(unit, day);
            for (var i = 0; i < times.Count; i++)
            {
                if (times[i] >= from && times[i] < to && (neededFrom is null || times[i] + LongestLife(unit, day, i + 1, department) >= neededFrom))
                {
                    yield return Build(unit, day, i + 1, times[i], slow: false, submittedNotBefore: null);
                }
            }
        }
    }

    /// <summary>
    /// Extra work a scenario adds in [from, to): (factor - 1) times the normal rate at that hour,
    /// processed slowly when the desk is overloaded. Their online submissions never predate
    /// <paramref name="from"/>, since they are made up as the scenario runs.
    /// </summary>
    public IEnumerable<SimDossier> Extra(string unit, DateTimeOffset from, DateTimeOffset to, DeskConditions conditions)
    {
        if (conditions.VolumeFactor <= 1)
        {
            yield break;
        }
        for (var day = OfficeHours.LocalDay(from); OfficeHours.At(day, TimeSpan.Zero) < to; day = day.AddDays(1))
        {
            var dayStart = OfficeHours.At(day, TimeSpan.Zero);
            var start = from > dayStart ? from : dayStart;
            var end = to < dayStart.AddDays(1) ? to : dayStart.AddDays(1);
            var random = Seeded.For(plan.Seed, $"extra/{unit}/{start.ToUnixTimeMilliseconds()}");
            var expected = (conditions.VolumeFactor - 1) * ExpectedNormal(unit, day, start, end);
            var extra = (int)Math.Floor(expected + random.NextDouble());
            for (var i = 0; i < extra; i++)
            {
                yield return Build(ExtraId(unit, 'E', start, i), unit, start + ((end - start) * random.NextDouble()), conditions.Slow, from);
            }
        }
    }

    /// <summary>
    /// monday-surge switched on at <paramref name="startedAt"/>: the desk opens to a queue, the
    /// people waiting at the door and the online dossiers submitted overnight, about a third of a
    /// normal day, all accepted within <see cref="BurstSpread"/>. Those accepted in [from, to).
    /// </summary>
    public IEnumerable<SimDossier> OpeningQueue(string unit, DateTimeOffset startedAt, DateTimeOffset from, DateTimeOffset to) =>
        Burst(unit, 'Q', OpeningQueueShare, startedAt, from, to, (id, at) => Build(id, unit, at, slow: false, submittedNotBefore: null));

    /// <summary>
    /// merger-backlog switched on at <paramref name="startedAt"/>: the former wards' unfinished
    /// files are handed over to the merged ward's smaller desk, within <see cref="BurstSpread"/>.
    /// Those handed over in [from, to).
    /// </summary>
    public IEnumerable<SimDossier> HandedOver(string unit, DateTimeOffset startedAt, DateTimeOffset from, DateTimeOffset to) =>
        Burst(unit, 'T', HandedOverShare, startedAt, from, to, (id, at) => BuildHandedOver(id, unit, at));

    private IEnumerable<SimDossier> Burst(string unit, char tag, double share, DateTimeOffset startedAt, DateTimeOffset from, DateTimeOffset to,
        Func<string, DateTimeOffset, SimDossier> build)
    {
        var random = Seeded.For(plan.Seed, $"burst/{tag}/{unit}/{startedAt.ToUnixTimeMilliseconds()}");
        var count = (int)Math.Round(plan.Profile(unit).DailyVolume * share * random.Between(0.9, 1.1));
        var times = new DateTimeOffset[count];
        for (var i = 0; i < count; i++)
        {
            times[i] = startedAt + (BurstSpread * random.NextDouble());
        }
        Array.Sort(times);
        for (var i = 0; i < count; i++)
        {
            if (times[i] >= from && times[i] < to)
            {
                yield return build(ExtraId(unit, tag, startedAt, i), times[i]);
            }
        }
    }

    /// <summary>
    /// A file handed over from a former ward's desk: accepted there with an appointment this desk
    /// must keep. Half are already past it (by 1-3 working days); the desk writes an apology letter
    /// for most of those at once. The rest are due within 5 working days and, the desk being short
    /// of staff, half of them go late too. All are processed slowly.
    /// </summary>
    private SimDossier BuildHandedOver(string id, string unit, DateTimeOffset at)
    {
        var profile = plan.Profile(unit);
        var r = Seeded.For(plan.Seed, "dossier/" + id);
        var procedure = Procedures.Pick(r, profile.Department);
        var channel = r.Chance(profile.OnlineShare) ? 2 : 1;
        var overdue = r.Chance(0.5);
        var appointment = overdue
            ? OfficeHours.At(WorkingDaysBefore(OfficeHours.LocalDay(at), r.Next(1, 4)), new TimeSpan(17, 0, 0))
            : OfficeHours.EndOfDesk(calendar.AddWorkingDays(at, r.Between(0.5, 5)));
        var events = new List<DossierEventItem>(5);
        DossierEventItem Event(int status, DateTimeOffset when) => new()
        {
            DossierId = id, ProcedureCode = procedure.Code, Unit = unit, Channel = channel, Status = status, At = when,
        };

        // Received by this desk now; the appointment is the one the former desk gave.
        var accepted = Event(2, at);
        accepted.ProcedureName = procedure.Name;
        accepted.AppointmentAt = appointment;
        accepted.LegalLimitDays = procedure.LegalDays;
        accepted.Digitised = r.Chance(0.85);
        accepted.DataReused = r.Chance(0.55);
        accepted.PaidOnline = procedure.HasFee && r.Chance(channel == 2 ? 0.85 : 0.3);
        events.Add(accepted);
        var picked = at + TimeSpan.FromSeconds(r.Between(2, 20));
        var processing = Event(4, picked);
        processing.AppointmentAt = appointment;
        processing.LegalLimitDays = procedure.LegalDays;
        events.Add(processing);

        var late = overdue || r.Chance(0.5);
        var lateDays = r.Between(1, 8);
        var from = appointment > picked ? appointment : picked;
        var end = late
            ? OfficeHours.Snap(calendar.AddWorkingDays(from, lateDays), calendar, r, forward: true, from)
            : OfficeHours.Snap(picked + ((appointment - picked) * r.Between(0.3, 0.95)), calendar, r, forward: false, picked);
        if (late && r.Chance(0.85))
        {
            // Overdue files get their letter as the desk takes them; the others as the appointment nears.
            var issued = overdue ? picked + TimeSpan.FromSeconds(r.Between(1, 10)) : appointment - TimeSpan.FromHours(r.Between(1, 20));
            issued = issued > picked ? issued : picked + TimeSpan.FromMinutes(1);
            var apology = Event(4, issued);
            apology.Apology = new ApologyLetterItem
            {
                IssuedAt = issued,
                NewAppointmentAt = OfficeHours.EndOfDesk(calendar.AddWorkingDays(from, Math.Ceiling(lateDays) + 1)),
            };
            events.Add(apology);
        }
        var processed = Event(9, end);
        processed.EResult = r.Chance(0.7);
        events.Add(processed);
        if (r.Chance(0.85))
        {
            events.Add(Event(10, OfficeHours.Snap(calendar.AddWorkingDays(end, r.Between(0.1, 3)), calendar, r, forward: true, end)));
        }
        return new SimDossier(id, unit, at, events);
    }

    private DateOnly WorkingDaysBefore(DateOnly day, int count)
    {
        while (count > 0)
        {
            day = day.AddDays(-1);
            count -= calendar.IsWorkingDay(day) ? 1 : 0;
        }
        return day;
    }

    private const double MorningShare = 0.6;
    private static readonly (double Start, double End) Morning = (7.5 * 60, 11.5 * 60);
    private static readonly (double Start, double End) Afternoon = (13.5 * 60, 17 * 60);

    // Fewer dossiers on weekends and holidays: some desks open on Saturday morning.
    private double DayFactor(DateOnly day) => calendar.IsWorkingDay(day) ? 1.0 : day.DayOfWeek == DayOfWeek.Saturday ? 0.3 : 0.08;

    /// <summary>How many normal dossiers the unit accepts on average in [start, end) of a day.</summary>
    private double ExpectedNormal(string unit, DateOnly day, DateTimeOffset start, DateTimeOffset end)
    {
        var dayStart = OfficeHours.At(day, TimeSpan.Zero);
        double Overlap((double Start, double End) span) =>
            Math.Max(0, Math.Min(span.End, (end - dayStart).TotalMinutes) - Math.Max(span.Start, (start - dayStart).TotalMinutes)) / (span.End - span.Start);
        var factor = DayFactor(day);
        var share = factor < 1 ? Overlap(Morning) : (MorningShare * Overlap(Morning)) + ((1 - MorningShare) * Overlap(Afternoon));
        return plan.Profile(unit).DailyVolume * factor * share;
    }

    // Generous in calendar days: legal limit + up to 8 late + 4 supplement + 3 to collect, in
    // working days, plus weekends and a week of holidays. Cheap: the procedure is the first draw.
    private TimeSpan LongestLife(string unit, DateOnly day, int number, bool department)
    {
        var procedure = Procedures.Pick(Seeded.For(plan.Seed, "dossier/" + IdOf(unit, day, number)), department);
        return TimeSpan.FromDays(((procedure.LegalDays + 15) * 1.5) + 7);
    }

    private static string IdOf(string unit, DateOnly day, int number) => $"G01.79.{unit}-{day:yyMMdd}-{number:D4}";

    /// <summary>
    /// A scenario's dossier: a letter for the kind (E extra work, Q opening queue, T handed over),
    /// the tenth of a second of the local day it started and its number, so ids never collide.
    /// </summary>
    private static string ExtraId(string unit, char tag, DateTimeOffset start, int number)
    {
        var local = start.ToOffset(OfficeHours.Offset);
        var tenths = (long)local.TimeOfDay.TotalMilliseconds / 100;
        return $"G01.79.{unit}-{local:yyMMdd}-{tag}{tenths:D6}{number:D2}";
    }

    public SimDossier Build(string unit, DateOnly day, int number, DateTimeOffset acceptedAt, bool slow, DateTimeOffset? submittedNotBefore) =>
        Build(IdOf(unit, day, number), unit, acceptedAt, slow, submittedNotBefore);

    private SimDossier Build(string id, string unit, DateTimeOffset acceptedAt, bool slow, DateTimeOffset? submittedNotBefore)
    {
        var profile = plan.Profile(unit);
        var r = Seeded.For(plan.Seed, "dossier/" + id);
        var procedure = Procedures.Pick(r, profile.Department);
        var channel = r.Chance(profile.OnlineShare) ? 2 : r.Chance(0.04) ? 3 : 1;
        var events = new List<DossierEventItem>(7);
        DossierEventItem Event(int status, DateTimeOffset at) => new()
        {
            DossierId = id, ProcedureCode = procedure.Code, Unit = unit, Channel = channel, Status = status, At = at,
        };

        if (channel == 2)
        {
            var submitted = acceptedAt - TimeSpan.FromMinutes(r.Between(20, MaxOnlineLead.TotalMinutes));
            submitted = submittedNotBefore is { } floor && submitted < floor ? floor : submitted;
            var first = Event(1, submitted);
            first.ProcedureName = procedure.Name;
            events.Add(first);
            // A few online submissions are refused at the desk: never received, not in the backlog.
            if (r.Chance(0.02))
            {
                events.Add(Event(3, acceptedAt));
                return new SimDossier(id, unit, acceptedAt, events);
            }
        }

        var appointment = OfficeHours.EndOfDesk(calendar.AddWorkingDays(acceptedAt, procedure.LegalDays));
        var accepted = Event(2, acceptedAt);
        accepted.ProcedureName = procedure.Name;
        accepted.AppointmentAt = appointment;
        accepted.LegalLimitDays = procedure.LegalDays;
        accepted.Digitised = r.Chance(profile.Department ? 0.9 : 0.85);
        accepted.DataReused = r.Chance(0.55);
        accepted.PaidOnline = procedure.HasFee && r.Chance(channel == 2 ? 0.85 : 0.3);
        events.Add(accepted);
        if (procedure.HasFee && accepted.PaidOnline != true)
        {
            // Fees due at the desk (6): the denominator of the online-payment share.
            events.Add(Event(6, acceptedAt + TimeSpan.FromMinutes(r.Between(1, 4))));
        }
        var processing = acceptedAt + TimeSpan.FromMinutes(r.Between(5, 90));
        // The appointment rides on the processing event too, so a dossier whose acceptance lies
        // before the backfill horizon still has its due time.
        var started = Event(4, processing);
        started.AppointmentAt = appointment;
        started.LegalLimitDays = procedure.LegalDays;
        events.Add(started);

        var ending = r.NextDouble();
        if (ending < 0.015)
        {
            // Withdrawn by the applicant (7) or processing stopped (8), early on.
            var at = processing + ((appointment - processing) * r.Between(0.1, 0.5));
            events.Add(Event(ending < 0.01 ? 7 : 8, OfficeHours.Snap(at, calendar, r, forward: false, processing)));
            return new SimDossier(id, unit, acceptedAt, events);
        }

        var late = r.Chance(slow ? 0.5 : profile.LateShare);
        DateTimeOffset end;
        if (late)
        {
            var lateDays = slow ? r.Between(1, 8) : r.Between(0.2, 4);
            end = OfficeHours.Snap(calendar.AddWorkingDays(appointment, lateDays), calendar, r, forward: true, appointment);
            if (r.Chance(0.85))
            {
                // The letter goes out as the appointment nears, with a new date the desk then keeps to.
                var issued = appointment - TimeSpan.FromHours(r.Between(1, 20));
                issued = issued > processing ? issued : processing + TimeSpan.FromMinutes(10);
                var apology = Event(4, issued);
                apology.Apology = new ApologyLetterItem
                {
                    IssuedAt = issued,
                    NewAppointmentAt = OfficeHours.EndOfDesk(calendar.AddWorkingDays(appointment, Math.Ceiling(lateDays) + 1)),
                };
                events.Add(apology);
            }
        }
        else
        {
            // Most finish well ahead of the appointment, some on the last day.
            var share = Math.Clamp(Math.Pow(r.NextDouble(), 1.6), 0.05, 0.95);
            var at = calendar.AddWorkingTime(processing, calendar.WorkingTimeBetween(processing, appointment) * share);
            end = OfficeHours.Snap(at, calendar, r, forward: false, processing);
            if (r.Chance(0.08))
            {
                // A supplement request: the citizen's time is excluded, so the end moves by the same working time.
                var requested = processing + ((end - processing) * r.Between(0.2, 0.8));
                var resumed = OfficeHours.Snap(calendar.AddWorkingDays(requested, r.Between(0.5, 4)), calendar, r, forward: true, requested);
                events.Add(Event(5, requested));
                var back = Event(4, resumed);
                back.SupplementReturned = true;
                events.Add(back);
                end = calendar.AddWorkingTime(end, calendar.WorkingTimeBetween(requested, resumed));
                end = end > resumed ? end : resumed + TimeSpan.FromMinutes(30);
            }
        }

        var processed = Event(9, end);
        processed.EResult = r.Chance(0.7);
        events.Add(processed);
        if (r.Chance(0.85))
        {
            events.Add(Event(10, OfficeHours.Snap(calendar.AddWorkingDays(end, r.Between(0.1, 3)), calendar, r, forward: true, end)));
        }
        return new SimDossier(id, unit, acceptedAt, events);
    }
}
