using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Units;
using OpsCenter.Wall.Components.Tiles;
using OpsCenter.Wall.Layouts;
using OpsCenter.Wall.Tests.Live;
using Radzen;

namespace OpsCenter.Wall.Tests.Components.Tiles;

/// <summary>
/// A tile rendered in-process by bUnit through <see cref="TileHost"/> (so through the kind registry), from
/// the <see cref="WallParts"/> a test fills: a fake mirror, the real feeds reading a stand-in aggregator,
/// a fake clock. Text is read from the DOM (decoded), in the culture the test names.
/// </summary>
public abstract partial class TileRendering : IAsyncLifetime
{
    protected WallParts Parts { get; private set; } = default!;

    protected BunitContext Bunit { get; } = new();

    protected DateTimeOffset Now => Parts.Time.GetUtcNow();

    protected Unit Unit(string code) => Parts.Get<UnitCatalog>().Find(code)!;

    public async ValueTask InitializeAsync()
    {
        Parts = await WallParts.StartAsync();
        Parts.Aggregator.Changes = new ChangeList("79", 0, []);
        Parts.AddTo(Bunit.Services);
        Bunit.Services.AddRadzenComponents();
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public async ValueTask DisposeAsync()
    {
        await Bunit.DisposeAsync();
        await Parts.DisposeAsync();
    }

    /// <summary>Renders a tile of <paramref name="kind"/> under <paramref name="culture"/> (Vietnamese first, as the wall).</summary>
    protected IRenderedComponent<TileHost> Render(string kind, string scope = "unit:" + LiveData.Ward, string culture = "vi-VN",
        IReadOnlyDictionary<string, string>? options = null, int height = 4)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        return Bunit.Render<TileHost>(p => p.Add(c => c.Tile, new TileLayout(kind, 1, 1, 4, height, scope, Options: options)));
    }

    /// <summary>An element's text with its whitespace collapsed.</summary>
    protected static string Text(IElement element) => Spaces().Replace(element.TextContent, " ").Trim();

    protected static string Text(IRenderedComponent<TileHost> tile, string selector) => Text(tile.Find(selector));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
