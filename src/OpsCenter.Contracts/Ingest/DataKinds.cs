namespace OpsCenter.Contracts.Ingest;

/// <summary>The kinds of data a source may be allowed to send; also the event kinds in the log.</summary>
public static class DataKinds
{
    public const string Health = "health";
    public const string Dossier = "dossier";
    public const string Backlog = "backlog";
    public const string IndexScore = "index";
    public const string Incident = "incident";

    public static IReadOnlyList<string> All { get; } = [Health, Dossier, Backlog, IndexScore, Incident];
}
