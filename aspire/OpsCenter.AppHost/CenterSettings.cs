using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

/// <summary>What the AppHost reads from its configuration (<c>OpsCenter:*</c>), with the defaults of the embedded center.</summary>
internal sealed record CenterSettings(
    string DataPath,
    string SimulatorKey,
    string WallServiceKey,
    string AdminKey,
    bool Simulate,
    string AdminPassword,
    string? WallDeviceToken,
    string WallLayouts,
    string? Postgres,
    string SimulatorInterval,
    string SimulatorHealthInterval,
    string Catalogue,
    bool ExposeRoutes,
    IReadOnlyList<(string Key, string Unit)> ScopedReaders,
    string AlertWriterKey,
    string AlertLinkKey,
    string AlertRules,
    string AlertGroupWait,
    string SignInFirstDelay,
    TimeSpan ClockOffset)
{
    public static CenterSettings Read(IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // The embedded default: one SQLite file under the data folder (OpsCenter:DataPath, default .data
        // at the repository root). Keys are made fresh each run unless configured.
        var dataPath = Path.GetFullPath(configuration["OpsCenter:DataPath"]
            ?? Path.Combine(builder.AppHostDirectory, "..", "..", ".data"));
        var simulatorKey = configuration["OpsCenter:SimulatorKey"] ?? Secrets.NewKey();
        var wallServiceKey = configuration["OpsCenter:WallServiceKey"] ?? Secrets.NewKey();
        var adminKey = configuration["OpsCenter:AdminKey"] ?? Secrets.NewKey();
        var simulate = configuration.GetValue("OpsCenter:Simulate", defaultValue: true);
        // The first administrator ("admin") signs in to the Wall with this password; unless configured, it is
        // made once and kept in the data folder (admin-password.txt) so that it survives restarts.
        var adminPassword = configuration["OpsCenter:AdminPassword"] ?? Secrets.Kept(dataPath, "admin-password.txt");
        // A wall screen provisioned without pairing (kiosk scripts, tests): open /pair?token=<this>.
        var wallDeviceToken = configuration["OpsCenter:WallDeviceToken"];
        // The wall layouts folder, watched for changes (tests point it at a copy they can add views to).
        var wallLayouts = Path.GetFullPath(configuration["OpsCenter:WallLayoutsPath"]
            ?? Path.Combine(builder.AppHostDirectory, "..", "..", "dashboards", "walls"));
        // Past one machine: point the store at PostgreSQL (any cluster, reached by connection string).
        var postgres = configuration["OpsCenter:PostgresConnectionString"];
        // Tests shorten these so a silent ward turns stale in seconds (stale after 3x the expected interval).
        var simulatorInterval = configuration["OpsCenter:SimulatorExpectedInterval"] ?? "00:00:15";
        var simulatorHealthInterval = configuration["OpsCenter:SimulatorHealthInterval"] ?? "00:00:05";
        // hcmc (default) or national: the units whose data the collector accepts and the aggregator shows.
        // The simulator's national-scale scenario needs national (docs/SIMULATOR.md).
        var catalogue = configuration["OpsCenter:Catalogue"] ?? "hcmc";
        // The center's clock, for every service and the simulator: OpsCenter:Clock=<instant> makes "now" that
        // instant when the center starts (2026-12-31T23:55:00+07:00), OpsCenter:ClockOffset=<time span> moves it
        // by a fixed amount (tests pass theirs so that they and the center agree). Time then runs at its pace.
        // Tests only: every service lists its endpoints at /_opscenter/routes (the gateway never forwards it)
        // for the authorisation matrix, and readers of one unit get keys (OpsCenter:ScopedReaders:0:Key / :Unit).
        var exposeRoutes = configuration.GetValue("OpsCenter:ExposeRoutes", defaultValue: false);
        var scopedReaders = configuration.GetSection("OpsCenter:ScopedReaders").GetChildren()
            .Select(r => (Key: r["Key"] ?? "", Unit: r["Unit"] ?? "")).Where(r => r.Key.Length > 0 && r.Unit.Length > 0).ToList();
        // Alerts: the aggregator writes alert transitions through the collector with a key of the alert-writer
        // role; mail links are signed with a key kept in the data folder (links already mailed keep working
        // after a restart); rules are seeded from dashboards/alerts on the first start; tests shorten the grouping wait.
        var alertWriterKey = Secrets.NewKey();
        var alertLinkKey = configuration["OpsCenter:AlertLinkKey"] ?? Secrets.Kept(dataPath, "alert-link-key.txt");
        var alertRules = Path.GetFullPath(configuration["OpsCenter:AlertRulesPath"]
            ?? Path.Combine(builder.AppHostDirectory, "..", "..", "dashboards", "alerts"));
        var alertGroupWait = configuration["OpsCenter:AlertGroupWait"] ?? "00:00:30";
        // The first sign-in wait after five failures (1 s unless set): tests make it long enough to see.
        var signInFirstDelay = configuration["OpsCenter:SignInFirstDelay"] ?? "00:00:01";
        var clockOffset = ShiftedTimeProvider.ParseOffset(configuration["OpsCenter:ClockOffset"], configuration["OpsCenter:Clock"], DateTimeOffset.UtcNow);
        return new(dataPath, simulatorKey, wallServiceKey, adminKey, simulate, adminPassword, wallDeviceToken, wallLayouts, postgres,
            simulatorInterval, simulatorHealthInterval, catalogue, exposeRoutes, scopedReaders, alertWriterKey, alertLinkKey, alertRules,
            alertGroupWait, signInFirstDelay, clockOffset);
    }
}
