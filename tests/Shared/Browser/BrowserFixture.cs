using Microsoft.Playwright;

namespace OpsCenter.Tests;

/// <summary>
/// One headless Chromium for the whole assembly: Debian's package at /usr/bin/chromium, or the
/// path in CHROMIUM_PATH. There is no download fallback and no skipping: without Chromium the
/// browser tests fail with a message that says what to install.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {path}. Install Debian's package (apt-get install -y chromium fonts-noto-core) " +
                "or set CHROMIUM_PATH to a Chromium binary. The README's test command installs it when run as root.");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    /// <summary>A wall screen: a fresh browser holding the configured device token for the center at <paramref name="gateway"/>.</summary>
    public async Task<IPage> NewWallPageAsync(Uri gateway, int width = 1920, int height = 1080)
    {
        var page = await NewPageAsync(width, height);
        await page.Context.AddCookiesAsync(
        [
            new Cookie { Name = "opscenter.device", Value = RunningCenter.WallDeviceToken, Url = gateway.GetLeftPart(UriPartial.Authority) },
        ]);
        return page;
    }

    /// <summary>A fresh browser with nothing: no person signed in, no device token.</summary>
    public async Task<IPage> NewPageAsync(int width = 1920, int height = 1080)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
