using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace OpsCenter.Collector.Tests.Alerts.Mail;

/// <summary>
/// A real SMTP server for the mailer tests: smtp4dev (the dotnet tool the test command installs into
/// <c>.tools/smtp4dev</c>, or the one at <c>SMTP4DEV_PATH</c>) on free loopback ports, in memory, no
/// TLS, no IMAP or POP3. What it received is read through its HTTP API. There is no skipping: without
/// the tool the tests fail and say how to install it.
/// </summary>
public sealed class Smtp4devServer : IAsyncLifetime
{
    public const string InstallCommand = "dotnet tool install Rnwood.Smtp4dev --version 3.15.0 --tool-path .tools/smtp4dev";

    private readonly List<string> _output = [];
    private readonly string _data = Directory.CreateTempSubdirectory("opscenter-smtp4dev-").FullName;
    private Process? _process;
    private HttpClient? _api;

    public int SmtpPort { get; } = FreePort();

    public Uri WebUrl { get; } = new($"http://127.0.0.1:{FreePort()}");

    public async ValueTask InitializeAsync()
    {
        var tool = ToolPath();
        var data = _data;
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data,
        };
        foreach (var argument in new[]
        {
            $"--urls={WebUrl}", $"--smtpport={SmtpPort}", "--imapport=", "--pop3port=", "--db=", "--tlsmode=None",
            "--nousersettings", $"--baseappdatapath={data}", "--messagestokeep=1000", "--hostname=localhost",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = _process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _api = new HttpClient { BaseAddress = WebUrl, Timeout = TimeSpan.FromSeconds(10) };

        await Eventually.TrueAsync(async () => process.HasExited || await AnswersAsync(), TimeSpan.FromSeconds(60), $"smtp4dev answering (SMTP {SmtpPort}, web {WebUrl})");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"smtp4dev exited at start (SMTP {SmtpPort}, web {WebUrl}); its output:{Environment.NewLine}{Output()}");
        }
    }

    /// <summary>The mails received whose recipients include an address ending in <paramref name="domain"/>, with their headers.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MailsToAsync(string domain)
    {
        var page = await _api!.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=1000&sortColumn=receivedDate&sortIsDescending=false");
        var mails = new List<ReceivedMail>();
        foreach (var summary in page.GetProperty("results").EnumerateArray())
        {
            var to = summary.GetProperty("to").EnumerateArray().Select(t => t.GetString()!).ToList();
            if (!to.Any(t => t.Contains("@" + domain, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var id = summary.GetProperty("id").GetString()!;
            var detail = await _api!.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
            var headers = detail.GetProperty("headers").EnumerateArray()
                .Select(h => (Name: h.GetProperty("name").GetString()!, Value: h.GetProperty("value").GetString()!))
                .ToLookup(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
            mails.Add(new ReceivedMail(to, summary.GetProperty("subject").GetString()!, headers,
                detail.GetProperty("hasPlainTextBody").GetBoolean(), detail.GetProperty("hasHtmlBody").GetBoolean()));
        }
        return mails;
    }

    public async ValueTask DisposeAsync()
    {
        _api?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>The installed tool; a missing one fails the tests with the command that installs it.</summary>
    private static string ToolPath()
    {
        if (Environment.GetEnvironmentVariable("SMTP4DEV_PATH") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured
                : throw new InvalidOperationException($"SMTP4DEV_PATH is {configured}, where there is no file.");
        }
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OpsCenter.sln")))
        {
            root = root.Parent;
        }
        var path = Path.Combine(root?.FullName ?? ".", ".tools", "smtp4dev", OperatingSystem.IsWindows() ? "smtp4dev.exe" : "smtp4dev");
        if (!File.Exists(path))
        {
            var ci = Environment.GetEnvironmentVariable("CI") == "true" ? " (CI: the test command should have installed it; did its install step fail?)" : "";
            throw new InvalidOperationException(
                $"smtp4dev, the SMTP server the alert mail tests send to, is not installed at {path}{ci}. From the repository root run: "
                + $"{InstallCommand} (the README's test command, bash tests/run-tests.sh, does it), or set SMTP4DEV_PATH to an smtp4dev executable.");
        }
        return path;
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var response = await _api!.GetAsync("/api/messages?pageSize=1");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
            using var smtp = new TcpClient();
            await smtp.ConnectAsync(IPAddress.Loopback, SmtpPort);
            return true;
        }
        catch (Exception error) when (error is HttpRequestException or SocketException or TaskCanceledException)
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output.TakeLast(40));
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A mail as smtp4dev received it.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> To, string Subject, ILookup<string, string> Headers, bool HasText, bool HasHtml);
