using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsCenter.Domain.Health;
using OpsCenter.Wall.Components.Pages;
using OpsCenter.Wall.Extensions;
using OpsCenter.Wall.Layouts;
using OpsCenter.Wall.Live;
using OpsCenter.Wall.Tests.Components.Tiles;
using static OpsCenter.Wall.Tests.Live.LiveData;

namespace OpsCenter.Wall.Tests.Components.Pages;

/// <summary>
/// The wall page in-process: it lays out a view's tiles from the repository's layout, renders again when
/// the mirror says it changed (its subscription, on the mirror's task, marshalled to the page), shows a
/// banner while the link is down, and leaves no subscription behind when it goes.
/// </summary>
public sealed class WallPageTests : TileRendering
{
    private WallLayoutStore _layouts = default!;

    private async Task<IRenderedComponent<WallPage>> OpenAsync(string view, string culture = "vi-VN")
    {
        _layouts = new WallLayoutStore(Options.Create(new WallOptions { LayoutsPath = Path.Combine(RepositoryPaths.Root, "dashboards", "walls") }),
            new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory }, Parts.Time, NullLogger<WallLayoutStore>.Instance);
        await _layouts.StartAsync(Xunit.TestContext.Current.CancellationToken);
        Bunit.Services.AddSingleton(_ => _layouts); // made by a factory: the container disposes it (its file watcher)
        Bunit.Services.AddSingleton(Options.Create(new WallOptions()));
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        return Bunit.Render<WallPage>(p => p.Add(c => c.View, view));
    }

    [Fact]
    public async Task AView_LaysOutItsTiles_FromTheLayoutFile()
    {
        var page = await OpenAsync("ops");

        var kinds = page.FindAll("section[data-kind]").Select(s => s.GetAttribute("data-kind"));
        Assert.Equal(_layouts.Find("ops")!.Tiles.Select(t => t.Kind), kinds);
        Assert.Equal(_layouts.Find("ops")!.Title.Vi, page.Find(".wall-title").TextContent);
        Assert.Equal("09:00:00  03/12/2026", page.Find("[data-testid='clock']").TextContent);
    }

    [Fact]
    public async Task AMirrorChange_RendersThePageAgain()
    {
        var page = await OpenAsync("city");
        Assert.Equal("NoData", page.Find($"[data-unit='{Ward}']").GetAttribute("data-state"));

        Parts.Mirror.Put(Tile(Ward, SystemState.Down, Now));

        await Eventually.PassesAsync(() =>
        {
            Assert.Equal("Down", page.Find($".unit-tile[data-unit='{Ward}']").GetAttribute("data-state"));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task TheLinkDown_ShowsABanner_SayingSinceWhen()
    {
        Parts.Mirror.Put(Tile(Ward, SystemState.Up, Now));
        Parts.Mirror.Link = LinkState.Reconnecting;
        Parts.Mirror.DownSince = Now.AddSeconds(-20);

        var page = await OpenAsync("city");

        Assert.StartsWith("Mất kết nối dữ liệu trực tiếp từ 20 giây", page.Find("[data-testid='link-banner']").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vi-VN", "Không có màn hình")]
    [InlineData("en-US", "No wall view")]
    public async Task AnUnknownView_SaysSo_InsteadOfFailing(string culture, string words)
    {
        var page = await OpenAsync("nope", culture);

        var missing = page.Find(".wall-missing").TextContent;
        Assert.Contains("nope", missing, StringComparison.Ordinal);
        Assert.Contains(words, missing, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(page.FindAll("section[data-kind]"));
    }

    [Fact]
    public async Task ThePageGone_LeavesNoSubscriptionBehind()
    {
        var before = Parts.Mirror.Subscribers; // the query feed's own
        await OpenAsync("city");
        Assert.Equal(before + 1, Parts.Mirror.Subscribers);

        await Bunit.DisposeComponentsAsync();

        Assert.Equal(before, Parts.Mirror.Subscribers);
    }
}
