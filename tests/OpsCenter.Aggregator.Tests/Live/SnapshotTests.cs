using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Aggregator.Changes;
using OpsCenter.Aggregator.Health;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Aggregator.Live;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Events;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Live;

/// <summary>
/// A snapshot plus the tail after it must give the same live state as replaying the whole log:
/// the same tiles, figures, late dossiers, incidents, health runs and change feed; and a snapshot
/// that cannot be trusted (absent, corrupt, torn, old format, another catalogue, another log) is
/// ignored in favour of the whole log.
/// </summary>
public class SnapshotTests
{
    private static readonly UnitCatalog Units = UnitCatalog.LoadHcmc();
    private static readonly string Catalog = LiveSnapshotFile.FingerprintOf(Units);

    [Fact]
    public void SnapshotPlusTail_AtAnySplit_EqualsFullReplay_NowAndAfterTheClockMoves()
    {
        var events = MixedLog.Events(Start);
        var full = NewParts(out var fullClock);
        Apply(full.State, events);
        var later = Start.AddDays(3);

        foreach (var split in new[] { 1, events.Count / 3, (events.Count / 2) + 7, events.Count - 1, events.Count })
        {
            var before = NewState(out _);
            Apply(before, events.Take(split));
            var bytes = WriteToBytes(before.Export());

            var restored = NewParts(out var clock);
            var (image, _, problem) = LiveSnapshotFile.Read(bytes, Catalog);
            Assert.Null(problem);
            restored.State.Import(image!);
            Assert.Equal(events[split - 1].Position, restored.State.Position);
            Apply(restored.State, events.Skip(split));

            Assert.Equal(View(full, Start), View(restored, Start));

            // Timers: dossiers turning late and units going quiet with no event, on both the same way.
            clock.SetUtcNow(later);
            fullClock.SetUtcNow(later);
            foreach (var parts in new[] { full, restored })
            {
                parts.Changes.Live = true;
                parts.Kpis.AdvanceClock(later);
                parts.State.AdvanceClock(later);
            }
            Assert.Equal(View(full, later), View(restored, later));

            full = NewParts(out fullClock);
            Apply(full.State, events);
        }
    }

    [Fact]
    public void MixedLog_ReachesEveryPartOfTheState()
    {
        var parts = NewParts(out _);
        var state = parts.State;
        Apply(state, MixedLog.Events(Start));
        var image = state.Export();

        Assert.NotEmpty(image.Reports);
        Assert.Contains(image.History, h => h.Runs.Count > 1);
        Assert.Contains(image.Changes.Changes, c => c.Kind == ChangeKinds.UnitStale);
        Assert.Contains(image.Changes.Changes, c => c.Kind == ChangeKinds.UnitSilent);
        Assert.Contains(image.Changes.Changes, c => c.Kind == ChangeKinds.IncidentResolved);
        Assert.NotEmpty(image.Incidents);
        Assert.NotEmpty(image.Kpis.Reported.Latest);
        Assert.NotEmpty(image.Kpis.Reported.Days);
        Assert.Contains(image.Kpis.Dossiers.Units.SelectMany(u => u.Dossiers), d => d.Any(e => e.ApologyNewAppointmentAt is not null));
        Assert.Contains(image.Kpis.Dossiers.Units.SelectMany(u => u.Dossiers), d => d.Any(e => e.LegalLimit is not null));
        Assert.True(parts.Kpis.LateDossiers(Units.City.Code, Start, 10).Total > 0);
    }

    [Fact]
    public void Read_RefusesTornCorruptOldOrForeignFiles()
    {
        var state = NewState(out _);
        Apply(state, MixedLog.Events(Start));
        var good = WriteToBytes(state.Export());
        Assert.Null(LiveSnapshotFile.Read(good, Catalog).Problem);

        var flipped = (byte[])good.Clone();
        flipped[flipped.Length / 2] ^= 0x40;
        Assert.Contains("checksum", LiveSnapshotFile.Read(flipped, Catalog).Problem);

        Assert.Contains("torn", LiveSnapshotFile.Read(good[..^100], Catalog).Problem);

        var old = (byte[])good.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(old.AsSpan(8), 1); // 2 still reads (an empty alert book); 1 does not
        Assert.Contains("format version", LiveSnapshotFile.Read(old, Catalog).Problem);

        Assert.Contains("not a live-state snapshot", LiveSnapshotFile.Read("{}"u8.ToArray(), Catalog).Problem);
        Assert.Contains("another unit catalogue", LiveSnapshotFile.Read(good, LiveSnapshotFile.FingerprintOf(UnitCatalog.LoadNational())).Problem);
    }

    [Fact]
    public void Import_IntoAStateThatAppliedEvents_IsRefused()
    {
        var state = NewState(out _);
        var events = MixedLog.Events(Start);
        Apply(state, events.Take(10));
        var image = state.Export();
        Assert.Throws<InvalidOperationException>(() => state.Import(image));
    }

    internal static LiveState NewState(out FakeTimeProvider clock) => NewParts(out clock).State;

