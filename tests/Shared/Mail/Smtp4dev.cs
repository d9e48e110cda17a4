using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace OpsCenter.Tests;

/// <summary>
/// A real SMTP server for the mail tests and the alert benchmark: smtp4dev (the dotnet tool the test
/// command installs into <c>.tools/smtp4dev</c>, or the one at <c>SMTP4DEV_PATH</c>) on free loopback
/// ports, in memory, no TLS, no IMAP or POP3, as the AppHost's inbox resource runs it. What it received
/// is read through its HTTP API. Without the tool it fails and says how to install it. It does not
/// depend on xunit (the benchmarks link it too).
/// </summary>
public sealed class Smtp4dev : IAsyncDisposable
{
    public const string InstallCommand = "dotnet tool install Rnwood.Smtp4dev --version 3.15.0 --tool-path .tools/smtp4dev";

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private readonly Queue<string> _output = new();
    private readonly string _data = Directory.CreateTempSubdirectory("opscenter-smtp4dev-").FullName;
    private Process? _process;

    private Smtp4dev()
    {
        Api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = WebUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int SmtpPort { get; } = FreePort();

    public Uri WebUrl { get; } = new($"http://127.0.0.1:{FreePort()}");

    /// <summary>smtp4dev's HTTP API.</summary>
    public HttpClient Api { get; }

    /// <summary>Starts smtp4dev and returns once both its SMTP port and its API answer.</summary>
    public static async Task<Smtp4dev> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new Smtp4dev();
        try
        {
            await server.StartCoreAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var tool = ToolPath();
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _data };
        foreach (var argument in new[]
        {
            $"--urls={WebUrl}", $"--smtpport={SmtpPort}", "--imapport=", "--pop3port=", "--db=", "--tlsmode=None",
            "--nousersettings", $"--baseappdatapath={_data}", "--messagestokeep=5000", "--hostname=localhost",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = _process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Process start-up, not a test's wait: the benchmarks have no xunit, so this is not Eventually.
        var watch = Stopwatch.StartNew();
        while (!process.HasExited && watch.Elapsed < StartLimit)
        {
            if (await AnswersAsync())
            {
                return;
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new InvalidOperationException(
            $"smtp4dev {(process.HasExited ? "exited at start" : $"did not answer within {StartLimit.TotalSeconds:0} s")} (SMTP {SmtpPort}, web {WebUrl}); its output:{Environment.NewLine}{Output()}");
    }

    /// <summary>Every mail received, oldest first (summaries).</summary>
    public async Task<IReadOnlyList<InboxMail>> MessagesAsync(CancellationToken cancellationToken = default)
    {
        var page = await Api.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=5000&sortColumn=receivedDate&sortIsDescending=false", cancellationToken);
        return [.. page.GetProperty("results").EnumerateArray().Select(m => new InboxMail(
            m.GetProperty("id").GetString()!,
            [.. m.GetProperty("to").EnumerateArray().Select(t => t.GetString()!)],
            m.GetProperty("subject").GetString()!,
            m.GetProperty("receivedDate").GetDateTimeOffset()))];
    }

    /// <summary>One mail's headers and which bodies it has.</summary>
    public async Task<InboxMailDetail> DetailAsync(string id, CancellationToken cancellationToken = default)
    {
        var detail = await Api.GetFromJsonAsync<JsonElement>($"/api/messages/{id}", cancellationToken);
        var headers = detail.GetProperty("headers").EnumerateArray()
            .Select(h => (Name: h.GetProperty("name").GetString()!, Value: h.GetProperty("value").GetString()!))
            .ToLookup(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        return new InboxMailDetail(headers, detail.GetProperty("hasPlainTextBody").GetBoolean(), detail.GetProperty("hasHtmlBody").GetBoolean());
    }

    /// <summary>The installed tool; a missing one fails with the command that installs it.</summary>
    public static string ToolPath()
    {
        if (Environment.GetEnvironmentVariable("SMTP4DEV_PATH") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured
                : throw new InvalidOperationException($"SMTP4DEV_PATH is {configured}, where there is no file.");
        }
        var path = Path.Combine(RepositoryPaths.Root, ".tools", "smtp4dev", OperatingSystem.IsWindows() ? "smtp4dev.exe" : "smtp4dev");
        if (!File.Exists(path))
        {
            var ci = Environment.GetEnvironmentVariable("CI") == "true" ? " (CI: the test command should have installed it; did its install step fail?)" : "";
            throw new InvalidOperationException(
                $"smtp4dev, the SMTP server the alert mail tests send to, is not installed at {path}{ci}. From the repository root run: "
                + $"{InstallCommand} (the README's test command, bash tests/run-tests.sh, does it), or set SMTP4DEV_PATH to an smtp4dev executable.");
        }
        return path;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var response = await Api.GetAsync("/api/messages?pageSize=1");
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
            _output.Enqueue(line);
            if (_output.Count > 40)
            {
                _output.Dequeue();
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A mail as smtp4dev lists it: when it accepted the mail.</summary>
public sealed record InboxMail(string Id, IReadOnlyList<string> To, string Subject, DateTimeOffset ReceivedAt);

/// <summary>A mail's headers and bodies as smtp4dev received them.</summary>
public sealed record InboxMailDetail(ILookup<string, string> Headers, bool HasText, bool HasHtml);
