using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpsCenter.Aggregator.Changes;
using OpsCenter.Aggregator.Health;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Aggregator.Live;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sqlite;

namespace OpsCenter.Benchmarks.Live;

/// <summary>
/// Start-up of the live state from 1,000,000 dossier events in a SQLite store (250,000 dossiers,
/// 40% still open, spread over the catalogue's communes), both ways: the whole log replayed, and a
/// snapshot at the millionth event plus a tail after it. In this process with the aggregator's own
/// classes (so the national catalogue can be used: the aggregator process has no setting for it
/// yet), and, for the city, the real aggregator process timed to its first healthy answer.
/// Also the managed memory the live state takes with 168 and with 3,321 units.
/// </summary>
internal static class RebuildBenchmark
{
    private const int Batch = 5000; // the tailer's batch (Live:TailBatchSize)

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = Args.Parse(args);
        var total = options.Int("events", 1_000_000);
        var tail = options.Int("tail", 50_000);
        var catalogs = options.String("catalogs", "hcmc,national")!.Split(',');
        var process = options.String("process", "true") == "true";
        var output = options.String("output", null);
        var mix = options.String("mix", "dossiers"); // or health: 90% health samples, 10% dossier events
        var keep = options.String("keep", null); // a folder to leave the store and snapshot in (one catalogue), e.g. for a profiler
        var report = new StringBuilder();
        void Say(string line)
        {
            Console.WriteLine(line);
            report.AppendLine(line);
        }
        Say(FormattableString.Invariant($"## live-rebuild, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        Say($"machine: {Machine.Describe()} (before)");
        Say(FormattableString.Invariant($"settings: {total:N0} events ({(mix == "health" ? "90% health samples of 6 systems per unit, one a minute, 10% dossier events" : "dossier events")}) + a tail of {tail:N0} after the snapshot; batches of {Batch} as the tailer reads"));
        Say("");
        Say("| catalogue | units | way | read + apply s | of which snapshot load s | tail events | all tiles s | live state MiB (managed) | snapshot MiB | identical to full replay | load |");
        Say("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|");
        var processRows = new List<string>();
        foreach (var name in catalogs)
        {
            var catalog = name == "national" ? UnitCatalog.LoadNational() : UnitCatalog.LoadHcmc();
            var communes = catalog.All.Where(u => u.Kind is UnitKind.Ward or UnitKind.Commune or UnitKind.SpecialZone).Select(u => u.Code).ToArray();
            var folder = keep is null ? Directory.CreateTempSubdirectory("opscenter-rebuild-bench.").FullName : Directory.CreateDirectory(keep).FullName;
            try
            {
                var now = DateTimeOffset.UtcNow;
                var events = mix == "health" ? GenerateHealthMix(communes, now, total + tail) : Generate(communes, now, total + tail);
                var written = Stopwatch.StartNew();
                await using (var store = new SqliteStore(SqliteStore.ConnectionStringFor(folder), TimeProvider.System))
                {
                    await AppendAsync(store, events.Take(total));
                    Console.WriteLine(FormattableString.Invariant($"   {name}: {total:N0} events written in {written.Elapsed.TotalSeconds:N0} s"));

                    // The whole log.
                    var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
                    var full = NewState(catalog, now);
                    var watch = Stopwatch.StartNew();
                    await TailAsync(store, full);
                    var replay = watch.Elapsed;
                    var tiles = TimeTiles(full, communes, now);
                    var memory = (GC.GetTotalMemory(forceFullCollection: true) - memoryBefore) / 1024.0 / 1024.0;

                    // The snapshot at the last event, written where the aggregator looks for it.
                    var snapshotFile = Path.Combine(folder, LiveSnapshots.FileName);
                    watch.Restart();
                    var image = full.Export();
                    await using (var file = File.Create(snapshotFile))
                    {
                        LiveSnapshotFile.Write(file, image, LiveSnapshotFile.FingerprintOf(catalog), DateTimeOffset.UtcNow);
                        file.Flush(flushToDisk: true);
                    }
                    image = null;
                    var snapshotWrite = watch.Elapsed;
                    var snapshotMiB = new FileInfo(snapshotFile).Length / 1024.0 / 1024.0;
                    Say(FormattableString.Invariant(
                        $"| {name} | {communes.Length:N0} | whole log | {replay.TotalSeconds:N1} | - | {total:N0} | {tiles.TotalSeconds:N2} | {memory:N0} | {snapshotMiB:N0} (written in {snapshotWrite.TotalSeconds:N1} s) | - | {Report.Load().Split(' ')[0]} |"));

                    // The tail arrives; the whole-log state applies it too, to compare.
                    await AppendAsync(store, events.Skip(total));
                    await TailAsync(store, full);
                    events = null;
                    var expected = View(full, communes, now);
                    full = null;
                    GC.Collect();

                    watch.Restart();
                    var restored = NewState(catalog, now);
                    var (loaded, problem) = Load(snapshotFile, catalog, restored);
                    if (problem is not null)
                    {
                        throw new InvalidOperationException("The snapshot was refused: " + problem);
                    }
                    var tailed = await TailAsync(store, restored);
                    var restore = watch.Elapsed;
                    var restoredTiles = TimeTiles(restored, communes, now);
                    var actual = View(restored, communes, now);
                    var same = actual.SequenceEqual(expected);
                    if (!same)
                    {
                        var i = Enumerable.Range(0, Math.Min(actual.Count, expected.Count)).FirstOrDefault(i => actual[i] != expected[i]);
                        Console.WriteLine($"   first difference at line {i} of {expected.Count}:\n   whole log:       {expected[i][..Math.Min(600, expected[i].Length)]}\n   snapshot + tail: {actual[i][..Math.Min(600, actual[i].Length)]}");
                    }
                    Say(FormattableString.Invariant(
                        $"| {name} | {communes.Length:N0} | snapshot + tail | {restore.TotalSeconds:N1} | {loaded.TotalSeconds:N1} | {tailed:N0} | {restoredTiles.TotalSeconds:N2} | - | - | {(same ? "yes" : "NO")} | {Report.Load().Split(' ')[0]} |"));
                    GC.KeepAlive(restored);
                }
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

                if (process && name == "hcmc")
                {
                    processRows.AddRange(await ProcessAsync(folder, total + tail));
                }
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (keep is null)
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
        if (processRows.Count > 0)
        {
            Say("");
            Say("The aggregator process (HCMC catalogue), from starting it to its first healthy /health (the live state has caught up):");
            Say("");
            Say("| way | process start -> healthy s | caught up (its log) | RSS after MiB |");
            Say("|---|---:|---|---:|");
            foreach (var row in processRows)
            {
                Say(row);
            }
        }
        Say($"machine after: load average {Report.Load()}");
        if (output is not null)
        {
            await File.AppendAllTextAsync(output, report.ToString() + Environment.NewLine);
        }
        return 0;
    }

    private static async Task<List<string>> ProcessAsync(string folder, int events)
    {
        var rows = new List<string>();
        foreach (var (way, settings) in new[]
        {
            ("whole log (Live:Snapshots=false)", new Dictionary<string, string> { ["Live__Snapshots"] = "false" }),
            ("snapshot + tail", new Dictionary<string, string>()),
        })
        {
            using var aggregator = await LiveServers.StartAggregatorOnAsync(folder, settings, TimeSpan.FromSeconds(300));
            await Task.Delay(500);
            var caughtUp = aggregator.LastOutput.Split('\n').LastOrDefault(l => l.Contains("caught up", StringComparison.Ordinal))?.Trim() ?? "?";
            var rss = ProcStats.RssMiB(aggregator.Pid);
            rows.Add(FormattableString.Invariant($"| {way} | {aggregator.HealthyAfter.TotalSeconds:N1} | {caughtUp} | {rss:N0} |"));
            Console.WriteLine(rows[^1]);
            // Let a snapshot being written after the catch-up finish, so the next start finds a whole file.
            await Task.Delay(3000);
        }
        return rows;
    }

    private static (TimeSpan Elapsed, string? Problem) Load(string file, UnitCatalog catalog, LiveState state)
    {
        var watch = Stopwatch.StartNew();
        var (image, _, problem) = LiveSnapshotFile.Read(File.ReadAllBytes(file), LiveSnapshotFile.FingerprintOf(catalog));
        if (image is null)
        {
            return (watch.Elapsed, problem);
        }
        state.Import(image);
        return (watch.Elapsed, null);
    }

    // One instant for the whole run, so that the two states judge dossiers at the same moment and compare equal.
    private static LiveState NewState(UnitCatalog catalog, DateTimeOffset now)
    {
        var scopes = new ScopeMembers(catalog, UnitGroup.Defaults(catalog, UnitLineage.LoadHcmc(catalog)));
        var kpis = new KpiState(scopes, new OnTimeRule(WorkingCalendar.Default), new FixedClock(now));
        var state = new LiveState(catalog, scopes, FreshnessPolicy.Default, kpis, new MaintenanceBook(), new ChangeFeed(5000));
        PartsOf.Add(state, Tuple.Create(kpis, scopes));
        return state;
    }

    // The parts a state was built with (the service injects them where used), kept only as long as the state.
    private static readonly ConditionalWeakTable<LiveState, Tuple<KpiState, ScopeMembers>> PartsOf = new();

    // The tailer's loop without the waits: read a batch after the position, apply it.
    private static async Task<long> TailAsync(IEventLog log, LiveState state)
    {
        long applied = 0;
        while (true)
        {
            var batch = await log.ReadAfterAsync(state.Position, Batch, CancellationToken.None);
            if (batch.Count > 0)
            {
                state.Apply(batch);
                applied += batch.Count;
            }
            if (batch.Count < Batch)
            {
                return applied;
            }
        }
    }

    private static TimeSpan TimeTiles(LiveState state, string[] communes, DateTimeOffset now)
    {
        var watch = Stopwatch.StartNew();
        foreach (var code in communes)
        {
            state.Tile(code, now);
        }
        state.Tile(PartsOf.GetValue(state, _ => throw new InvalidOperationException()).Item2.City, now);
        return watch.Elapsed;
    }

    private static List<string> View(LiveState state, string[] communes, DateTimeOffset now)
    {
        var month = ReportingPeriod.Containing(PeriodKind.Month, now);
        var (kpis, scopes) = PartsOf.GetValue(state, _ => throw new InvalidOperationException());
        var view = new List<string> { $"position {state.Position}", $"dossiers {kpis.Size.Dossiers}" };
        foreach (var code in communes.Append(scopes.City).Concat(scopes.Groups.Keys))
        {
            view.Add(JsonSerializer.Serialize(state.Tile(code, now), WireJson.Options));
            view.Add(JsonSerializer.Serialize(kpis.Figures(code, month, now) is { } f ? f with { JudgedAt = now } : null, WireJson.Options));
        }
        return view;
    }

    private static async Task AppendAsync(IEventLog log, IEnumerable<NewEvent> events)
    {
        var run = Guid.NewGuid().ToString("N");
        var n = 0;
        foreach (var batch in events.Chunk(Batch))
        {
            n++;
            var result = await log.AppendAsync(new AppendRequest("bench", $"rebuild-{run}-{n}", SHA256.HashData(Encoding.UTF8.GetBytes($"{run}-{n}")), batch), CancellationToken.None);
            if (result.Outcome != AppendOutcome.Stored)
            {
                throw new InvalidOperationException($"Batch {n} was not stored: {result.Outcome}.");
            }
        }
    }

    /// <summary>As RebuildTests: each dossier accepted in the last 120 days, 40% still in progress (a supplement request), the rest done and collected.</summary>
    /// <summary>
    /// As the earlier store-level measurement: 9 in 10 events are health samples (every unit's 6
    /// systems each minute up to now, 1 in 50 degraded, 1 in 200 down), 1 in 10 dossier events.
    /// </summary>
    private static List<NewEvent> GenerateHealthMix(string[] communes, DateTimeOffset now, int total)
    {
        var systems = SystemCatalog.Standard.Select(s => s.Code).ToArray();
        var dossiers = Generate(communes, now, total / 10);
        var samples = total - dossiers.Count;
        var perMinute = communes.Length * systems.Length;
        var minutes = (samples + perMinute - 1) / perMinute;
        var events = new List<NewEvent>(total);
        var next = 0;
        for (var k = 0; k < samples; k++)
        {
            var checkedAt = now.AddMinutes(-minutes + (k / perMinute));
            var unit = communes[k / systems.Length % communes.Length];
            var sample = new HealthSample
            {
                Unit = unit, System = systems[k % systems.Length], CheckedAt = checkedAt, LatencyMs = 50 + (k % 200),
                Status = k % 200 == 7 ? HealthStatus.Down : k % 50 == 3 ? HealthStatus.Degraded : HealthStatus.Up,
            };
            events.Add(new NewEvent(DataKinds.Health, unit, checkedAt, JsonSerializer.Serialize(sample, WireJson.Options)));
            if (k % 9 == 8 && next < dossiers.Count)
            {
                events.Add(dossiers[next++]);
            }
        }
        events.AddRange(dossiers.Skip(next));
        return events;
    }

    private static List<NewEvent> Generate(string[] communes, DateTimeOffset now, int total)
    {
        var random = new Random(766);
        var events = new List<NewEvent>(total);
        for (var dossier = 0; events.Count < total; dossier++)
        {
            var unit = communes[dossier % communes.Length];
            var accepted = now.AddDays(-random.Next(0, 120)).AddHours(-random.Next(0, 24));
            var open = dossier % 5 < 2;
            (int Status, DateTimeOffset At)[] steps = open
                ? [(2, accepted), (4, accepted.AddHours(1)), (5, accepted.AddDays(1)), (4, accepted.AddDays(2))]
                : [(2, accepted), (4, accepted.AddHours(1)), (9, accepted.AddDays(random.Next(1, 8))), (10, accepted.AddDays(9))];
            foreach (var (status, at) in steps)
            {
                if (events.Count == total)
                {
                    break;
                }
                var item = new DossierEventItem
                {
                    DossierId = $"G01.{unit}-{dossier:D7}", ProcedureCode = $"1.00{dossier % 300:D4}", Unit = unit,
                    Channel = 1 + (dossier % 2), Status = status, At = at,
                    AppointmentAt = status == 2 ? accepted.AddDays(5) : null, LegalLimitDays = 5,
                };
                events.Add(new NewEvent(DataKinds.Dossier, unit, at, JsonSerializer.Serialize(item, WireJson.Options)));
            }
        }
        return events;
    }
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