    internal static LiveParts NewParts(out FakeTimeProvider clock)
    {
        clock = new FakeTimeProvider(Start);
        var scopes = new ScopeMembers(Units, UnitGroup.Defaults(Units, UnitLineage.LoadHcmc(Units)));
        var kpis = new KpiState(scopes, new OnTimeRule(WorkingCalendar.Default), clock);
        var changes = new ChangeFeed(5000);
        var state = new LiveState(Units, scopes, FreshnessPolicy.Default, kpis, new MaintenanceBook(), changes);
        state.SetExpectedIntervals(new Dictionary<string, TimeSpan> { ["test"] = TimeSpan.FromMinutes(10) }, TimeSpan.FromMinutes(1));
        return new LiveParts(state, kpis, changes, scopes);
    }

    // The tailer's way: batches in log order.
    private static void Apply(LiveState state, IEnumerable<StoredEvent> events)
    {
        foreach (var batch in events.Chunk(37))
        {
            state.Apply(batch);
        }
    }

    private static byte[] WriteToBytes(LiveImage image)
    {
        using var stream = new MemoryStream();
        LiveSnapshotFile.Write(stream, image, Catalog, Start);
        return stream.ToArray();
    }

    /// <summary>
    /// Everything a reader can see of the state, as JSON lines. <paramref name="logDerivedChanges"/>:
    /// compare only what the log derives of the change feed, without ids (a snapshot taken from a
    /// running aggregator also holds what it saw live: late-dossier jumps, and units found quiet by
    /// the clock before the sample that a replay finds the gap from; ids count those too).
    /// </summary>
    internal static List<string> View(LiveParts parts, DateTimeOffset now, bool logDerivedChanges = false)
    {
        var (state, kpis, changeFeed, scopes) = parts;
        var view = new List<string> { $"position {state.Position}", $"dossiers {kpis.Size.Dossiers}" };
        var codes = scopes.MembersOf(Units.City.Code).Concat(scopes.Groups.Keys).Distinct().Order(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            view.Add(Json(state.Tile(code, now)));
            foreach (var kind in new[] { PeriodKind.Day, PeriodKind.Week, PeriodKind.Month, PeriodKind.Quarter })
            {
                var figures = kpis.FiguresWithProcessingTimes(code, ReportingPeriod.Containing(kind, now), now);
                view.Add(Json(figures is null ? null : figures with { JudgedAt = now }));
            }
            var (total, oldest) = kpis.LateDossiers(code, now, 1000);
            view.Add($"late {total} " + Json(oldest));
            view.Add(Json(state.OpenIncidents(code)));
            view.Add(Json(kpis.LatestIndex(code, ReportedScores.Official766)));
            foreach (var system in state.HistorySystems(code).Order(StringComparer.Ordinal))
            {
                var (runs, coveredFrom) = state.History(code, system, now.AddDays(-40));
                view.Add($"{code}/{system} from {coveredFrom:O} " + Json(runs));
            }
        }
        var changes = changeFeed.Query(_ => true, null, 100_000);
        view.Add(logDerivedChanges
            ? Json(changes.Where(c => c.Kind != ChangeKinds.LateJump).Select(c => c with { Id = 0 })
                .OrderBy(c => c.At).ThenBy(c => c.Unit, StringComparer.Ordinal).ThenBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Subject, StringComparer.Ordinal))
            : Json(changes));
        return view;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, WireJson.Options);
}

