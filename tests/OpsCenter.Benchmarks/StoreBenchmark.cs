using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Postgres;
using OpsCenter.Storage.Sqlite;

namespace OpsCenter.Benchmarks;

/// <summary>
/// The append path alone, in this process: the real store against the bare insert of the ingest
/// benchmark, same rows. SQLite: <see cref="SqliteStore"/> against one open connection and one
/// prepared statement, 1 and 16 writers. PostgreSQL: <see cref="PostgresStore"/> (group commit
/// under the append lock) against concurrent binary COPYs without a lock, 1, 16 and 64 writers.
/// Isolates storage from HTTP, JSON and validation when looking for what bounds the collector.
/// </summary>
internal static class StoreBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var seconds = 5;
        var engine = "sqlite";
        int[]? writers = null;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--engine":
                    engine = args[i + 1];
                    break;
                case "--writers":
                    writers = [.. args[i + 1].Split(',').Select(w => int.Parse(w, System.Globalization.CultureInfo.InvariantCulture))];
                    break;
                default:
                    throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }
        }
        return engine switch
        {
            "sqlite" => await RunSqliteAsync(seconds, writers ?? [1, 16]),
            "postgres" => await RunPostgresAsync(seconds, writers ?? [1, 16, 64]),
            _ => throw new ArgumentException($"Unknown engine '{engine}'."),
        };
    }

    private static (List<NewEvent> Events, List<BareRow> Rows) Rows()
    {
        var kind = IngestKind.All.Single(k => k.Path == "dossiers");
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, IngestKind.BatchSize)
            .Select(i => new NewEvent(kind.DataKind, "26740", now.AddSeconds(-i), JsonSerializer.Serialize(kind.Item(i, "26740", now.AddSeconds(-i)), WireJson.Options)))
            .ToList();
        return (events, events.Select(e => new BareRow(e.Kind, e.Unit, e.OccurredAt.ToUnixTimeMilliseconds(), e.Payload)).ToList());
    }

    private static async Task<int> RunPostgresAsync(int seconds, int[] writerCounts)
    {
        var (events, rows) = Rows();
        await using var postgres = await PostgresServer.StartAsync();
        using var listener = GroupListener.Start();
        foreach (var writers in writerCounts)
        {
            var bareDatabase = await postgres.CreateDatabaseAsync("bare");
            await using (var bare = await PostgresBareStore.CreateAsync(bareDatabase))
            {
                Print("bare COPY (no lock)", writers, await MeasureWithCpuAsync(bareDatabase, writers, seconds, _ => bare.InsertAsync(rows)));
            }
            Console.WriteLine(await SizesAsync(bareDatabase));
            var storeDatabase = await postgres.CreateDatabaseAsync("store");
            await using (var store = new PostgresStore(storeDatabase, TimeProvider.System))
            {
                await store.LastPositionAsync(CancellationToken.None); // migrated before the clock starts
                var n = 0;
                listener.Reset();
                Print("PostgresStore.AppendAsync", writers, await MeasureWithCpuAsync(storeDatabase, writers, seconds, _ =>
                    store.AppendAsync(new AppendRequest("bench", $"k{Interlocked.Increment(ref n)}", SHA256.HashData(BitConverter.GetBytes(n)), events), CancellationToken.None)));
                Console.WriteLine(listener.Summary());
            }
            Console.WriteLine(await SizesAsync(storeDatabase));
        }
        return 0;
    }

    private static async Task<int> RunSqliteAsync(int seconds, int[] writerCounts)
    {
        var (events, rows) = Rows();
        foreach (var writers in writerCounts)
        {
            var folder = Directory.CreateTempSubdirectory("opscenter-bench-store.").FullName;
            try
            {
                await using (var bare = SqliteBareStore.Create(Path.Combine(folder, "bare.db")))
                {
                    Print("bare insert", writers, await MeasureAsync(writers, seconds, _ => bare.InsertAsync(rows)));
                }
                var store = new SqliteStore(SqliteStore.ConnectionStringFor(folder), TimeProvider.System);
                await using (store)
                {
                    var n = 0;
                    Print("SqliteStore.AppendAsync", writers, await MeasureAsync(writers, seconds, _ =>
                        store.AppendAsync(new AppendRequest("bench", $"k{Interlocked.Increment(ref n)}", SHA256.HashData(BitConverter.GetBytes(n)), events), CancellationToken.None)));
                }
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
        return 0;
    }

    private static void Print(string what, int writers, double batchesPerSecond) =>
        Console.WriteLine(FormattableString.Invariant(
            $"{what,-27} writers={writers,-3} {batchesPerSecond,7:N1} batches/s = {batchesPerSecond * IngestKind.BatchSize,9:N0} rows/s"));

    private static void Print(string what, int writers, (double BatchesPerSecond, double ClientMs, double ServerMs) result) =>
        Console.WriteLine(FormattableString.Invariant(
            $"{what,-27} writers={writers,-3} {result.BatchesPerSecond,7:N1} batches/s = {result.BatchesPerSecond * IngestKind.BatchSize,9:N0} rows/s; CPU per batch: this process {result.ClientMs:0.00} ms, PostgreSQL backends {result.ServerMs:0.00} ms"));

    /// <summary>
    /// Also the CPU used per batch by this process and by the PostgreSQL server processes serving
    /// the database (read from /proc: Linux only), so that costs compare however busy the machine is.
    /// </summary>
    private static async Task<(double BatchesPerSecond, double ClientMs, double ServerMs)> MeasureWithCpuAsync(
        string connectionString, int writers, int seconds, Func<int, Task> append)
    {
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        await append(0); // warm-up: JIT, schema, first pages, the pool's first connection
        var self = Process.GetCurrentProcess();
        var client = self.TotalProcessorTime;
        var server = BackendSeconds(database);
        var rate = await MeasureAsync(writers, seconds, append);
        self.Refresh();
        var batches = rate * seconds;
        return (rate, (self.TotalProcessorTime - client).TotalMilliseconds / batches, (BackendSeconds(database) - server) * 1000 / batches);
    }

    /// <summary>Bytes per row of the events table and of each of its indexes.</summary>
    private static async Task<string> SizesAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var sizes = new Npgsql.NpgsqlCommand(
            """
            SELECT string_agg(format('%s %s', c.relname, pg_relation_size(c.oid) / greatest((SELECT count(*) FROM events), 1)), ', ' ORDER BY c.relname)
            FROM pg_class c WHERE c.relname = 'events' OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'events'::regclass)
            """,
            connection);
        return $"   bytes per row: {await sizes.ExecuteScalarAsync()}";
    }

    /// <summary>CPU seconds of the live PostgreSQL backends connected to the database (their titles name it).</summary>
    private static double BackendSeconds(string database)
    {
        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).StartsWith($"postgres: postgres {database} ", StringComparison.Ordinal))
                {
                    continue;
                }
                var fields = File.ReadAllText(Path.Combine(dir, "stat")).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return ticks / 100.0; // USER_HZ
    }

    private static async Task<double> MeasureAsync(int writers, int seconds, Func<int, Task> append)
    {
        await append(0); // warm-up: JIT, schema, first pages
        var stopwatch = Stopwatch.StartNew();
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            while (stopwatch.Elapsed.TotalSeconds < seconds)
            {
                await append(w);
                Interlocked.Increment(ref done);
            }
        })));
        return done / stopwatch.Elapsed.TotalSeconds;
    }
}

