using System.Text.RegularExpressions;
using OpsCenter.Domain.Health;

namespace OpsCenter.Aggregator.Tests.Live;

/// <summary>
/// The aggregator's own metrics are on its Prometheus <c>/metrics</c> page under the names the
/// alert rules (<c>dashboards/prometheus/alerts.yml</c>) and the Grafana dashboard use, so neither
/// can watch a name that no longer exists.
/// </summary>
[Collection(MetricsCollection.Name)]
public partial class MetricsTests(AggregatorApp app) : IClassFixture<AggregatorApp>
{
    [GeneratedRegex(@"opscenter_aggregator_[a-z_]+")]
    private static partial Regex AggregatorName();

    [Fact]
    public async Task EveryAggregatorMetricTheDashboardsUse_IsOnMetrics()
    {
        await app.AppendHealthAsync("26740", "civil-status", HealthStatus.Up);
        var root = RepositoryPaths.Root;
        // The alert rules and the Grafana dashboard.
        var files = new[] { Path.Combine(root, "dashboards", "prometheus", "alerts.yml"), Path.Combine(root, "dashboards", "grafana", "opscenter.json") };
        var used = files.SelectMany(f => AggregatorName().Matches(File.ReadAllText(f)).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "opscenter_aggregator_live_events_applied", "opscenter_aggregator_live_position", "opscenter_aggregator_embed_viewers" }, used);

        // prometheus-net attaches an instrument a moment after it is first used.
        using var client = app.CreateClient();
        await Eventually.MatchAsync(
            async () => string.Join(" / ", (await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken)).Split('\n').Where(l => l.Contains("opscenter", StringComparison.Ordinal))),
            page => used.All(name => page.Split(" / ").Any(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))),
            because: $"all of {string.Join(", ", used)} on /metrics with a count");
    }
}
