using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>People for the briefing tests, made through the collector's admin API at the gateway, and sign-in through the Wall's form.</summary>
public static class People
{
    public const string Password = "mat-khau-thu-nghiem";

    public static async Task<string> CreateAsync(CenterFixture center, string prefix, string role, string? unit = null, string password = Password)
    {
        var username = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        using var client = center.CreateGatewayClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", RunningCenter.AdminKey);
        using var response = await client.PutAsJsonAsync($"/api/admin/v1/people/{username}",
            new { displayName = $"Thử nghiệm {prefix}", role, unit, password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return username;
    }

    /// <summary>Fills the sign-in form and waits for the page it leads to.</summary>
    public static async Task SignInAsync(IPage page, Uri gateway, string username, string password = Password, string? returnUrl = null)
    {
        await page.GotoAsync(new Uri(gateway, "/signin" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl))).ToString());
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid='signin-submit']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>Waits until the page's circuit is live (clicks before that reach no handler).</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        Assertions.Expect(page.GetByTestId("interactive")).ToBeAttachedAsync(new() { Timeout = 30_000 });

    /// <summary>Opens a page of the briefing or admin and waits until it is interactive.</summary>
    public static async Task OpenAsync(IPage page, Uri gateway, string path)
    {
        await page.GotoAsync(new Uri(gateway, path).ToString());
        await WaitInteractiveAsync(page);
    }

    /// <summary>Text of a PDF (pdftotext from poppler-utils, which the test command installs).</summary>
    public static async Task<string> PdfTextAsync(string pdf)
    {
        var run = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", pdf, "-"]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("pdftotext did not start: install poppler-utils.");
        var text = await run.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await run.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, run.ExitCode);
        return text;
    }

    /// <summary>The PDF's pages as PNG files next to <paramref name="prefix"/> (pdftoppm).</summary>
    public static async Task PdfToPngAsync(string pdf, string prefix)
    {
        var run = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "80", pdf, prefix]))
            ?? throw new InvalidOperationException("pdftoppm did not start: install poppler-utils.");
        await run.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, run.ExitCode);
    }
}