/// <summary>Reads the store's group-commit instruments: batches per group and how long each group held the append lock.</summary>
internal sealed class GroupListener : IDisposable
{
    private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly List<int> _groups = [];
    private readonly List<double> _held = [];

    public static GroupListener Start()
    {
        var listener = new GroupListener();
        listener._listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "OpsCenter.Storage")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener._listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            lock (listener._lock)
            {
                listener._groups.Add(value);
            }
        });
        listener._listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (listener._lock)
            {
                listener._held.Add(value);
            }
        });
        listener._listener.Start();
        return listener;
    }

    public void Reset()
    {
        lock (_lock)
        {
            _groups.Clear();
            _held.Clear();
        }
    }

    public string Summary()
    {
        lock (_lock)
        {
            if (_groups.Count == 0)
            {
                return "   (no group recorded)";
            }
            var held = _held.Order().ToArray();
            return FormattableString.Invariant(
                $"   {_groups.Count} groups, {_groups.Average():0.0} batches each (max {_groups.Max()}); lock held {held.Average():0.0} ms on average, p50 {held[held.Length / 2]:0.0}, p99 {held[(int)(held.Length * 0.99)]:0.0}; {held.Sum() / 1000:0.0} s held in all");
        }
    }

    public void Dispose() => _listener.Dispose();
}
