using System.Text.Json.Serialization;

namespace OpsCenter.Benchmarks;

// The simple records the bare endpoint parses each kind into: the wire's fields, no checks.

internal sealed record BareBatch<T>(List<T>? Items);

internal interface IBareItem
{
    string Kind { get; }

    string Unit { get; }

    DateTimeOffset OccurredAt { get; }
}

internal sealed record BareHealth(string Unit, string System, string Status, int? LatencyMs, DateTimeOffset CheckedAt, string? Detail) : IBareItem
{
    [JsonIgnore]
    public string Kind => "health";

    [JsonIgnore]
    public DateTimeOffset OccurredAt => CheckedAt;
}

internal sealed record BareDossier(
    string DossierId, string ProcedureCode, string? ProcedureName, string Unit, int Channel, int Status, DateTimeOffset At,
    DateTimeOffset? AppointmentAt, int? LegalLimitDays, bool? PaidOnline, bool? Digitised, bool? EResult, bool? DataReused) : IBareItem
{
    [JsonIgnore]
    public string Kind => "dossier";

    [JsonIgnore]
    public DateTimeOffset OccurredAt => At;
}

internal sealed record BareBacklog(
    string Unit, DateOnly Day, int CarriedOver, int Received, int? ToHandle, int InProgressLate, int InProgressNearlyDue, int InProgressNotDue,
    int ProcessedOnTime, int ProcessedLate, int? ProcessedNotCollected, int? ApologyLetters, int? ReceivedOnline) : IBareItem
{
    [JsonIgnore]
    public string Kind => "backlog";

    [JsonIgnore]
    public DateTimeOffset OccurredAt => new(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

internal sealed record BareIndexScore(string IndexSet, string Period, string Unit, string Indicator, decimal Value, decimal Max, DateTimeOffset PublishedAt) : IBareItem
{
    [JsonIgnore]
    public string Kind => "index";

    [JsonIgnore]
    public DateTimeOffset OccurredAt => PublishedAt;
}

internal sealed record BareIncident(
    string IncidentId, string Unit, string Kind, int Severity, string Status, DateTimeOffset At, string? Title, Dictionary<string, decimal>? Measurements) : IBareItem
{
    string IBareItem.Kind => "incident";

    [JsonIgnore]
    public DateTimeOffset OccurredAt => At;
}
