using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Wall.Components.Tiles;
using OpsCenter.Wall.Extensions;
using OpsCenter.Wall.Layouts;
using OpsCenter.Wall.Tests.Live;

namespace OpsCenter.Wall.Tests.Layouts;

/// <summary>The layouts the Wall reads: the repository's own walls, a bad file, and a file edited while running.</summary>
public sealed class WallLayoutStoreTests : IDisposable
{
    private const string Good = """
        { "id": "test", "title": { "vi": "Thử", "en": "Test" }, "columns": 4, "rows": 2,
          "tiles": [ { "kind": "clock", "x": 1, "y": 1, "w": 4, "h": 2 } ] }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("wall-layouts-").FullName;
    private readonly List<WallLayoutStore> _stores = [];

    private WallLayoutStore Store(string folder)
    {
        var store = new WallLayoutStore(Options.Create(new WallOptions { LayoutsPath = folder }),
            new HostingEnvironment { ContentRootPath = _folder }, new FakeTimeProvider(LiveData.Start), NullLogger<WallLayoutStore>.Instance);
        _stores.Add(store);
        return store;
    }

    private static string RepositoryWalls => Path.Combine(RepositoryPaths.Root, "dashboards", "walls");

    [Fact]
    public async Task TheRepositorysWalls_AllLoad()
    {
        var store = Store(RepositoryWalls);

        await store.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Directory.GetFiles(RepositoryWalls, "*.json").Length, store.All.Count);
        Assert.Contains(store.All, l => l.Id == "city");
        Assert.Contains(store.All, l => l.Id == "ops");
        Assert.NotNull(store.Find("OPS"));
    }

    [Fact]
    public async Task TheRepositorysWalls_NameOnlyKindsOfTheRegistry_AndPlaylistsOnlyKnownViews()
    {
        var store = Store(RepositoryWalls);
        await store.StartAsync(TestContext.Current.CancellationToken);

        Assert.All(store.All.SelectMany(l => l.Tiles ?? []), t => Assert.NotNull(TileKinds.Find(t.Kind)));
        Assert.All(store.All.Where(l => l.Playlist is not null).SelectMany(l => l.Playlist!.Views), v => Assert.NotNull(store.Find(v)));
    }

    [Theory]
    [InlineData("{ \"id\": \"bad\", \"title\": { \"vi\": \"Hỏng\" }, \"columns\": 4, \"rows\": 2, \"tiles\": [ { \"kind\": \"clock\", \"x\": 3, \"y\": 1, \"w\": 4, \"h\": 1 } ] }")]
    [InlineData("{ \"id\": \"bad\", \"columns\": 4, \"rows\": 2, \"tiles\": [] }")]
    [InlineData("{ \"id\": \"bad\", \"title\": { \"vi\": \"Hỏng\" }, \"columns\": 4, \"rows\": 2, \"tiles\": [ { \"kind\": \"\", \"x\": 1, \"y\": 1, \"w\": 1, \"h\": 1 } ] }")]
    [InlineData("{ \"id\": \"bad\", \"title\": { \"vi\": \"Hỏng\" }, \"playlist\": { \"views\": [\"city\"], \"seconds\": 2 } }")]
    [InlineData("{ \"id\": \"bad\", \"title\": ")]
    public async Task ABadLayout_IsNotLoaded_AndTheOthersAre(string json)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "bad.json"), json, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_folder, "test.json"), Good, TestContext.Current.CancellationToken);
        var store = Store(_folder);

        await store.StartAsync(TestContext.Current.CancellationToken);

        Assert.Null(store.Find("bad"));
        Assert.Equal("Thử", store.Find("test")!.Title.Vi);
    }

    [Fact]
    public async Task AnEditedLayout_ReplacesTheOld_AndTellsTheSubscribers_ButABadEditKeepsTheLastGood()
    {
        var file = Path.Combine(_folder, "test.json");
        await File.WriteAllTextAsync(file, Good, TestContext.Current.CancellationToken);
        var store = Store(_folder);
        await store.StartAsync(TestContext.Current.CancellationToken);
        var told = 0;
        using var subscription = store.Subscribe(() =>
        {
            Interlocked.Increment(ref told);
            return Task.CompletedTask;
        });

        await File.WriteAllTextAsync(file, Good.Replace("\"Thử\"", "\"Thử lại\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        store.Load(file);
        await Eventually.TrueAsync(() => Volatile.Read(ref told) == 1, because: "subscribers told of the edit");
        Assert.Equal("Thử lại", store.Find("test")!.Title.Vi);

        await File.WriteAllTextAsync(file, "{ \"id\": \"test\", \"columns\": 0 }", TestContext.Current.CancellationToken);
        store.Load(file);
        Assert.Equal("Thử lại", store.Find("test")!.Title.Vi);
        Assert.Equal(4, store.Find("test")!.Columns);
    }

    [Fact]
    public async Task AMissingFolder_LoadsNothing_AndDoesNotStopTheWall()
    {
        var store = Store(Path.Combine(_folder, "no-such-folder"));

        await store.StartAsync(TestContext.Current.CancellationToken);

        Assert.Empty(store.All);
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        Directory.Delete(_folder, recursive: true);
    }
}
