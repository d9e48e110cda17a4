using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using OpsCenter.Benchmarks.Live;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;

namespace OpsCenter.Benchmarks.Alerts;

/// <summary>
/// Issue 14: from the moment an alert rule's condition holds to the mail accepted by the local SMTP
/// server. The real collector and aggregator (own processes, fresh SQLite store, as live-latency),
/// smtp4dev started here, one operator with an e-mail (one alert = one mail), one rule: system down,
/// hold 0, scope all, clear 0. Health samples go in at <c>--rate</c> (1,000/s) in the simulator's
/// shape; 1% of them turn a (ward, system) down that was up. A rule's cause is the system, so downs of
/// one system group into one alert: the run takes the systems down in turn, one phase every
/// <c>--spacing</c> seconds, each phase's 1% downs landing on one system's wards, and a system comes
/// back before its next turn, so each phase is its own alert whose onset is known (its first down's
/// check time). Latency = the fired mail's received date in smtp4dev - (onset + hold) - grouping wait.
/// Then the storm: all 168 wards' civil-status down in one POST: how many alerts and mails, and the
/// time to the last mail accepted, minus the grouping wait. The ceiling: a bare MailKit send
/// (connect, send, quit, as the mailer does per batch) to the same smtp4dev.
/// </summary>
internal static class AlertMailBenchmark
{
    private const string RuleId = "bench-system-down";
    private const string AdminKey = "bench-admin-key-0123456789abcdef";
    private const string WriterKey = "bench-alert-writer-key-0123456789abcdef";
    private const string Operator = "truc-ban";
    private const string Recipient = "truc-ban@alerts.test";
    private const string StormSystem = "civil-status";
    private static readonly string[] Units = [.. UnitCatalog.LoadHcmc().CommuneLevel.Select(u => u.Code)];
    private static readonly string[] Systems = [.. SystemCatalog.Standard.Select(s => s.Code)];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = Args.Parse(args);
        var groupWait = TimeSpan.FromSeconds(options.Int("group-wait", 2));
        var count = options.Int("alerts", 40);
        var rate = options.Int("rate", 1000);
        var batch = options.Int("batch", 10);
        var warmup = options.Int("warmup", 10);
        var spacing = TimeSpan.FromSeconds(options.Int("spacing", Math.Max(4, (int)Math.Ceiling((groupWait.TotalSeconds + 16) / Systems.Length))));
        var tick = options.String("tick", null);
        // Down long enough to fire at the first tick after onset + wait (ticks of up to 5 s), then back up.
        var downFor = groupWait + TimeSpan.FromSeconds(options.Int("down-extra", 8));
        var storm = options.String("storm", "true") == "true";
        var bareSends = options.Int("bare", 50);
        var output = options.String("output", null);

        var report = new StringBuilder();
        void Say(string line)
        {
            Console.WriteLine(line);
            report.AppendLine(line);
        }
        Say(FormattableString.Invariant($"## alerts, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, grouping wait {groupWait.TotalSeconds:0} s"));
        Say($"machine: {Machine.Describe()} (before)");
        Say(FormattableString.Invariant(
            $"settings: {rate} health samples/s in batches of {batch} over {Units.Length} wards x {Systems.Length} systems, 1% turning a (ward, system) down; {count} alerts, one every {spacing.TotalSeconds:0} s, systems in turn, each down {downFor.TotalSeconds:0} s; tick {tick ?? "the default (Alerts:TickInterval)"}; storm {storm}"));

        await using var smtp = await Smtp4dev.StartAsync();
        var (bareSend, bareAccept) = await BareAsync(smtp, bareSends);
        Say(FormattableString.Invariant(
            $"ceiling, bare MailKit to smtp4dev ({bareSends} mails, one connection each): connect+send+quit p50 {Pct(bareSend, 0.5):N1} ms, p99 {Pct(bareSend, 0.99):N1} ms; start -> received date p50 {Pct(bareAccept, 0.5):N1} ms, p99 {Pct(bareAccept, 0.99):N1} ms"));

