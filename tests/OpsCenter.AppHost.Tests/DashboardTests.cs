using System.Diagnostics;
using System.Text.Json;

namespace OpsCenter.AppHost.Tests;

/// <summary>
/// The operations artefacts in <c>dashboards/</c> are checked by the tools that will read them:
/// Prometheus's own <c>promtool</c> validates the scrape configuration and the alert rules and runs
/// the rules' unit tests (<c>alerts.test.yml</c>: each alert fires when it should and not before);
/// the Grafana dashboard is checked for what an import needs. The test command installs promtool
/// (Debian package <c>prometheus</c>); without it these tests fail, they are not skipped.
/// </summary>
public class DashboardTests
{
    private static readonly string Prometheus = Path.Combine(RepositoryPaths.Root, "dashboards", "prometheus");

    private static async Task<string> PromtoolAsync(params string[] args)
    {
        var start = new ProcessStartInfo("promtool") { WorkingDirectory = Prometheus, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("promtool is not installed: run `bash tests/run-tests.sh` (it installs the Debian package `prometheus`) or `apt-get install prometheus`.", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            var text = await output + await errors;
            Assert.True(process.ExitCode == 0, $"promtool {string.Join(' ', args)} failed ({process.ExitCode}):\n{text}");
            return text;
        }
    }

    [Fact]
    public async Task ScrapeConfigurationAndAlertRules_AreValid()
    {
        Assert.Contains("SUCCESS", await PromtoolAsync("check", "config", "prometheus.yml"), StringComparison.Ordinal);
        Assert.Contains("SUCCESS: 9 rules found", await PromtoolAsync("check", "rules", "alerts.yml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertRules_FireWhenTheyShould_AndNotBefore()
    {
        Assert.Contains("SUCCESS", await PromtoolAsync("test", "rules", "alerts.test.yml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrafanaDashboard_HasWhatAnImportNeeds_AndItsQueriesParse()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "dashboards", "grafana", "opscenter.json")));
        var root = dashboard.RootElement;
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("uid").GetString()));
        Assert.Contains("datasource", root.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(panels, panel =>
        {
            var grid = panel.GetProperty("gridPos");
            Assert.InRange(grid.GetProperty("x").GetInt32() + grid.GetProperty("w").GetInt32(), 1, 24);
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.Contains(" / ", panel.GetProperty("title").GetString(), StringComparison.Ordinal); // Vietnamese / English
            Assert.All(panel.GetProperty("targets").EnumerateArray(), t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString())));
        });

        // Every query is PromQL that Prometheus parses: promtool checks them as recording rules.
        var queries = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!)).ToList();
        var rules = Path.Combine(Path.GetTempPath(), $"opscenter-grafana-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(rules, "groups:\n  - name: grafana\n    rules:\n"
            + string.Concat(queries.Select((q, i) => $"      - record: grafana_query_{i}\n        expr: {JsonSerializer.Serialize(q)}\n")), TestContext.Current.CancellationToken);
        try
        {
            Assert.Contains($"SUCCESS: {queries.Count} rules found", await PromtoolAsync("check", "rules", rules), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(rules);
        }
    }
}