/// <summary>
/// A deterministic log of every kind over the three days before a given instant: health samples
/// with status changes and reporting gaps (stale, silent), dossiers open and closed (supplements,
/// apology letters, legal limits, arriving over many batches), daily counts, index scores and
/// incidents opened, updated and resolved. Events are in arrival order.
/// </summary>
internal static class MixedLog
{
    public static List<StoredEvent> Events(DateTimeOffset end)
    {
        var units = UnitCatalog.LoadHcmc().CommuneLevel.Select(u => u.Code).ToArray();
        var random = new Random(4242);
        var items = new List<(DateTimeOffset Received, string Kind, string Unit, DateTimeOffset At, object Item)>();
        var start = end.AddDays(-3);
        var local = TimeSpan.FromHours(7);

        // Health: 8 units x 3 systems every 5 minutes (the source promises 10); unit 2 pauses 45 minutes (stale), unit 3 for 3 hours (silent).
        string[] systems = ["civil-status", "documents", "one-stop"];
        for (var at = start; at < end; at = at.AddMinutes(5))
        {
            for (var u = 0; u < 8; u++)
            {
                var pause = (u == 2 && at > start.AddHours(30) && at < start.AddHours(30).AddMinutes(45))
                    || (u == 3 && at > start.AddHours(40) && at < start.AddHours(43));
                if (pause)
                {
                    continue;
                }
                foreach (var system in systems)
                {
                    var roll = random.Next(100);
                    var status = roll < 4 ? HealthStatus.Down : roll < 9 ? HealthStatus.Degraded : HealthStatus.Up;
                    var checkedAt = at.AddSeconds(u).ToOffset(local);
                    items.Add((at.AddSeconds(u + 2), DataKinds.Health, units[u], checkedAt, new HealthSample
                    {
                        Unit = units[u], System = system, Status = status, LatencyMs = 50 + random.Next(300), CheckedAt = checkedAt,
                    }));
                }
            }
        }

        // Dossiers: 300 over 10 units, each step arriving when it happens.
        for (var d = 0; d < 300; d++)
        {
            var unit = units[10 + (d % 10)];
            var accepted = start.AddHours(random.Next(0, 60)).AddMinutes(random.Next(60));
            var id = $"G01.79.{unit}-{d:D5}";
            var procedure = $"1.00{d % 7}";
            var flow = d % 6;
            (int Status, DateTimeOffset At, DateTimeOffset? Apology)[] steps = flow switch
            {
                0 => [(2, accepted, null), (4, accepted.AddHours(1), null), (9, accepted.AddHours(20), null), (10, accepted.AddHours(30), null)],
                1 => [(2, accepted, null), (5, accepted.AddHours(3), null), (4, accepted.AddHours(9), null)],
                2 => [(2, accepted, null), (4, accepted.AddHours(2), accepted.AddDays(4))],
                3 => [(1, accepted, null), (3, accepted.AddHours(1), null)],
                4 => [(2, accepted, null), (5, accepted.AddHours(1), null), (4, accepted.AddHours(2), null), (5, accepted.AddHours(3), null)],
                _ => [(2, accepted, null), (4, accepted.AddMinutes(30), null)],
            };
            foreach (var (status, at, apology) in steps.Where(s => s.At < end))
            {
                items.Add((at, DataKinds.Dossier, unit, at, new DossierEventItem
                {
                    DossierId = id, ProcedureCode = procedure, ProcedureName = $"Thủ tục {procedure}", Unit = unit,
                    Channel = 1 + (d % 3), Status = status, At = at.ToOffset(local),
                    AppointmentAt = status == 2 && d % 4 != 0 ? accepted.AddHours(8 + (d % 40)) : null,
                    LegalLimitDays = d % 4 == 0 ? 1 + (d % 3) : null,
                    PaidOnline = d % 2 == 0, Digitised = d % 3 == 0, EResult = d % 5 == 0, DataReused = d % 7 == 0,
                    Apology = apology is { } newDate ? new ApologyLetterItem { IssuedAt = at, NewAppointmentAt = newDate } : null,
                }));
            }
        }

        // Daily counts from two units without dossier events, index scores, incidents.
        for (var day = 0; day < 4; day++)
        {
            foreach (var unit in units[30..32])
            {
                var date = DateOnly.FromDateTime(start.ToOffset(local).Date).AddDays(day);
                var received = start.AddDays(day).AddHours(20);
                items.Add((received, DataKinds.Backlog, unit, received, new BacklogSnapshotItem
                {
                    Unit = unit, Day = date, CarriedOver = 100 + day, Received = 20 + day, InProgressLate = 3, InProgressNearlyDue = 4,
                    InProgressNotDue = 50, ProcessedOnTime = 60, ProcessedLate = day, ProcessedNotCollected = 2, ApologyLetters = 1,
                    ReceivedOnline = day % 2 == 0 ? 9 : null,
                }));
            }
        }
        for (var i = 0; i < 12; i++)
        {
            var at = start.AddHours(5 * i);
            items.Add((at, DataKinds.IndexScore, units[i % 4], at, new IndexScoreItem
            {
                IndexSet = "qd766", Period = $"2026-W{1 + i:D2}", Unit = units[i % 4], Indicator = i % 3 == 2 ? "group-1" : "total",
                Value = 60.50m + i, Max = 100, PublishedAt = at,
            }));
        }
        for (var i = 0; i < 6; i++)
        {
            var unit = units[40 + (i % 3)];
            var at = start.AddHours(7 * i);
            (string Status, int Severity, DateTimeOffset At)[] steps = i % 2 == 0
                ? [("open", 2, at), ("open", 3, at.AddHours(1)), ("resolved", 3, at.AddHours(5))]
                : [("open", 1, at), ("monitoring", 1, at.AddHours(2))];
            foreach (var (status, severity, stepAt) in steps)
            {
                items.Add((stepAt, DataKinds.Incident, unit, stepAt, new IncidentItem
                {
                    IncidentId = $"INC-{i}", Unit = unit, Kind = "flood", Severity = severity, Status = status, At = stepAt,
                    Title = $"Ngập {i}", Measurements = new() { ["rainfallMm"] = 10.5m * severity },
                }));
            }
        }

        var position = 0L;
        return [.. items.Where(i => i.Received <= end).OrderBy(i => i.Received)
            .Select(i => new StoredEvent(++position, i.Kind, i.Unit, "test", i.At, i.Received,
                JsonSerializer.Serialize(i.Item, i.Item.GetType(), WireJson.Options)))];
    }
}