        var folder = Directory.CreateTempSubdirectory("opscenter-alert-bench.").FullName;
        var rules = Directory.CreateDirectory(Path.Combine(folder, "rules")).FullName;
        var store = Directory.CreateDirectory(Path.Combine(folder, "store")).FullName;
        await File.WriteAllTextAsync(Path.Combine(rules, "bench.json"), $$"""
            { "rules": [ { "id": "{{RuleId}}", "name": "Hệ thống ngừng", "nameEn": "System down", "kind": "systemDown",
              "severity": "critical", "scope": { "kind": "all" }, "holdMinutes": 0, "clearMinutes": 0 } ] }
            """);
        ServerProcess? collector = null;
        ServerProcess? aggregator = null;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["Store__DataPath"] = store,
                ["Collector__SeedSources__0__Id"] = "bench",
                ["Collector__SeedSources__0__Name"] = "bench",
                ["Collector__SeedSources__0__Key"] = IngestBenchmark.Key,
                ["Collector__SeedSources__0__ExpectedInterval"] = "00:01:00",
                ["Collector__SeedSources__0__Kinds__0"] = DataKinds.Health,
                ["Collector__RateLimit__RequestsPerSecond"] = "100000",
                ["Collector__RateLimit__Burst"] = "100000",
                ["Collector__Admin__Keys__0__Name"] = "operator",
                ["Collector__Admin__Keys__0__Key"] = AdminKey,
                ["Collector__Admin__Keys__1__Name"] = "aggregator",
                ["Collector__Admin__Keys__1__Key"] = WriterKey,
                ["Collector__Admin__Keys__1__Role"] = "alert-writer",
                ["Alerts__RulesFolder"] = rules,
                ["Alerts__Smtp__Host"] = "127.0.0.1",
                ["Alerts__Smtp__Port"] = smtp.SmtpPort.ToString(CultureInfo.InvariantCulture),
            };
            collector = await ServerProcess.StartAsync(LiveServers.Dll("OpsCenter.Collector"), [], environment);
            using var admin = new HttpClient { BaseAddress = collector.Url };
            admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
            using (var created = await admin.PutAsJsonAsync($"/api/admin/v1/people/{Operator}",
                new { displayName = "Trực ban", role = "operator", password = "mat-khau-truc-ban-2026", email = Recipient }))
            {
                if (created.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"creating the operator: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
                }
            }
            var aggregatorSettings = new Dictionary<string, string>
            {
                ["Alerts__WriterKey"] = WriterKey,
                ["Alerts__CollectorUrl"] = collector.Url.ToString(),
                ["Alerts__GroupWait"] = groupWait.ToString("c", CultureInfo.InvariantCulture),
            };
            if (tick is not null)
            {
                aggregatorSettings["Alerts__TickInterval"] = tick;
            }
            aggregator = await LiveServers.StartAggregatorOnAsync(store, aggregatorSettings);

            var scenario = new Scenario();
            using var poster = new HealthPoster(collector.Url);
            using var stop = new CancellationTokenSource();
            var load = Task.Run(() => LoadAsync(poster, scenario, rate, batch, stop.Token));
            await Task.Delay(TimeSpan.FromSeconds(warmup));

            // The latency phases.
            var started = Stopwatch.GetTimestamp();
            var phases = new List<Phase>();
            for (var k = 0; k < count; k++)
            {
                var due = started + (long)(k * spacing.TotalSeconds * Stopwatch.Frequency);
                while (Stopwatch.GetTimestamp() < due)
                {
                    scenario.Release(downFor);
                    await Task.Delay(20);
                }
                var order = Units.Select((_, i) => i).OrderBy(_ => Random.Shared.Next()).ToArray();
                var phase = new Phase(k, Array.IndexOf(Systems, Systems[k % Systems.Length]), order);
                phases.Add(phase);
                scenario.Begin(phase);
            }
            var last = Stopwatch.GetTimestamp() + (long)(spacing.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < last)
            {
                scenario.Release(downFor);
                await Task.Delay(20);
            }
            scenario.Begin(null);
            while (!scenario.AllReleased)
            {
                scenario.Release(downFor);
                await Task.Delay(20);
            }
            // Every alert resolved and its resolved mail out: a tick (5 s), the mailer, margin.
            await Task.Delay(TimeSpan.FromSeconds(15));

            // The storm: all wards' civil-status down in one POST.
            Phase? stormPhase = null;
            List<int> stormListed = [];
            if (storm)
            {
                var system = Array.IndexOf(Systems, StormSystem);
                stormPhase = new Phase(-1, system, [.. Enumerable.Range(0, Units.Length)]);
                var at = scenario.DownAll(stormPhase);
                var (ok, error) = await poster.PostAsync([.. Units.Select(u => new HealthSample
                {
                    Unit = u, System = StormSystem, Status = HealthStatus.Down, LatencyMs = 0, CheckedAt = at, Detail = "HTTP 503 from upstream",
                })]);
                if (!ok)
                {
                    Say($"storm POST failed: {error}");
                }
                // Down until its mail is in (or the grouping wait + 30 s), then back up and resolved.
                var deadline = Stopwatch.GetTimestamp() + (long)((groupWait.TotalSeconds + 30) * Stopwatch.Frequency);
                while (Stopwatch.GetTimestamp() < deadline
                    && !(await smtp.MessagesAsync()).Any(m => m.ReceivedAt > at && !m.Subject.Contains("Resolved:", StringComparison.Ordinal)))
                {
                    await Task.Delay(250);
                }
                // The wards it lists while firing (once all are down the list stops changing; coming back up, they leave one tick at a time).
                await Task.Delay(TimeSpan.FromSeconds(3));
                using var open = new HttpClient { BaseAddress = aggregator.Url };
                open.DefaultRequestHeaders.Authorization = new("Bearer", LiveServers.ReaderKey);
                var firing = await open.GetFromJsonAsync<JsonElement>("/api/query/v1/alerts?state=open&limit=500");
                stormListed = [.. firing.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("cause").GetString() == StormSystem)
                    .Select(a => a.GetProperty("units").GetArrayLength())];
                scenario.Release(TimeSpan.Zero);
                await Task.Delay(TimeSpan.FromSeconds(15));
            }
            await stop.CancelAsync();
            var (posted, errors, firstError) = await load;
            Say(FormattableString.Invariant(
                $"load: {posted:N0} samples posted, {scenario.DuringPhases:N0} of them while the latency phases ran, {scenario.TurnedDown:N0} of those turning a system down ({100.0 * scenario.TurnedDown / Math.Max(1, scenario.DuringPhases):N2}%; the storm's 168 apart), {errors} failed POSTs{(firstError is null ? "" : ": " + firstError)}"));

            // What came out: the mails and the aggregator's alerts (onset, fired at, units).
            var mails = (await smtp.MessagesAsync()).Where(m => m.To.Any(t => t.Contains(Recipient, StringComparison.OrdinalIgnoreCase))).ToList();
            var fired = new List<(InboxMail Mail, string Key)>();
            var resolvedMails = 0;
            foreach (var mail in mails)
            {
                if (mail.Subject.Contains("Resolved:", StringComparison.Ordinal))
                {
                    resolvedMails++;
                    continue;
                }
                fired.Add((mail, (await smtp.DetailAsync(mail.Id)).Headers["X-OpsCenter-Alert"].FirstOrDefault() ?? ""));
            }
            using var reader = new HttpClient { BaseAddress = aggregator.Url };
            reader.DefaultRequestHeaders.Authorization = new("Bearer", LiveServers.ReaderKey);
            var list = await reader.GetFromJsonAsync<JsonElement>("/api/query/v1/alerts?state=all&limit=500");
            var alerts = list.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("ruleId").GetString() == RuleId).Select(a => new AlertSeen(
                a.GetProperty("key").GetString()!, a.GetProperty("cause").GetString()!, a.GetProperty("onset").GetDateTimeOffset(),
                a.GetProperty("firedAt").GetDateTimeOffset(), a.GetProperty("units").GetArrayLength(), a.GetProperty("state").GetString()!)).ToList();
            Say(FormattableString.Invariant(
                $"out: {alerts.Count} alerts of the rule, {fired.Count} fired mails and {resolvedMails} resolved mails to the operator; {alerts.Count(a => a.State != "resolved")} alerts still open"));

            var overWait = new List<double>();
            var tickPart = new List<double>();
            var mailPart = new List<double>();
            var unitsPer = new List<int>();
            var missing = 0;
            var duplicated = 0;
            foreach (var phase in phases)
            {
                var alert = Match(alerts, phase);
                var its = alert is null ? [] : fired.Where(f => f.Key == alert.Key).Select(f => f.Mail).OrderBy(m => m.ReceivedAt).ToList();
                if (its.Count == 0)
                {
                    missing++;
                    continue;
                }
                duplicated += its.Count - 1;
                var holds = phase.Onset!.Value; // hold 0: the condition holds from the first down's check time
                overWait.Add((its[0].ReceivedAt - holds - groupWait).TotalMilliseconds);
                tickPart.Add((alert!.FiredAt - holds - groupWait).TotalMilliseconds);
                mailPart.Add((its[0].ReceivedAt - alert.FiredAt).TotalMilliseconds);
                unitsPer.Add(alert.Units);
            }
            Say("");
            Say("| alerts measured | missing | extra mails | condition holds -> mail accepted, minus the grouping wait: p50 | p99 | max | of which to the firing tick: p50 | max | fired -> mail accepted: p50 | p99 | max | wards per alert, last listed (mean) |");
            Say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            Say(FormattableString.Invariant(
                $"| {overWait.Count} | {missing} | {duplicated} | {Pct(overWait, 0.5):N0} ms | {Pct(overWait, 0.99):N0} | {Max(overWait):N0} | {Pct(tickPart, 0.5):N0} ms | {Max(tickPart):N0} | {Pct(mailPart, 0.5):N0} ms | {Pct(mailPart, 0.99):N0} | {Max(mailPart):N0} | {unitsPer.DefaultIfEmpty(0).Average():N1} |"));
            Say(FormattableString.Invariant($"every alert, ms over the grouping wait: {string.Join(", ", overWait.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}"));

            if (stormPhase is not null)
            {
                var stormAlerts = alerts.Where(a => a.Cause == StormSystem && a.Onset >= stormPhase.Onset!.Value.AddSeconds(-1)).ToList();
                var stormMails = fired.Where(f => stormAlerts.Any(a => a.Key == f.Key)).Select(f => f.Mail).ToList();
                var lastMail = stormMails.Count == 0 ? double.NaN : (stormMails.Max(m => m.ReceivedAt) - stormPhase.Onset!.Value - groupWait).TotalMilliseconds;
                Say("");
                Say(FormattableString.Invariant(
                    $"storm: {Units.Length} wards' {StormSystem} down in one POST -> {stormAlerts.Count} alert(s) listing {string.Join(", ", stormListed)} wards while firing, {stormMails.Count} fired mail(s) to the one recipient; condition holds -> last mail accepted, minus the grouping wait: {lastMail:N0} ms (to the firing tick {stormAlerts.Select(a => (a.FiredAt - stormPhase.Onset!.Value - groupWait).TotalMilliseconds).DefaultIfEmpty(double.NaN).Max():N0} ms; the alert's onset - the POST's check time: {string.Join(", ", stormAlerts.Select(a => (a.Onset - stormPhase.Onset!.Value).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)))} ms)"));
            }
            Say($"machine after: load average {Report.Load()}");
            if (output is not null)
            {
                await File.AppendAllTextAsync(output, report.ToString() + Environment.NewLine);
            }
            return errors == 0 && missing == 0 ? 0 : 1;
        }
        finally
        {
            aggregator?.Dispose();
            collector?.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The phase's alert: its system, its onset (the first down's check time) within a second.</summary>
    private static AlertSeen? Match(List<AlertSeen> alerts, Phase phase) =>
        phase.Onset is not { } onset ? null
        : alerts.Where(a => a.Cause == Systems[phase.System] && Math.Abs((a.Onset - onset).TotalSeconds) < 1).OrderBy(a => Math.Abs((a.Onset - onset).Ticks)).FirstOrDefault();

    /// <summary>Health samples at the rate, in batches, until stopped; the scenario says which pairs are down and hands out the 1% turning down.</summary>
    private static async Task<(long Posted, int Errors, string? FirstError)> LoadAsync(HealthPoster poster, Scenario scenario, int rate, int batch, CancellationToken stop)
    {
        var pairs = Units.Length * Systems.Length;
        var interval = batch / (double)rate;
        var started = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        var errors = 0;
        string? firstError = null;
        long n = 0;
        for (long b = 0; !stop.IsCancellationRequested; b++)
        {
            var due = started + (long)(b * interval * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, CancellationToken.None);
            }
            var at = DateTimeOffset.UtcNow;
            scenario.Count(batch);
            var items = new List<HealthSample>(batch);
            for (var i = 0; i < batch; i++, n++)
            {
                if (n % 100 == 99 && scenario.TurnDown(at) is { } turned)
                {
                    items.Add(new HealthSample
                    {
                        Unit = Units[turned / Systems.Length], System = Systems[turned % Systems.Length], Status = HealthStatus.Down,
                        LatencyMs = 0, CheckedAt = at, Detail = "HTTP 503 from upstream",
                    });
                    continue;
                }
                var pair = (int)(n % pairs);
                var down = scenario.IsDown(pair);
                items.Add(new HealthSample
                {
                    Unit = Units[pair / Systems.Length],
                    System = Systems[pair % Systems.Length],
                    Status = down ? HealthStatus.Down : n % 17 == 0 ? HealthStatus.Degraded : HealthStatus.Up,
                    LatencyMs = down ? 0 : 80 + (int)(n % 200),
                    CheckedAt = at,
                    Detail = down || n % 10 == 0 ? "HTTP 503 from upstream" : null,
                });
            }
            inFlight.Add(Task.Run(async () =>
            {
                var (ok, error) = await poster.PostAsync(items);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                    firstError ??= error;
                }
            }, CancellationToken.None));
            inFlight.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(inFlight);
        return (n, errors, firstError);
    }

    /// <summary>The bare ceiling: one connection per mail (connect, send, quit), timed; and start -> smtp4dev's received date.</summary>
    private static async Task<(List<double> Send, List<double> Accept)> BareAsync(Smtp4dev smtp, int sends)
    {
        var send = new List<double>();
        var starts = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var body = string.Concat(Enumerable.Repeat("Hệ thống Hộ tịch ngừng hoạt động tại 1 phường / Civil status down in 1 ward. ", 12));
        for (var i = 0; i < sends + 5; i++)
        {
            var message = new MimeMessage { Subject = $"[OpsCenter] bare {i}", MessageId = $"bare-{i}-{Guid.NewGuid():N}@localhost" };
            message.From.Add(new MailboxAddress("OpsCenter TP.HCM", "opscenter@localhost"));
            message.To.Add(MailboxAddress.Parse("bare@ceiling.test"));
            message.Body = new BodyBuilder { TextBody = body, HtmlBody = $"<p>{body}</p>" }.ToMessageBody();
            var at = DateTimeOffset.UtcNow;
            var watch = Stopwatch.StartNew();
            using (var client = new SmtpClient { Timeout = 10_000 })
            {
                await client.ConnectAsync("127.0.0.1", smtp.SmtpPort, SecureSocketOptions.None);
                await client.SendAsync(message);
                await client.DisconnectAsync(quit: true);
            }
            if (i >= 5) // the first few warm up MailKit and smtp4dev
            {
                send.Add(watch.Elapsed.TotalMilliseconds);
                starts[message.Subject] = at;
            }
            await Task.Delay(20);
        }
        await Task.Delay(500);
        var accept = (await smtp.MessagesAsync()).Where(m => starts.ContainsKey(m.Subject))
            .Select(m => (m.ReceivedAt - starts[m.Subject]).TotalMilliseconds).ToList();
        return (send, accept);
    }

    private static double Pct(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static double Max(List<double> values) => values.Count == 0 ? double.NaN : values.Max();

    private sealed record AlertSeen(string Key, string Cause, DateTimeOffset Onset, DateTimeOffset FiredAt, int Units, string State);

    /// <summary>One alert to be: a system, its wards in the order they go down, the first down's check time.</summary>
    private sealed class Phase(int index, int system, int[] order)
    {
        public int Index { get; } = index;

        public int System { get; } = system;

        public int[] Order { get; } = order;

        public int Next { get; set; }

        public DateTimeOffset? Onset { get; set; }

        public long OnsetTimestamp { get; set; }

        public bool Released { get; set; }

        public List<int> Down { get; } = [];
    }

    /// <summary>Which (ward, system) pairs are down, shared by the load and the schedule.</summary>
    private sealed class Scenario
    {
        private readonly Lock _lock = new();
        private readonly HashSet<int> _down = [];
        private readonly List<Phase> _phases = [];
        private Phase? _current;

        public long TurnedDown { get; private set; }

        /// <summary>Samples posted while a latency phase was taking systems down (the 1% is of these).</summary>
        public long DuringPhases { get; private set; }

        public void Count(int samples)
        {
            lock (_lock)
            {
                if (_current is not null)
                {
                    DuringPhases += samples;
                }
            }
        }

        public bool AllReleased
        {
            get
            {
                lock (_lock)
                {
                    return _phases.All(p => p.Released || p.Onset is null);
                }
            }
        }

        public void Begin(Phase? phase)
        {
            lock (_lock)
            {
                _current = phase;
                if (phase is not null)
                {
                    _phases.Add(phase);
                }
            }
        }

        public bool IsDown(int pair)
        {
            lock (_lock)
            {
                return _down.Contains(pair);
            }
        }

        /// <summary>The next ward of the current phase's system to go down (a pair), or null.</summary>
        public int? TurnDown(DateTimeOffset at)
        {
            lock (_lock)
            {
                if (_current is not { } phase || phase.Next >= phase.Order.Length)
                {
                    return null;
                }
                var pair = (phase.Order[phase.Next++] * Systems.Length) + phase.System;
                if (!_down.Add(pair))
                {
                    return null;
                }
                phase.Down.Add(pair);
                if (phase.Onset is null)
                {
                    phase.Onset = at;
                    phase.OnsetTimestamp = Stopwatch.GetTimestamp();
                }
                TurnedDown++;
                return pair;
            }
        }

        /// <summary>The storm: every ward of the phase's system down now; returns the check time to post with.</summary>
        public DateTimeOffset DownAll(Phase phase)
        {
            lock (_lock)
            {
                var at = DateTimeOffset.UtcNow;
                phase.Onset = at;
                phase.OnsetTimestamp = Stopwatch.GetTimestamp();
                foreach (var unit in phase.Order)
                {
                    var pair = (unit * Systems.Length) + phase.System;
                    _down.Add(pair);
                    phase.Down.Add(pair);
                }
                _phases.Add(phase);
                return at;
            }
        }

        /// <summary>Brings back up the phases down for <paramref name="after"/> since their onset.</summary>
        public void Release(TimeSpan after)
        {
            lock (_lock)
            {
                foreach (var phase in _phases.Where(p => !p.Released && p.Onset is not null && Stopwatch.GetElapsedTime(p.OnsetTimestamp) >= after))
                {
                    foreach (var pair in phase.Down)
                    {
                        _down.Remove(pair);
                    }
                    phase.Released = true;
                }
            }
        }
    }
}
