using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Wall.Components.Tiles;

namespace OpsCenter.Wall.Tests.Alerts;

/// <summary>The alerts tile's lines and the briefing's durations, in each page language, from the Wall's own resource files.</summary>
public sealed class AlertTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 30, 0, TimeSpan.Zero);

    private static IStringLocalizer<WallText> Text()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new StringLocalizer<WallText>(factory);
    }

    private static AlertView Alert(string key, AlertLevel severity, string state, TimeSpan ago, int units, string? acknowledgedBy = null) => new(
        key, "system-down", "Hệ thống ngừng", "System down", "26740/one-door", severity, state,
        [.. Enumerable.Range(0, units).Select(i => (26740 + i).ToString(CultureInfo.InvariantCulture))],
        "Một cửa ngừng hoạt động", "One-door system down", Now - ago, Now - ago,
        acknowledgedBy is null ? null : Now, acknowledgedBy, null, null, null, null, 1);

    private static T InCulture<T>(string culture, Func<T> work)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return work();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }

    private static readonly AlertView[] Open =
    [
        Alert("a", AlertLevel.Critical, AlertStates.Firing, TimeSpan.FromMinutes(12), 3),
        Alert("b", AlertLevel.Warning, AlertStates.Acknowledged, TimeSpan.FromHours(3), 1, "nguyen.van.a"),
    ];

    [Fact]
    public void Lines_InVietnamese_SayTheSeverityByWord_TheTextUnitsAndAgeInVietnamese()
    {
        var lines = InCulture("vi-VN", () => AlertText.Lines(Open, Now, CultureInfo.CurrentUICulture, Text()));

        Assert.Equal(["a", "b"], lines.Select(l => l.Key));
        Assert.Equal(new AlertLine("a", "Nghiêm trọng", "alert-critical", "Một cửa ngừng hoạt động", "3 đơn vị", "12 phút", null), lines[0]);
        Assert.Equal(new AlertLine("b", "Cảnh báo", "alert-warning", "Một cửa ngừng hoạt động", "1 đơn vị", "3 giờ", "nguyen.van.a"), lines[1]);
    }

    [Fact]
    public void Lines_InEnglish_SayTheSeverityByWord_TheTextUnitsAndAgeInEnglish()
    {
        var lines = InCulture("en-US", () => AlertText.Lines(Open, Now, CultureInfo.CurrentUICulture, Text()));

        Assert.Equal(new AlertLine("a", "Critical", "alert-critical", "One-door system down", "3 units", "12 min", null), lines[0]);
        Assert.Equal(new AlertLine("b", "Warning", "alert-warning", "One-door system down", "1 unit", "3 h", "nguyen.van.a"), lines[1]);
    }

    [Fact]
    public void Lines_OneUnit_NamedWhenKnown_SeveralUnits_Counted()
    {
        string? Name(string code) => code == "26740" ? "Bến Thành" : null;

        var lines = InCulture("vi-VN", () => AlertText.Lines(Open, Now, CultureInfo.CurrentUICulture, Text(), unitName: Name));

        Assert.Equal("3 đơn vị", lines[0].Units);
        Assert.Equal("Bến Thành", lines[1].Units);
        Assert.Equal("1 đơn vị", InCulture("vi-VN", () => AlertText.Lines(Open, Now, CultureInfo.CurrentUICulture, Text(), unitName: _ => null))[1].Units);
    }

    [Theory]
    [InlineData("vi-VN", "Hệ thống ngừng: hệ thống hr ngừng hoạt động tại 3 đơn vị")]
    [InlineData("en-US", "System down: system hr down in 3 units")]
    public void Text_UnitsJoinedSinceFiring_SaysTodaysCount(string culture, string expected)
    {
        var alert = Open[0] with { Text = "Hệ thống ngừng: hệ thống hr ngừng hoạt động tại 1 đơn vị", TextEn = "System down: system hr down in 1 unit" };

        Assert.Equal(expected, AlertText.Text(alert, CultureInfo.GetCultureInfo(culture)));
    }

    [Fact]
    public void Lines_MostSevereFirst_ThenNewest()
    {
        AlertView[] alerts =
        [
            Alert("old-critical", AlertLevel.Critical, AlertStates.Firing, TimeSpan.FromMinutes(40), 1),
            Alert("new-warning", AlertLevel.Warning, AlertStates.Firing, TimeSpan.FromMinutes(1), 1),
            Alert("new-critical", AlertLevel.Critical, AlertStates.Firing, TimeSpan.FromMinutes(2), 1),
        ];

        var lines = InCulture("vi-VN", () => AlertText.Lines(alerts, Now, CultureInfo.CurrentUICulture, Text(), 2));

        Assert.Equal(["new-critical", "old-critical"], lines.Select(l => l.Key));
    }

    [Fact]
    public void Lines_AreTheNewestFive()
    {
        var many = Enumerable.Range(1, 8).Select(i => Alert($"k{i}", AlertLevel.Info, AlertStates.Firing, TimeSpan.FromMinutes(i), 1)).Reverse();

        var lines = InCulture("vi-VN", () => AlertText.Lines(many, Now, CultureInfo.CurrentUICulture, Text()));

        Assert.Equal(["k1", "k2", "k3", "k4", "k5"], lines.Select(l => l.Key));
        Assert.All(lines, l => Assert.Equal("Thông tin", l.Severity));
    }

    [Theory]
    [InlineData("vi-VN", 270, "4 phút 30 giây")]
    [InlineData("en-US", 270, "4 min 30 s")]
    [InlineData("vi-VN", 45, "45 giây")]
    [InlineData("en-US", 3600 + 120, "1 h 2 min")]
    [InlineData("vi-VN", 0, "0 giây")]
    public void Duration_FollowsThePageCulture(string culture, double seconds, string expected) =>
        Assert.Equal(expected, AlertText.Duration(seconds, new CultureInfo(culture)));

    [Theory]
    [InlineData(2026, 12, 3, "2026-W49")]
    [InlineData(2027, 1, 1, "2026-W53")]
    [InlineData(2026, 1, 1, "2026-W01")]
    public void IsoWeek_NamesTheWeekAsTheReportDoes(int year, int month, int day, string expected) =>
        Assert.Equal(expected, AlertText.IsoWeek(new DateTimeOffset(year, month, day, 8, 0, 0, TimeSpan.FromHours(7))));
}
