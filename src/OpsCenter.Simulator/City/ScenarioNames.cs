namespace OpsCenter.Simulator.City;

/// <summary>
/// The scenarios an operator or a test can switch on while the simulator runs: the one list, also
/// compiled into the AppHost (a linked file) for its dashboard commands.
/// </summary>
public static class ScenarioNames
{
    public const string Normal = "normal";
    public const string MondaySurge = "monday-surge";
    public const string MergerBacklog = "merger-backlog";
    public const string CivilStatusOutage = "civil-status-outage";
    public const string SilentWard = "silent-ward";
    public const string Flood = "flood";
    public const string NationalScale = "national-scale";

    public static IReadOnlyList<string> All { get; } =
        [Normal, MondaySurge, MergerBacklog, CivilStatusOutage, SilentWard, Flood, NationalScale];
}
