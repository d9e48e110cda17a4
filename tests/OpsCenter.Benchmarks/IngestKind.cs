using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;

namespace OpsCenter.Benchmarks;

/// <summary>One ingest endpoint and how to make valid items for it (each passes the collector's checks).</summary>
internal sealed record IngestKind(string Path, string DataKind, Func<int, string, DateTimeOffset, object> Item)
{
    public const int BatchSize = 500;

    private static readonly string[] Systems = [.. SystemCatalog.Standard.Select(s => s.Code)];

    private static readonly string[] Units = [.. UnitCatalog.LoadHcmc().CommuneLevel.Select(u => u.Code)];

    public static IReadOnlyList<IngestKind> All { get; } =
    [
        new("health", DataKinds.Health, (i, unit, at) => new HealthSample
        {
            Unit = unit,
            System = Systems[i % Systems.Length],
            Status = i % 17 == 0 ? HealthStatus.Degraded : HealthStatus.Up,
            LatencyMs = 80 + (i % 200),
            CheckedAt = at,
            Detail = i % 10 == 0 ? "HTTP 503 from upstream" : null,
        }),
        new("dossiers", DataKinds.Dossier, (i, unit, at) => new DossierEventItem
        {
            DossierId = $"G01.79.{unit}-251128-{i:D4}",
            ProcedureCode = "1.001757",
            ProcedureName = "Cấp bản sao trích lục hộ tịch",
            Unit = unit,
            Channel = 1 + (i % 3),
            Status = 1 + (i % 10),
            At = at,
            AppointmentAt = at.AddDays(3),
            LegalLimitDays = 3,
            PaidOnline = i % 2 == 0,
            Digitised = true,
        }),
        new("backlog", DataKinds.Backlog, (i, unit, at) => new BacklogSnapshotItem
        {
            Unit = unit,
            Day = DateOnly.FromDateTime(at.UtcDateTime).AddDays(-1 - (i / Units.Length)),
            CarriedOver = 120,
            Received = 45 + (i % 7),
            InProgressLate = 4,
            InProgressNearlyDue = 6,
            InProgressNotDue = 80,
            ProcessedOnTime = 70,
            ProcessedLate = 2,
            ProcessedNotCollected = 9,
            ApologyLetters = 2,
            ReceivedOnline = 30,
        }),
        new("index-scores", DataKinds.IndexScore, (i, unit, at) => new IndexScoreItem
        {
            IndexSet = "qd766",
            Period = $"2025-W{1 + (i % 52):D2}",
            Unit = unit,
            Indicator = i % 3 == 0 ? "total" : $"group-{i % 5}",
            Value = 60 + (i % 40),
            Max = 100,
            PublishedAt = at,
        }),
        new("incidents", DataKinds.Incident, (i, unit, at) => new IncidentItem
        {
            IncidentId = $"FLOOD-2025-11-27-{i:D3}",
            Unit = unit,
            Kind = "flood",
            Severity = 1 + (i % 4),
            Status = "open",
            At = at,
            Title = "Ngập đường Tôn Đức Thắng",
            Measurements = new() { ["rainfallMm"] = 112.5m, ["floodDepthCm"] = 35 },
        }),
    ];

    /// <summary>A few distinct batch bodies of <see cref="BatchSize"/> items, dated in the last hours.</summary>
    public IReadOnlyList<byte[]> Bodies(int count = 4)
    {
        var now = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, count).Select(b => JsonSerializer.SerializeToUtf8Bytes(
            new { items = Enumerable.Range(0, BatchSize).Select(i => Item(b * BatchSize + i, Units[(b * BatchSize + i) % Units.Length], now.AddSeconds(-(b * BatchSize + i)))) },
            WireJson.Options))];
    }
}
