using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Simulator.City;

namespace OpsCenter.Simulator.Feeds;

/// <summary>
/// Sends every dossier-event unit's status changes: first the last <see cref="SimulatorOptions.BackfillDays"/>
/// days (closed five-minute windows, a few batches in flight), then each window as it closes.
/// </summary>
internal sealed partial class DossierFeed(
    DossierModel model,
    ScenarioEffects effects,
    BatchSender sender,
    SimulatorStatus status,
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<DossierFeed> logger) : BackgroundService
{
    private readonly List<DossierEventItem> _heldBack = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled || o.BackfillDays < 0)
        {
            return;
        }
        var seed = o.Seed;
        var started = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        var timeline = new DossierTimeline(model, model.Plan.DossierUnits, DossierTimeline.HorizonFor(now, o.BackfillDays));
        status.BackfillStartedAt = now;
        status.BackfillFrom = timeline.Horizon;
        timeline.Generate(now, effects.Desk);
        var windows = new List<(DateTimeOffset Start, List<DossierEventItem> Events)>();
        while (timeline.NextClosedWindow(now) is { } window)
        {
            windows.Add(window);
        }
        LogBackfillGenerated(timeline.DossiersGenerated, windows.Sum(w => w.Events.Count), windows.Count, started.Elapsed.TotalSeconds);

        // The last week first, so this week's figures, rankings and late dossiers show early; then
        // the older weeks. Oldest first within each part, a few batches in flight.
        var recent = now.AddDays(-o.RecentDaysFirst);
        var ordered = windows.Where(w => w.Events.Count > 0 && w.Start >= recent)
            .Concat(windows.Where(w => w.Events.Count > 0 && w.Start < recent));
        var events = 0;
        var batches = 0;
        await Parallel.ForEachAsync(ordered,
            new ParallelOptions { MaxDegreeOfParallelism = o.BackfillConcurrency, CancellationToken = stoppingToken },
            async (window, ct) =>
            {
                await SendWindowAsync(seed, window.Start, window.Events, ct);
                Interlocked.Add(ref events, window.Events.Count);
                Interlocked.Add(ref batches, (window.Events.Count + BatchSender.MaxItems - 1) / BatchSender.MaxItems);
            });
        status.BackfillEvents = events;
        status.BackfillBatches = batches;
        status.BackfillFinishedAt = time.GetUtcNow();
        LogBackfillDone(events, batches, started.Elapsed.TotalSeconds);

        using var timer = new PeriodicTimer(o.DossierTick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            now = time.GetUtcNow();
            timeline.Generate(now, effects.Desk, (unit, from, to) => effects.Bursts(model, unit, from, to));
            // Scenario extras go out as they fall due, each tick, not when their window closes.
            var extras = timeline.TakeDueExtras(now);
            if (extras.Count > 0)
            {
                try
                {
                    await SendAsync(seed, "extra-" + now.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture), extras, stoppingToken);
                }
                catch (HttpRequestException e)
                {
                    LogExtrasFailed(extras.Count, e.Message);
                }
            }
            while (timeline.NextClosedWindow(now) is { } window)
            {
                try
                {
                    await SendWindowAsync(seed, window.Start, window.Events, stoppingToken);
                }
                catch (HttpRequestException e)
                {
                    // Given up after retries: the window is lost, as a source's unsent sync would be.
                    LogWindowFailed(window.Start, e.Message);
                }
            }
        }
    }

    private Task SendWindowAsync(int seed, DateTimeOffset start, List<DossierEventItem> events, CancellationToken cancellationToken) =>
        SendAsync(seed, start.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture), events, cancellationToken);

    private async Task SendAsync(int seed, string name, List<DossierEventItem> events, CancellationToken cancellationToken)
    {
        // A silent ward's events wait until it speaks again, as a one-stop system syncs after an outage.
        var send = events;
        if (effects.State.IsOn(ScenarioNames.SilentWard) || _heldBack.Count > 0)
        {
            lock (_heldBack)
            {
                send = [.. _heldBack.Where(e => !effects.IsSilent(e.Unit!)), .. events.Where(e => !effects.IsSilent(e.Unit!))];
                var keep = _heldBack.Concat(events).Where(e => effects.IsSilent(e.Unit!)).ToList();
                _heldBack.Clear();
                _heldBack.AddRange(keep);
            }
        }
        if (send.Count > 0)
        {
            await sender.SendAsync(seed, DataKinds.Dossier, name, send, cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Information, "Backfill: {Dossiers} dossiers generated, {Events} events in {Windows} windows to send ({Seconds:0.0} s)")]
    private partial void LogBackfillGenerated(int dossiers, int events, int windows, double seconds);

    [LoggerMessage(LogLevel.Information, "Backfill done: {Events} dossier events in {Batches} batches, {Seconds:0.0} s after start")]
    private partial void LogBackfillDone(int events, int batches, double seconds);

    [LoggerMessage(LogLevel.Warning, "{Events} scenario dossier events were not delivered: {Reason}")]
    private partial void LogExtrasFailed(int events, string reason);

    [LoggerMessage(LogLevel.Warning, "Dossier window {Start} was not delivered: {Reason}")]
    private partial void LogWindowFailed(DateTimeOffset start, string reason);
}
