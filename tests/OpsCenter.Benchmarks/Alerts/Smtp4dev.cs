using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace OpsCenter.Benchmarks.Alerts;

/// <summary>
/// smtp4dev (the dotnet tool in <c>.tools/smtp4dev</c>, or <c>SMTP4DEV_PATH</c>) on free loopback
/// ports, in memory, no TLS, as the AppHost's inbox resource and the collector's mail tests run it.
/// Its HTTP API gives each mail's received date, the instant it accepted the mail.
/// </summary>
internal sealed class Smtp4dev : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("opscenter-alert-bench-smtp4dev.").FullName;
    private readonly Queue<string> _output = new();
    private Process? _process;

    public int SmtpPort { get; } = ServerProcess.FreePort();

    public Uri WebUrl { get; } = new($"http://127.0.0.1:{ServerProcess.FreePort()}");

    public HttpClient Api { get; private set; } = null!;

    public static async Task<Smtp4dev> StartAsync()
    {
        var server = new Smtp4dev();
        try
        {
            await server.StartCoreAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private async Task StartCoreAsync()
    {
        var tool = Environment.GetEnvironmentVariable("SMTP4DEV_PATH") is { Length: > 0 } configured ? configured
            : Path.Combine(ServerProcess.RepositoryRoot(), ".tools", "smtp4dev", OperatingSystem.IsWindows() ? "smtp4dev.exe" : "smtp4dev");
        if (!File.Exists(tool))
        {
            throw new InvalidOperationException(
                $"smtp4dev is not installed at {tool}: run dotnet tool install Rnwood.Smtp4dev --version 3.15.0 --tool-path .tools/smtp4dev");
        }
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _data };
        foreach (var argument in new[]
        {
            $"--urls={WebUrl}", $"--smtpport={SmtpPort}", "--imapport=", "--pop3port=", "--db=", "--tlsmode=None",
            "--nousersettings", $"--baseappdatapath={_data}", "--messagestokeep=5000", "--hostname=localhost",
        })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = WebUrl, Timeout = TimeSpan.FromSeconds(30) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
        {
            try
            {
                using var response = await Api.GetAsync("/api/messages?pageSize=1");
                using var smtp = new TcpClient();
                await smtp.ConnectAsync(IPAddress.Loopback, SmtpPort);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        lock (_output)
        {
            throw new InvalidOperationException($"smtp4dev did not start; its output:\n{string.Join('\n', _output)}");
        }
    }

    /// <summary>Every mail received (summary: id, to, subject, received date).</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MessagesAsync()
    {
        var page = await Api.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=5000&sortColumn=receivedDate&sortIsDescending=false");
        return [.. page.GetProperty("results").EnumerateArray().Select(m => new ReceivedMail(
            m.GetProperty("id").GetString()!,
            [.. m.GetProperty("to").EnumerateArray().Select(t => t.GetString()!)],
            m.GetProperty("subject").GetString()!,
            m.GetProperty("receivedDate").GetDateTimeOffset()))];
    }

    /// <summary>One mail's header value, null when absent.</summary>
    public async Task<string?> HeaderAsync(string id, string name)
    {
        var detail = await Api.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
        return detail.GetProperty("headers").EnumerateArray()
            .Where(h => string.Equals(h.GetProperty("name").GetString(), name, StringComparison.OrdinalIgnoreCase))
            .Select(h => h.GetProperty("value").GetString()).FirstOrDefault();
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

    public void Dispose()
    {
        Api?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
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

internal sealed record ReceivedMail(string Id, IReadOnlyList<string> To, string Subject, DateTimeOffset ReceivedAt);
