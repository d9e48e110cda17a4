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
    /// <summary>Dossier numbers from here on are extra work a scenario added.</summary>
    public const int ExtraNumbersFrom = 5000;

    public CityPlan Plan => plan;

    public WorkingCalendar Calendar => calendar;

    /// <summary>The acceptance times of a unit's normal day, in order (dossier n is index n-1).</summary>
    public IReadOnlyList<DateTimeOffset> DayPlan(string unit, DateOnly day)
    {
        var profile = plan.Profile(unit);
        var random = Seeded.For(plan.Seed, $"day/{unit}/{day:yyyyMMdd}");
        // Fewer dossiers on weekends and holidays: some desks open on Saturday morning.
        var factor = calendar.IsWorkingDay(day) ? 1.0 : day.DayOfWeek == DayOfWeek.Saturday ? 0.3 : 0.08;
        var count = (int)Math.Round(profile.DailyVolume * factor * random.Between(0.95, 1.05));
        var times = new DateTimeOffset[count];
        for (var i = 0; i < count; i++)
        {
            var morning = factor < 1 || random.Chance(0.6);
            var minutes = morning ? random.Between(7.5 * 60, 11.5 * 60) : random.Between(13.5 * 60, 17 * 60);
            times[i] = OfficeHours.At(day, TimeSpan.FromMinutes(Math.Round(minutes, 1)));
        }
        Array.Sort(times);
        return times;
    }

    /// <summary>
    /// The dossiers a unit accepts in [from, to) under the given conditions: the normal day's
    /// dossiers in that span, plus extra ones when a scenario raises the volume.
    /// </summary>
    public IEnumerable<SimDossier> Accepted(string unit, DateTimeOffset from, DateTimeOffset to, DeskConditions conditions)
    {
        for (var day = OfficeHours.LocalDay(from); OfficeHours.At(day, TimeSpan.Zero) < to; day = day.AddDays(1))
        {
            var times = DayPlan(unit, day);
            for (var i = 0; i < times.Count; i++)
            {
                if (times[i] >= from && times[i] < to)
                {
                    yield return Build(unit, day, i + 1, times[i], conditions.Slow);
                }
            }
            if (conditions.VolumeFactor > 1)
            {
                // Extra work arrives at the rate of the normal day times (factor - 1), during desk hours.
                var open = OfficeHours.At(day, new TimeSpan(7, 30, 0));
                var close = OfficeHours.At(day, new TimeSpan(17, 0, 0));
                var start = from > open ? from : open;
                var end = to < close ? to : close;
                if (end > start)
                {
                    var random = Seeded.For(plan.Seed, $"extra/{unit}/{start.ToUnixTimeMilliseconds()}");
                    var expected = (conditions.VolumeFactor - 1) * plan.Profile(unit).DailyVolume * ((end - start) / (close - open));
                    var extra = (int)Math.Floor(expected + random.NextDouble());
                    var number = ExtraNumbersFrom + (int)((start - open).TotalSeconds / 10);
                    for (var i = 0; i < extra; i++)
                    {
                        yield return Build(unit, day, number + i, start + ((end - start) * random.NextDouble()), conditions.Slow);
                    }
                }
            }
        }
    }

    public SimDossier Build(string unit, DateOnly day, int number, DateTimeOffset acceptedAt, bool slow)
    {
        var profile = plan.Profile(unit);
        var id = $"G01.79.{unit}-{day:yyMMdd}-{number:D4}";
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
            var submitted = acceptedAt - TimeSpan.FromMinutes(r.Between(20, 18 * 60));
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
