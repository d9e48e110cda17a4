using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace OpsCenter.Collector.Tests.Ingest;

/// <summary>
/// What the collector took in shows on its Prometheus <c>/metrics</c> page under the names the
/// alert rules in <c>dashboards/prometheus</c> use: batches by kind and outcome, items by kind.
/// </summary>
public partial class IngestMetricsTests(CollectorApp app) : IClassFixture<CollectorApp>
{
    private const string Batches = "opscenter_collector_ingest_batches";
    private const string Items = "opscenter_collector_ingest_items";

    private static readonly string Sample =
        $$"""{ "unit": "{{CollectorApp.WardUnit}}", "system": "civil-status", "status": "up", "checkedAt": "{{DateTimeOffset.UtcNow:O}}" }""";

    private async Task<double> ValueAsync(string metric, params (string Name, string Value)[] labels)
    {
        var page = await app.CreateClient().GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var line = page.Split('\n').FirstOrDefault(l => l.StartsWith(metric + "{", StringComparison.Ordinal)
            && labels.All(x => l.Contains($"{x.Name}=\"{x.Value}\"", StringComparison.Ordinal)));
        return line is null ? 0 : double.Parse(Value().Match(line).Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\S+$")]
    private static partial Regex Value();

    [GeneratedRegex(@"opscenter_collector_[a-z_]+")]
    private static partial Regex CollectorName();

    [Fact]
    public void TheDashboards_UseOnlyTheCollectorsNames()
    {
        var used = new[] { Path.Combine("prometheus", "alerts.yml"), Path.Combine("grafana", "opscenter.json") }
            .SelectMany(f => CollectorName().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "dashboards", f))).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(new HashSet<string>(StringComparer.Ordinal) { Batches, Items }, used);
    }

    [Fact]
    public async Task StoredReplayedAndRefusedBatches_AreCountedByKindAndOutcome()
    {
        var stored = await ValueAsync(Batches, ("kind", "health"), ("outcome", "stored"));
        var replayed = await ValueAsync(Batches, ("kind", "health"), ("outcome", "replayed"));
        var invalid = await ValueAsync(Batches, ("kind", "health"), ("outcome", "invalid"));
        var items = await ValueAsync(Items, ("kind", "health"));

        var key = Guid.NewGuid().ToString();
        using (var first = await app.PostAsync("/api/ingest/v1/health", IngestClient.Batch(Sample, Sample), CollectorApp.WardKey, key))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using (var again = await app.PostAsync("/api/ingest/v1/health", IngestClient.Batch(Sample, Sample), CollectorApp.WardKey, key))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        using (var bad = await app.PostAsync("/api/ingest/v1/health", IngestClient.Batch("""{ "unit": "26740" }"""), CollectorApp.WardKey))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        // prometheus-net attaches an instrument a moment after it is first created; other tests of
        // this process may post health batches too (one registry per process): at least these.
        await Eventually.MatchAsync(
            async () => (
                Stored: await ValueAsync(Batches, ("kind", "health"), ("outcome", "stored")),
                Replayed: await ValueAsync(Batches, ("kind", "health"), ("outcome", "replayed")),
                Invalid: await ValueAsync(Batches, ("kind", "health"), ("outcome", "invalid")),
                Items: await ValueAsync(Items, ("kind", "health"))),
            now => now.Stored >= stored + 1 && now.Replayed >= replayed + 1 && now.Invalid >= invalid + 1 && now.Items >= items + 2,
            because: $"metrics counted (before: {stored}, {replayed}, {invalid}, {items})");
    }
}
