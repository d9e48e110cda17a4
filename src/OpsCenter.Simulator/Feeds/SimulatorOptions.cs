using System.ComponentModel.DataAnnotations;

namespace OpsCenter.Simulator.Feeds;

public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>Off in tests that own their data: the process runs, but sends nothing.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The same seed gives the same city.</summary>
    public int Seed { get; set; } = 20250701;

    /// <summary>Where to send data: the gateway. Defaults to the Aspire service reference.</summary>
    public string? IngestUrl { get; set; }

    /// <summary>The simulator's source key, as issued by the collector.</summary>
    public string? ApiKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the national-scale scenario sends the other provinces' health (about 19,000
    /// samples; never more often than <see cref="HealthInterval"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan NationalInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many past days of dossiers, counts and scores to send at start (0: today only).</summary>
    [Range(0, 45)]
    public int BackfillDays { get; set; } = 30;

    /// <summary>
    /// The backfill sends these most recent days first: the wall's day and week figures are right
    /// early, while older weeks follow (month figures settle when the backfill ends).
    /// </summary>
    [Range(0, 45)]
    public int RecentDaysFirst { get; set; } = 7;

    /// <summary>Backfill batches in flight at once; the collector stores one batch at a time anyway.</summary>
    [Range(1, 16)]
    public int BackfillConcurrency { get; set; } = 4;

    /// <summary>How often closed five-minute dossier windows are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan DossierTick { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often today's backlog counts and published index scores are (re)sent.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ReportsInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Scenarios switched on at start (e.g. in tests), as with <c>POST /scenarios/{name}</c>.</summary>
    public List<string> Scenarios { get; } = [];

    /// <summary>
    /// Systems (<c>unit/system</c>) that do not push: they expose <c>GET /pull/{unit}/{system}</c>
    /// and the collector polls them, as some wards' systems do.
    /// </summary>
    public List<string> PulledSystems { get; } = [];
}
