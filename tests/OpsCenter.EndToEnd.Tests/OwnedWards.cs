using System.Text.RegularExpressions;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>
/// Wards that one test class owns: no other test posts to them, so that what the class asserts
/// (a system down, a tile with no data yet) cannot be overwritten by a test that happens to run
/// before or beside it. A test that posts to "every ward" leaves these out.
/// </summary>
internal static class OwnedWards
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        TileKindsTests.FreshWard, TileKindsTests.StaleWard, BriefingTests.Ward, EmbedTests.Ward, RecoveryTests.Ward,
        RecoveryTests.OutageWard, WallTests.LiveTileWard, OpsWallTests.Ward, WallCultureTests.Ward, PoisonTests.Ward, AdminTests.PolledWard,
        AlertConsoleTests.Ward,
    };

    /// <summary>"n/168 reporting" after every other ward reported: the owned ones may or may not have yet.</summary>
    public static Regex ReportingOf168 { get; } =
        new($"({string.Join('|', Enumerable.Range(168 - All.Count, All.Count + 1))})/168");
}
