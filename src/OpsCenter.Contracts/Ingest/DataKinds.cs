namespace OpsCenter.Contracts.Ingest;

/// <summary>The kinds of data a source may be allowed to send; also the event kinds in the log.</summary>
public static class DataKinds
{
    public const string Health = "health";

    public static IReadOnlyList<string> All { get; } = [Health];
}
