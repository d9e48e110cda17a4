using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Storage.Events;

namespace OpsCenter.Aggregator.Tests.Alerts;

/// <summary>Log events as the collector stores them: alert events under the city's code, health samples of a unit.</summary>
internal sealed class AlertLog
{
    public const string City = "79";

    private long _position;

    public List<StoredEvent> Events { get; } = [];

    public StoredEvent Alert(string kind, object payload, DateTimeOffset at) =>
        Add(kind, City, AlertKinds.EvaluatorSource, at, JsonSerializer.Serialize(payload, payload.GetType(), WireJson.Options));

    public StoredEvent Fired(string key, DateTimeOffset at, params string[] units) =>
        Alert(AlertKinds.Fired, new AlertFiredEvent(key, key.Split('|')[0], "Hệ thống ngừng", "System down", key.Split('|')[1], units,
            at.AddMinutes(-5), at, AlertLevel.Critical, $"Hệ thống ngừng tại {units.Length} đơn vị", $"System down in {units.Length} units"), at);

    public StoredEvent Health(string unit, string system, HealthStatus status, DateTimeOffset checkedAt) =>
        Add(DataKinds.Health, unit, "test", checkedAt, JsonSerializer.Serialize(
            new HealthSample { Unit = unit, System = system, Status = status, CheckedAt = checkedAt }, WireJson.Options));

    private StoredEvent Add(string kind, string unit, string source, DateTimeOffset at, string payload)
    {
        var e = new StoredEvent(++_position, kind, unit, source, at, at, payload);
        Events.Add(e);
        return e;
    }
}
