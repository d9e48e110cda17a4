using Microsoft.Extensions.Options;
using OpsCenter.Domain.Alerts;
using OpsCenter.Storage.Alerts;

namespace OpsCenter.Collector.Alerts;

/// <summary>
/// At start: writes the shared live-from instant if it is not there yet, and, when the store has no
/// rule set, imports every <c>*.json</c> rule-set file of <c>Alerts:RulesFolder</c> (rules of all
/// files merged, in file-name order). A bad file is logged and skipped; nothing here stops the start.
/// </summary>
internal sealed class AlertsSeeder(AlertStore alerts, IOptions<AlertsOptions> options, IHostEnvironment environment, TimeProvider time,
    ILogger<AlertsSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var liveFrom = await alerts.EnsureLiveFromAsync(time.GetUtcNow(), cancellationToken);
            logger.LogInformation("Alerts are live from {LiveFrom:O}", liveFrom);
            if (string.IsNullOrWhiteSpace(options.Value.RulesFolder) || await alerts.GetRulesAsync(cancellationToken) is not null)
            {
                return;
            }
            var folder = Path.GetFullPath(options.Value.RulesFolder, environment.ContentRootPath);
            if (!Directory.Exists(folder))
            {
                logger.LogWarning("Alerts:RulesFolder {Folder} does not exist: no alert rules imported", folder);
                return;
            }
            var rules = new List<AlertRule>();
            foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                var parse = AlertRuleSet.Parse(await File.ReadAllTextAsync(file, cancellationToken));
                var clash = parse.Rules.Where(r => rules.Any(known => known.Id == r.Id)).Select(r => r.Id).ToList();
                if (!parse.IsValid || clash.Count > 0)
                {
                    logger.LogWarning("Alert rule file {File} skipped: {Errors}", file,
                        string.Join("; ", [.. parse.Errors, .. clash.Select(id => $"id '{id}' is already in an earlier file")]));
                    continue;
                }
                rules.AddRange(parse.Rules);
            }
            if (rules.Count == 0)
            {
                // Nothing good to import: stay without a set, so a fixed file is imported at the next start.
                return;
            }
            await alerts.SaveRulesAsync(AlertRuleSet.Serialize(rules), [.. rules.Select(r => r.Id)], "configuration", cancellationToken);
            logger.LogInformation("Imported {Count} alert rules from {Folder}", rules.Count, folder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Alert live-from or rule import failed at start; the collector runs on");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
