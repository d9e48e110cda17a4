using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>
/// Every wall view keeps its page's language through live updates: watched for 30 s in Vietnamese
/// and in English while a ward's health flips, no number, percentage, date, age or title of the other
/// language's format appears (renders raised by the live mirror once ran under the thread's culture,
/// so the formats switched every few seconds).
/// </summary>
public partial class WallCultureTests(CenterFixture center, BrowserFixture browser)
{
    // Phường Bến Cát: its health flips every two seconds while the walls are watched.
    internal const string Ward = "25813";
    private static readonly TimeSpan Watched = TimeSpan.FromSeconds(30);

    private sealed record Language(string Culture, string Key, string AppTitle, IReadOnlyList<(string Name, Regex Pattern)> Foreign, Regex Own);

    private static readonly Language Vietnamese = new("vi-VN", "vi", "Trung tâm điều hành OpsCenter",
    [
        ("English thousands", EnglishThousands()), ("English decimal", EnglishDecimal()), ("English percent", EnglishPercent()),
        ("English day or month", EnglishNames()), ("English age", EnglishAge()),
    ], VietnameseOwn());

    private static readonly Language English = new("en-US", "en", "OpsCenter operations center",
    [
        ("Vietnamese thousands", VietnameseThousands()), ("Vietnamese decimal", VietnameseDecimal()), ("Vietnamese percent", VietnamesePercent()),
        ("Vietnamese day", VietnameseDays()), ("Vietnamese age", VietnameseAge()),
    ], EnglishOwn());

