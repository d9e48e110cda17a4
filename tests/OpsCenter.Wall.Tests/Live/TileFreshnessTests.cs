using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Health;
using OpsCenter.Wall.Components.Tiles;
using OpsCenter.Wall.Layouts;
using OpsCenter.Wall.Live;
using Freshness = OpsCenter.Wall.Live.Freshness;
using static OpsCenter.Wall.Tests.Live.LiveData;

namespace OpsCenter.Wall.Tests.Live;

/// <summary>
/// Each tile kind's age, by the rule of its kind in the registry: missing before any data, fresh while
/// young, stale when older than its limit, and stale for every kind while the live link has been down
/// for more than 15 s. Time is a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>.
/// </summary>
public sealed class TileFreshnessTests : IAsyncLifetime
{
    private WallParts _parts = default!;

    public async ValueTask InitializeAsync()
    {
        _parts = await WallParts.StartAsync();
        _parts.Aggregator.Changes = new ChangeList("79", 0, []);
    }

    public async ValueTask DisposeAsync() => await _parts.DisposeAsync();

    private TileFreshness Judge => _parts.Get<TileFreshness>();

    private DateTimeOffset Now => _parts.Time.GetUtcNow();

    private TileAge Age(string kind, IReadOnlyDictionary<string, string>? options = null) =>
        Judge.Of(new TileLayout(kind, 1, 1, 1, 1, $"unit:{Ward}", Options: options), _parts.Get<TileScopes>().Resolve($"unit:{Ward}"), Now);

    /// <summary>What each kind shows the age of, as old as <paramref name="age"/>: the table the registry must agree with.</summary>
    private async Task GiveDataAsync(string kind, TimeSpan age)
    {
        var at = Now - age;
        switch (kind)
        {
            case "unit-grid" or "health-summary" or "health-matrix" or "map":
                _parts.Mirror.Put(Tile(Ward, SystemState.Up, at));
                break;
            case "kpi-strip" or "falling-behind":
                _parts.Mirror.Put(Tile(Ward, SystemState.Up, null, Kpis(at, Figures(3, 1, 0.9, at))));
                break;
            case "ranking-766":
                _parts.Mirror.Put(Tile(Ward, SystemState.Up, null, Kpis(at, official766: 77.5m) with { LastDossierEventAt = null }));
                break;
            case "changes" or "clock":
                _parts.Mirror.LastMessageAt = at;
                break;
            case "late-ticker" or "incidents" or "alerts":
                // The fake clock only moves forward: read now, then let the read grow old.
                await _parts.ReadListsAsync();
                _parts.Time.Advance(age);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "A kind this test does not know: add it to the table.");
        }
    }

    public static TheoryData<string, int, int> Limits => new()
    {
        // kind, a fresh age and a stale age, in seconds
        { "unit-grid", 60, 6 * 60 },
        { "health-summary", 60, 6 * 60 },
        { "health-matrix", 4 * 60, 5 * 60 + 1 },
        { "map", 60, 6 * 60 },
        { "kpi-strip", 3600, 25 * 3600 },
        { "falling-behind", 23 * 3600, 24 * 3600 + 1 },
        { "ranking-766", 2 * 86400, 9 * 86400 },
        { "late-ticker", 10, 46 },
        { "incidents", 44, 60 },
        { "alerts", 10, 16 },
    };

    [Fact]
    public void TheTable_CoversEveryKindOfTheRegistry()
    {
        var covered = Limits.Select(row => row.Data.Item1).Concat(["changes", "clock"]);

        Assert.Equal(TileKinds.All.Select(k => k.Name).Order(), covered.Order());
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task EachKind_IsMissingWithoutData_FreshWhenYoung_StaleWhenOld(string kind, int freshSeconds, int staleSeconds)
    {
        Assert.Equal(new TileAge(Freshness.Missing, null), Age(kind));

        await GiveDataAsync(kind, TimeSpan.FromSeconds(freshSeconds));
        Assert.Equal(new TileAge(Freshness.Fresh, Now.AddSeconds(-freshSeconds)), Age(kind));

        _parts.Time.Advance(TimeSpan.FromSeconds(staleSeconds - freshSeconds));
        Assert.Equal(new TileAge(Freshness.Stale, Now.AddSeconds(-staleSeconds)), Age(kind));
    }

    [Theory]
    [InlineData("changes")]
    [InlineData("clock")]
    public async Task ChangesAndClock_AreAsOldAsTheLastLiveMessage_AndNeverStaleByAge(string kind)
    {
        Assert.Equal(Freshness.Missing, Age(kind).Freshness);

        await GiveDataAsync(kind, TimeSpan.FromDays(3));

        Assert.Equal(new TileAge(Freshness.Fresh, Now.AddDays(-3)), Age(kind));
    }

    [Fact]
    public async Task LinkDownForMoreThan15Seconds_MakesEveryKindWithDataStale()
    {
        await _parts.ReadListsAsync();
        _parts.Mirror.LastMessageAt = Now;
        _parts.Mirror.Put(Tile(Ward, SystemState.Up, Now, Kpis(Now, Figures(3, 1, 0.9, Now), official766: 77.5m)));
        _parts.Mirror.Link = LinkState.Reconnecting;

        _parts.Mirror.DownSince = Now.AddSeconds(-15);
        Assert.All(TileKinds.All, k => Assert.Equal(Freshness.Fresh, Age(k.Name).Freshness));

        _parts.Mirror.DownSince = Now.AddSeconds(-16);
        Assert.All(TileKinds.All, k => Assert.Equal(Freshness.Stale, Age(k.Name).Freshness));
    }

    [Fact]
    public void MapByOnTimeRate_IsAsOldAsTheNewestDossierEvent_NotTheNewestSample()
    {
        var options = new Dictionary<string, string> { ["colorBy"] = "onTimeRate" };
        _parts.Mirror.Put(Tile(Ward, SystemState.Up, Now, Kpis(Now.AddHours(-2), month: Figures(3, 0, 0.98, Now))));

        Assert.Equal(new TileAge(Freshness.Fresh, Now.AddHours(-2)), Age("map", options));
        Assert.Equal(new TileAge(Freshness.Fresh, Now), Age("map"));
    }

    [Fact]
    public void StaleAfterSeconds_OfTheTile_ReplacesTheKindsLimit()
    {
        _parts.Mirror.Put(Tile(Ward, SystemState.Up, Now.AddSeconds(-40)));

        Assert.Equal(Freshness.Stale, Age("unit-grid", new Dictionary<string, string> { ["staleAfterSeconds"] = "30" }).Freshness);
        Assert.Equal(Freshness.Fresh, Age("unit-grid", new Dictionary<string, string> { ["staleAfterSeconds"] = "junk" }).Freshness);
    }

    [Fact]
    public void UnknownKind_IsMissing()
    {
        _parts.Mirror.Put(Tile(Ward, SystemState.Up, Now));
        _parts.Mirror.LastMessageAt = Now;

        Assert.Equal(new TileAge(Freshness.Missing, null), Age("weather"));
    }

    [Fact]
    public void OtherUnitsData_DoesNotMakeAUnitsTileFresh()
    {
        _parts.Mirror.Put(Tile("26743", SystemState.Up, Now));

        Assert.Equal(Freshness.Missing, Age("unit-grid").Freshness);
    }
}
