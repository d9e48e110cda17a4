using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sqlite;

namespace OpsCenter.Benchmarks;

/// <summary>
/// The SQLite append path alone, in this process: the real <see cref="SqliteStore"/> against the bare
/// insert (one open connection, one prepared statement), same rows, 1 and 16 concurrent writers.
/// Isolates storage from HTTP, JSON and validation when looking for what bounds the collector.
/// </summary>
internal static class StoreBenchmark
{
    public static async Task<int> RunAsync(int seconds)
    {
        var kind = IngestKind.All.Single(k => k.Path == "dossiers");
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, IngestKind.BatchSize)
            .Select(i => new NewEvent(kind.DataKind, "26740", now.AddSeconds(-i), JsonSerializer.Serialize(kind.Item(i, "26740", now.AddSeconds(-i)), WireJson.Options)))
            .ToList();
        var rows = events.Select(e => new BareRow(e.Kind, e.Unit, e.OccurredAt.ToUnixTimeMilliseconds(), e.Payload)).ToList();
        foreach (var writers in new[] { 1, 16 })
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
            $"{what,-26} writers={writers,-3} {batchesPerSecond,7:N1} batches/s = {batchesPerSecond * IngestKind.BatchSize,9:N0} rows/s"));

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