    [Fact]
    public async Task EveryView_Watched30sInEachLanguage_ShowsOnlyThatLanguagesFormats()
    {
        await PostFiguresAsync();
        var layouts = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "dashboards", "walls"), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement).ToList();
        var views = layouts.Select(l => l.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
        var pages = new List<(string View, Language Language, IPage Page, HashSet<string> Titles)>();
        foreach (var language in new[] { Vietnamese, English })
        {
            // A view's title, or another's (a playlist shows several), in the page's language.
            HashSet<string> titles = [language.AppTitle, .. layouts.Select(l => l.GetProperty("title").GetProperty(language.Key).GetString()!)];
            foreach (var view in views)
            {
                var page = await browser.NewWallPageAsync(center.GatewayUrl, 1280, 720);
                await page.GotoAsync(new Uri(center.GatewayUrl, $"/wall/{view}?culture={language.Culture}").ToString());
                await page.Locator(".wall").WaitForAsync();
                pages.Add((view, language, page, titles));
            }
        }

        using var watching = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var flips = FlipHealthAsync(watching.Token);
        var findings = new ConcurrentQueue<string>();
        var ownSeen = new ConcurrentDictionary<string, bool>();
        var clock = Stopwatch.StartNew();
        var samples = 0;
        while (clock.Elapsed < Watched)
        {
            await Task.WhenAll(pages.Select(async p =>
            {
                var text = await p.Page.Locator(".wall").InnerTextAsync();
                var title = await p.Page.TitleAsync();
                foreach (var (name, pattern) in p.Language.Foreign)
                {
                    if (pattern.Match(text) is { Success: true } match)
                    {
                        findings.Enqueue($"{clock.Elapsed.TotalSeconds:0} s, {p.View} in {p.Language.Culture}: {name} '{Around(text, match)}'");
                    }
                }
                // Empty for a moment while the circuit takes over the prerendered head.
                if (title.Length > 0 && !p.Titles.Contains(title))
                {
                    findings.Enqueue($"{clock.Elapsed.TotalSeconds:0} s, {p.View} in {p.Language.Culture}: title '{title}'");
                }
                if (p.Language.Own.IsMatch(text))
                {
                    ownSeen[$"{p.View} {p.Language.Culture}"] = true;
                }
            }));
            samples++;
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }
        await watching.CancelAsync();
        await flips;
        foreach (var page in pages)
        {
            await page.Page.Context.CloseAsync();
        }

        TestContext.Current.SendDiagnosticMessage($"{samples} samples of {pages.Count} pages over {clock.Elapsed.TotalSeconds:0} s; own formats seen on {string.Join(", ", ownSeen.Keys.Order())}");
        Assert.True(findings.IsEmpty, string.Join('\n', findings.Take(20)));
        Assert.True(samples >= 10, $"only {samples} samples in {Watched.TotalSeconds} s");
        // Not vacuous: the views with figures or a date showed them in the page's own format (the
        // 766 scores on the KPI view and its playlist, the clock's day on the map view).
        Assert.All(pages.Where(p => p.View is "kpi" or "rotation" or "map"),
            p => Assert.True(ownSeen.ContainsKey($"{p.View} {p.Language.Culture}"), $"{p.View} in {p.Language.Culture} showed nothing in its own format"));
    }

    /// <summary>Figures with thousands and decimals for every view: a backlog snapshot and a 766 score.</summary>
    private async Task PostFiguresAsync()
    {
        using var backlog = await center.PostAsync("backlog", new[]
        {
            new BacklogSnapshotItem
            {
                Unit = Ward, Day = TestClock.VietnamToday, CarriedOver = 12_345, Received = 678, InProgressLate = 91, InProgressNearlyDue = 120,
                InProgressNotDue = 11_000, ProcessedOnTime = 1_702, ProcessedLate = 110, ProcessedNotCollected = 4, ApologyLetters = 9, ReceivedOnline = 400,
            },
        });
        Assert.Equal(HttpStatusCode.OK, backlog.StatusCode);
        using var scores = await center.PostAsync("index-scores", new[]
        {
            new IndexScoreItem { IndexSet = "qd766", Period = "2025-W47", Unit = Ward, Indicator = "total", Value = 48.25m, Max = 100, PublishedAt = TestClock.UtcNow.AddDays(-1) },
        });
        Assert.Equal(HttpStatusCode.OK, scores.StatusCode);
    }

    private async Task FlipHealthAsync(CancellationToken cancellationToken)
    {
        var down = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            down = !down;
            using (await center.PostHealthAsync([CenterFixture.Sample(Ward, "one-stop", down ? HealthStatus.Down : HealthStatus.Up)]))
            {
            }
            try
            {
                await Task.Delay(2000, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string Around(string text, Match match) =>
        text.Substring(Math.Max(0, match.Index - 30), Math.Min(text.Length - Math.Max(0, match.Index - 30), match.Length + 60)).ReplaceLineEndings(" ");

    // English: 27,492 / 94.2% / 90.71 / Thursday, 3 December 2026 / 12 s.
    [GeneratedRegex(@"\b\d{1,3}(?:,\d{3})+(?![\d,])")]
    private static partial Regex EnglishThousands();

    [GeneratedRegex(@"\b\d+\.\d{1,2}(?![\d.])")]
    private static partial Regex EnglishDecimal();

    [GeneratedRegex(@"\d%")]
    private static partial Regex EnglishPercent();

    [GeneratedRegex(@"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|August|September|October|November|December)\b")]
    private static partial Regex EnglishNames();

    [GeneratedRegex(@"\b\d+ (?:s|min|h|d)\b")]
    private static partial Regex EnglishAge();

    [GeneratedRegex(@"\b\d{1,3}(?:,\d{3})+(?![\d,])|\b\d+\.\d{1,2}(?![\d.])|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")]
    private static partial Regex EnglishOwn();

    // Vietnamese: 27.492 / 94,2 % / 90,71 / Thứ Năm, 03/12/2026 / 12 giây.
    [GeneratedRegex(@"\b\d{1,3}(?:\.\d{3})+(?![\d.])")]
    private static partial Regex VietnameseThousands();

    [GeneratedRegex(@"\b\d+,\d{1,2}(?![\d,])")]
    private static partial Regex VietnameseDecimal();

    [GeneratedRegex(@"\d %")]
    private static partial Regex VietnamesePercent();

    [GeneratedRegex(@"\b(?:Thứ (?:Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật)\b")]
    private static partial Regex VietnameseDays();

    [GeneratedRegex(@"\b\d+ (?:giây|phút|giờ|ngày)\b")]
    private static partial Regex VietnameseAge();

    [GeneratedRegex(@"\b\d{1,3}(?:\.\d{3})+(?![\d.])|\b\d+,\d{1,2}(?![\d,])|\b(?:Thứ (?:Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật)\b")]
    private static partial Regex VietnameseOwn();
}
