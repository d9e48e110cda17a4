using System.Text.Json;

namespace OpsCenter.Simulator.SystemTests;

/// <summary>The issue's first "done when": a default run shows plausible figures through the query API within 60 s.</summary>
public class DefaultRunTests(LiveCityFixture city)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task DefaultRun_WithinAMinute_RankingsTrendsAndLateDossiersArePlausible()
    {
        using var reader = city.CreateReader();
        using var simulator = city.CreateSimulatorClient();
        var output = TestContext.Current.TestOutputHelper!;
        // The month the 30-day backfill covers best, named by a day in it so that it stays the same
        // month if the clock passes midnight meanwhile: this one from the 16th, else the one before.
        var today = TestClock.VietnamToday;
        var month = today.Day >= 16 ? today : new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var period = $"period=month&date={month:yyyy-MM-dd}";
        output.WriteLine($"now {TestClock.VietnamNow:yyyy-MM-dd HH:mm} in Vietnam: figures of the month of {month:yyyy-MM-dd}");

        // Rankings: every commune but the counts-only ones has an on-time rate for that month, and
        // the backfill is over (while it runs, dossiers whose later events are not yet sent look late).
        JsonElement ranking = default;
        var progress = TimeSpan.Zero;
        TimeSpan? firstFigures = null;
        await Eventually.TrueAsync(async () =>
        {
            ranking = await LiveCityFixture.GetJsonAsync(reader, $"/api/query/v1/rankings?by=onTimeRate&among=communes&{period}");
            var status = await LiveCityFixture.GetJsonAsync(simulator, "/status");
            if (city.SinceStart.Elapsed >= progress)
            {
                var sent = status.GetProperty("kinds").TryGetProperty("dossier", out var d) ? d.GetProperty("items").GetInt64() : 0;
                output.WriteLine($"{city.SinceStart.Elapsed.TotalSeconds:0} s: {sent} dossier events sent, {Ranked(ranking)} communes ranked, load {File.ReadAllText("/proc/loadavg").Trim()}");
                progress += TimeSpan.FromSeconds(10);
            }
            // Trends, rankings and late dossiers exist (the last week is sent first) ...
            if (firstFigures is null && Ranked(ranking) >= 160 && await AnyLateAsync(reader, ranking))
            {
                firstFigures = city.SinceStart.Elapsed;
            }
            // ... and the month settles when the whole backfill is in (the figures are checked anyway 6 minutes after the start).
            return (LiveCityFixture.BackfillDone(status) && firstFigures is not null) || city.SinceStart.Elapsed > TimeSpan.FromMinutes(6);
        }, TimeSpan.FromMinutes(7), "figures and the whole backfill in", LiveCityFixture.Poll);
        var readyAfter = city.SinceStart.Elapsed;
        var final = await LiveCityFixture.GetJsonAsync(simulator, "/status");
        var figures = await LiveCityFixture.GetJsonAsync(reader, $"/api/query/v1/units/79/kpis?{period}");
        var counts = figures.GetProperty("counts");
        var received = counts.GetProperty("received").GetInt32();
        var onTime = counts.GetProperty("onTimeRate").GetDouble();
        var online = (double)counts.GetProperty("receivedOnline").GetInt32() / received;
        var rows = ranking.GetProperty("rows").EnumerateArray().Where(r => Value(r) is not null).ToList();
        var worst = rows[^1];
        var late = await LiveCityFixture.GetJsonAsync(reader, $"/api/query/v1/units/{worst.GetProperty("unit").GetString()}/late-dossiers");
        var index = await LiveCityFixture.GetJsonAsync(reader, "/api/query/v1/rankings?by=index766&among=communes");
        var scores = index.GetProperty("rows").EnumerateArray().Select(Value).OfType<double>().ToList();

        output.WriteLine($"healthy after {city.HealthyAfter.TotalSeconds:0.0} s; rankings and late dossiers after {firstFigures?.TotalSeconds:0.0} s; backfill in after {readyAfter.TotalSeconds:0.0} s; load {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine($"backfill: {final.GetProperty("backfillSeconds")} s, {final.GetProperty("backfillEvents")} events, {final.GetProperty("backfillBatches")} batches; sent {final.GetProperty("kinds")}");
        output.WriteLine($"city, month of {month:yyyy-MM}: received {received}, on time {onTime:P2}, online {online:P1}, late in progress {counts.GetProperty("inProgressLate")}, apology letters {counts.GetProperty("apologyLetters")}");
        output.WriteLine($"ranking: {rows.Count} ranked, best {Value(rows[0])!.Value:P1}, worst {worst.GetProperty("unit")} {Value(worst)!.Value:P1} with {late.GetProperty("total")} late in progress");
        output.WriteLine($"official 766: {scores.Count} communes, {scores.Min():0.0}-{scores.Max():0.0}, median {scores.Order().ElementAt(scores.Count / 2):0.0}");

        Assert.True(firstFigures - city.HealthyAfter < Budget, $"rankings and late dossiers {firstFigures?.TotalSeconds:0} s after start (healthy after {city.HealthyAfter.TotalSeconds:0} s)");
        Assert.InRange(onTime, 0.93, 0.98);
        Assert.InRange(online, 0.60, 0.70);
        Assert.True(received > 150 * 50 * 15, $"received {received}");
        Assert.True(Value(worst)!.Value < Value(rows[rows.Count / 2])!.Value - 0.05, "a few units are clearly worse");
        Assert.True(late.GetProperty("total").GetInt32() > 0, "the worst unit has late dossiers to list");
        Assert.True(scores.Count >= 160 && scores.Min() < 70 && scores.Order().ElementAt(scores.Count / 2) is > 78 and < 92, "official 766 scores");
    }

    private static async Task<bool> AnyLateAsync(HttpClient reader, JsonElement ranking)
    {
        var rows = ranking.GetProperty("rows").EnumerateArray().Where(r => Value(r) is not null).ToList();
        if (rows.Count == 0)
        {
            return false;
        }
        var late = await LiveCityFixture.GetJsonAsync(reader, $"/api/query/v1/units/{rows[^1].GetProperty("unit").GetString()}/late-dossiers");
        return late.GetProperty("total").GetInt32() > 0;
    }

    private static int Ranked(JsonElement ranking) => ranking.GetProperty("rows").EnumerateArray().Count(r => Value(r) is not null);

    // Null values are left out of the JSON.
    private static double? Value(JsonElement row) =>
        row.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

}
