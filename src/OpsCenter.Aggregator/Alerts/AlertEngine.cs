using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsCenter.Aggregator.Changes;
using OpsCenter.Aggregator.Health;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Aggregator.Live;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Domain.Alerts;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Outbox;

namespace OpsCenter.Aggregator.Alerts;

/// <summary>
/// Evaluates the alert rules against the live state and asks the collector to write the transitions
/// (docs/DECISIONS.md, "Alerts, part 2"). Once the live state has caught up with the log it ticks
/// every <see cref="AlertOptions.TickInterval"/>: reads the rule set and live-from from the store
/// (at most every 10 s; an invalid set keeps the last good one), reconciles its evaluator state
/// with the log's <see cref="AlertBook"/>, builds the observations, runs the pure
/// <see cref="AlertEvaluator"/> and posts what changed, in order. Transitions the collector has not
/// taken stay queued (at most <see cref="PendingKept"/>) and go again at the next tick.
/// </summary>
public sealed partial class AlertEngine(
    LiveState state,
    KpiState kpis,
    ChangeFeed changes,
    MaintenanceBook maintenanceBook,
    ScopeMembers scopes,
    AdminStore admin,
    OutboxStore outbox,
    IEventLog log,
    IHttpClientFactory http,
    IOptionsMonitor<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertEngine> logger) : BackgroundService
{
    public const string ClientName = "alerts-collector";
    public const string TransitionsPath = "/api/admin/v1/alerts/transitions";
    public const string RulesSetting = "alerts.rules";
    public const string LiveFromSetting = "alerts.live-from";
    public const int PendingKept = 10_000;
    public const int FailuresUntilUnhealthy = 3;

    /// <summary>OpsCenter's own components as the rules name them.</summary>
    public const string CollectorComponent = "collector";
    public const string MailComponent = "mail";
    public const string AggregatorComponent = "aggregator";

    private const int PostChunk = 500;
    private static readonly TimeSpan SettingsRefresh = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HealthRefresh = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<AlertTransitionEntry> _pending = [];
    private readonly HashSet<string> _resolvedHere = new(StringComparer.Ordinal);
    private AlertEvaluatorState _state = AlertEvaluatorState.Empty;
    private IReadOnlyList<AlertRule> _rules = [];
    private bool _rulesRead;
    private string? _rulesText;
    private DateTimeOffset? _settingsReadAt;
    private DateTimeOffset? _storedLiveFrom;
    private DateTimeOffset? _caughtUpAt;
    private int _failures;
    private DateTimeOffset? _failingSince;
    private DateTimeOffset? _healthReadAt;
    private DateTimeOffset? _mailFailingSince;
    private long _tailTarget;
    private DateTimeOffset? _tailBehindSince;

    /// <summary>The instant nothing fires before: the store's <c>alerts.live-from</c>, else this engine's first tick after the catch-up.</summary>
    public DateTimeOffset? LiveFrom => _storedLiveFrom ?? _caughtUpAt;

    /// <summary>Transitions not yet taken by the collector (a copy).</summary>
    public IReadOnlyList<AlertTransitionEntry> Pending
    {
        get
        {
            _gate.Wait();
            try
            {
                return [.. _pending];
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.CurrentValue.WriterKey))
        {
            LogDisabled();
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.TickInterval, time, stoppingToken);
                await TickAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogTickFailed(e);
            }
        }
    }

    /// <summary>
    /// One evaluation at <paramref name="now"/>; returns the transitions it made (already queued and,
    /// when the collector took them, posted). Nothing happens until the live state has caught up.
    /// </summary>
    public async Task<IReadOnlyList<AlertTransitionEntry>> TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!changes.Live)
            {
                return [];
            }
            _caughtUpAt ??= now;
            await RefreshSettingsAsync(now, cancellationToken);
            await RefreshHealthAsync(now, cancellationToken);
            if (!_rulesRead)
            {
                return []; // never judge with no rules because the store did not answer: it would resolve every alert
            }
            Reconcile(now);
            var maintenance = maintenanceBook.All.Select(w => new Domain.Alerts.MaintenanceWindow(w.Unit, w.System, w.StartsAt, w.EndsAt)).ToList();
            var evaluator = new AlertEvaluator(new AlertEvaluatorOptions(LiveFrom!.Value, options.CurrentValue.GroupWait));
            var evaluation = evaluator.Evaluate(_rules, Observe(now), maintenance, now, _state);
            _state = evaluation.State;
            var rules = _rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
            var entries = evaluation.Transitions.Select(t => Entry(t, rules)).ToList();
            Enqueue(entries);
            await PostAsync(now, cancellationToken);
            return entries;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RefreshSettingsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_settingsReadAt is { } read && now - read < SettingsRefresh && now >= read)
        {
            return;
        }
        try
        {
            var rules = await admin.GetSettingAsync(RulesSetting, cancellationToken);
            if (rules is null)
            {
                (_rules, _rulesText) = ([], null);
            }
            else if (rules != _rulesText)
            {
                var parsed = AlertRuleSet.Parse(rules);
                if (parsed.IsValid)
                {
                    _rules = parsed.Rules;
                    LogRulesRead(_rules.Count);
                }
                else
                {
                    LogRulesInvalid(string.Join("; ", parsed.Errors), _rules.Count);
                }
                _rulesText = rules;
            }
            _rulesRead = true;
            if (_storedLiveFrom is null && await admin.GetSettingAsync(LiveFromSetting, cancellationToken) is { } liveFrom)
            {
                try
                {
                    _storedLiveFrom = JsonSerializer.Deserialize<DateTimeOffset>(liveFrom, WireJson.Options);
                }
                catch (JsonException e)
                {
                    LogLiveFromInvalid(e, liveFrom);
                }
            }
            _settingsReadAt = now;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSettingsFailed(e);
        }
    }

    // The mail outbox (given-up rows) and the tail (has it applied what the log held at the last check?), every 30 s.
    private async Task RefreshHealthAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_healthReadAt is { } read && now - read < HealthRefresh && now >= read)
        {
            return;
        }
        try
        {
            var counts = await outbox.CountsAsync(cancellationToken);
            _mailFailingSince = counts.GivenUp > 0 ? _mailFailingSince ?? now : null;
            var last = await log.LastPositionAsync(cancellationToken);
            _tailBehindSince = state.Position < _tailTarget ? _tailBehindSince ?? _healthReadAt ?? now : null;
            _tailTarget = last;
            _healthReadAt = now;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogHealthFailed(e);
        }
    }

    /// <summary>
    /// The log has the last word: an alert it says resolved (by a person, or by another replica) leaves
    /// the evaluator, and a condition still holding starts a new hold now; an open alert of the log the
    /// evaluator does not know (a restart, another replica's) is resumed, so its units join it.
    /// </summary>
    private void Reconcile(DateTimeOffset now)
    {
        var book = state.Alerts.All().ToDictionary(a => a.Key, StringComparer.Ordinal);
        var alerts = _state.Alerts;
        var conditions = _state.Conditions;
        foreach (var (group, alert) in _state.Alerts)
        {
            if (book.TryGetValue(alert.Key, out var logged) && logged.State == AlertStates.Resolved)
            {
                alerts = alerts.Remove(group);
                foreach (var (key, track) in _state.Conditions.Where(c => c.Key.RuleId == group.RuleId && c.Key.Cause == group.Cause))
                {
                    conditions = track.ClearSince is null ? conditions.SetItem(key, new ConditionTrack(now)) : conditions.Remove(key);
                }
            }
        }
        // Resolved here, not yet in the log: not to be resumed meanwhile (kept until the log has it; bounded like the queue).
        _resolvedHere.RemoveWhere(k => book.TryGetValue(k, out var logged) && logged.State == AlertStates.Resolved);
        if (_resolvedHere.Count > PendingKept)
        {
            _resolvedHere.Clear();
        }
        foreach (var logged in book.Values.Where(a => a.State != AlertStates.Resolved).OrderBy(a => a.Position))
        {
            var group = new AlertGroupKey(logged.RuleId, logged.Cause);
            if (!alerts.ContainsKey(group) && !_resolvedHere.Contains(logged.Key))
            {
                // OpsCenter's own alerts list no unit: their condition's unit is the center's.
                IReadOnlyList<string> units = logged.Units.Count > 0 ? logged.Units : [AlertConditions.CenterUnit];
                alerts = alerts.Add(group, new ActiveAlert(logged.Key, logged.RuleId, logged.Cause, logged.Onset, units.ToImmutableSortedSet(StringComparer.Ordinal)));
            }
        }
        _state = _state with { Alerts = alerts, Conditions = conditions };
    }

    private AlertObservations Observe(DateTimeOffset now)
    {
        var (systems, sources, incidents) = state.ObserveForAlerts(now);
        // A source is not judged silent for longer than this engine has listened: after a restart (the center
        // down for a while) every source's last report is old until its next one, and 168 wards would "fall silent" at once.
        if (_caughtUpAt is { } listening)
        {
            sources = [.. sources.Select(s => s.LastSeen is { } seen && seen < listening ? s with { LastSeen = listening } : s)];
        }
        var figures = kpis.AlertFigures(scopes.CityUnits.Select(u => u.Code), now);
        var collectorDown = _failures >= FailuresUntilUnhealthy;
        ComponentHealth[] components =
        [
            new(CollectorComponent, !collectorDown, collectorDown ? _failingSince : null),
            new(MailComponent, _mailFailingSince is null, _mailFailingSince),
            new(AggregatorComponent, _tailBehindSince is null, _tailBehindSince),
        ];
        return new AlertObservations(systems, sources, figures, incidents, components);
    }

    private AlertTransitionEntry Entry(AlertTransition transition, Dictionary<string, AlertRule> rules)
    {
        switch (transition)
        {
            case AlertFired f:
                var rule = rules[f.RuleId];
                return new AlertTransitionEntry(Fired: new AlertFiredEvent(f.AlertKey, f.RuleId, rule.Name, rule.NameEn, f.Cause, f.Units, f.Onset, f.At,
                    Level(f.Severity), f.Text, f.TextEn));
            case AlertUpdated u:
                return new AlertTransitionEntry(Updated: new AlertUpdatedEvent(u.AlertKey, u.Units, u.At));
            case AlertResolved r:
                _resolvedHere.Add(r.AlertKey);
                return new AlertTransitionEntry(Resolved: new AlertResolvedEvent(r.AlertKey, r.Reason, r.At));
            default:
                throw new InvalidOperationException($"Unknown transition {transition.GetType().Name}.");
        }
    }

    private static AlertLevel Level(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => AlertLevel.Critical,
        AlertSeverity.Warning => AlertLevel.Warning,
        _ => AlertLevel.Info,
    };

    private void Enqueue(List<AlertTransitionEntry> entries)
    {
        _pending.AddRange(entries);
        if (_pending.Count > PendingKept)
        {
            var dropped = _pending.Count - PendingKept;
            _pending.RemoveRange(0, dropped);
            LogDropped(dropped, PendingKept);
        }
    }

    /// <summary>Posts the queue in order, in chunks; stops at the first failure and keeps the rest for the next tick.</summary>
    private async Task PostAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (_pending.Count > 0)
        {
            var chunk = _pending.Take(PostChunk).ToList();
            string? problem;
            try
            {
                var client = http.CreateClient(ClientName);
                using var request = new HttpRequestMessage(HttpMethod.Post, TransitionsPath)
                {
                    Content = JsonContent.Create(new AlertTransitionBatch(chunk), options: WireJson.Options),
                };
                request.Headers.Authorization = new("Bearer", options.CurrentValue.WriterKey);
                using var response = await client.SendAsync(request, cancellationToken);
                problem = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                problem = e.Message;
            }
            if (problem is not null)
            {
                _failures++;
                _failingSince ??= now;
                LogPostFailed(_failures, _pending.Count, problem);
                return;
            }
            _pending.RemoveRange(0, chunk.Count);
            if (_failures > 0)
            {
                LogPostRecovered(_failures);
            }
            (_failures, _failingSince) = (0, null);
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Information, "Alerts:WriterKey is not set: the alert engine does not run (no alerts are evaluated or written)")]
    private partial void LogDisabled();

    [LoggerMessage(LogLevel.Error, "An alert evaluation tick failed")]
    private partial void LogTickFailed(Exception exception);

    [LoggerMessage(LogLevel.Information, "Alert rules read from the store: {Count} rules")]
    private partial void LogRulesRead(int count);

    [LoggerMessage(LogLevel.Error, "The stored alert rule set is invalid and is not used; the last good set ({Count} rules) stays: {Errors}")]
    private partial void LogRulesInvalid(string errors, int count);

    [LoggerMessage(LogLevel.Warning, "The stored alerts.live-from {Value} is not a JSON instant; this engine's own catch-up time is used")]
    private partial void LogLiveFromInvalid(Exception exception, string value);

    [LoggerMessage(LogLevel.Warning, "Reading the alert settings from the store failed; the last ones stay")]
    private partial void LogSettingsFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Reading the outbox or the log position for OpsCenter's own health failed")]
    private partial void LogHealthFailed(Exception exception);

    [LoggerMessage(LogLevel.Error, "{Dropped} alert transitions were never taken by the collector and are dropped (at most {Kept} are kept)")]
    private partial void LogDropped(int dropped, int kept);

    [LoggerMessage(LogLevel.Warning, "Posting alert transitions to the collector failed ({Failures} in a row, {Pending} pending): {Problem}")]
    private partial void LogPostFailed(int failures, int pending, string problem);

    [LoggerMessage(LogLevel.Information, "The collector takes alert transitions again after {Failures} failed posts")]
    private partial void LogPostRecovered(int failures);
}
