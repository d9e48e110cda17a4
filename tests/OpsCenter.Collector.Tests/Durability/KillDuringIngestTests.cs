using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Collector.Tests.Durability;

/// <summary>
/// Killing the collector with SIGKILL in the middle of sustained ingest loses no acknowledged
/// item, and the sources' retries (same Idempotency-Key) store no duplicates: acked == stored.
/// </summary>
public class KillDuringIngestTests
{
    private const string Key = "durability-key";
    private const int Senders = 4;
    private const int BatchSize = 100;

    [Fact]
    public async Task KillMinus9_DuringSustainedIngest_EveryAckedItemStoredExactlyOnce()
    {
        var folder = Directory.CreateTempSubdirectory("opscenter-kill-").FullName;
        using var collector = new CollectorProcess(folder, Key);
        await collector.StartAsync();
        var acked = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var senders = Enumerable.Range(0, Senders).Select(s => Task.Run(() => SendUntilStoppedAsync(http, collector, s, acked, stop.Token))).ToArray();
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var ackedBeforeKill = acked.Count;
        collector.Kill();
        await Task.Delay(500, TestContext.Current.CancellationToken);
        await collector.StartAsync();
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        collector.Kill();

        var stored = ReadStoredDetails(folder);
        var expected = acked.Keys.SelectMany(batch => Enumerable.Range(0, BatchSize).Select(i => $"{batch}/{i}")).ToList();
        Assert.True(ackedBeforeKill > 0, "nothing was acknowledged before the kill");
        Assert.True(acked.Count > ackedBeforeKill, "nothing was acknowledged after the restart");
        Assert.Equal(stored.Count, stored.Distinct().Count()); // no duplicates
        Assert.Empty(expected.Except(stored)); // nothing acknowledged was lost
        // Batches stored but not yet acknowledged when the process died are fine: the retry after
        // the restart is answered from the idempotency record, so they end up acknowledged too.
        Assert.Equal(expected.Count, stored.Count);
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>A source that numbers its batches and retries each one, with the same key, until it is acknowledged.</summary>
    private static async Task SendUntilStoppedAsync(HttpClient http, CollectorProcess collector, int sender, ConcurrentDictionary<string, int> acked, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var batch = $"s{sender}-b{n}";
            var items = string.Join(",", Enumerable.Range(0, BatchSize).Select(i =>
                $$"""{ "unit": "26740", "system": "accounting", "status": "up", "checkedAt": "{{DateTimeOffset.UtcNow:O}}", "detail": "{{batch}}/{{i}}" }"""));
            var body = $$"""{ "items": [{{items}}] }""";
            while (true)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(collector.Url, "/api/ingest/v1/health"))
                    {
                        Content = new StringContent(body, Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Add(IngestHeaders.ApiKey, Key);
                    request.Headers.Add(IngestHeaders.IdempotencyKey, batch);
                    using var response = await http.SendAsync(request, CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acked[batch] = BatchSize;
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private static List<string> ReadStoredDetails(string folder)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "opscenter.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_extract(payload, '$.detail') FROM events";
        using var reader = command.ExecuteReader();
        var details = new List<string>();
        while (reader.Read())
        {
            details.Add(reader.GetString(0));
        }
        return details;
    }
}
