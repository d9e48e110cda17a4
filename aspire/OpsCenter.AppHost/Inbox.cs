using Microsoft.Extensions.Configuration;

/// <summary>
/// The embedded default's mail inbox: smtp4dev (a dotnet tool the test command installs into
/// <c>.tools/smtp4dev</c>; <c>OpsCenter:Smtp4devPath</c> points elsewhere) as the <c>inbox</c> resource,
/// its web inbox on an HTTP endpoint and its SMTP server on a TCP one that the collector sends alert
/// mail to. Without the tool the center still starts: the collector keeps the mail pending and its
/// status (Admin › Alerts) says how to install it.
/// </summary>
internal static class Inbox
{
    public const string InstallCommand = "dotnet tool install Rnwood.Smtp4dev --version 3.15.0 --tool-path .tools/smtp4dev";

    public const string Version = "3.15.0";

    /// <summary>The web inbox's port when the center runs on the README's command (tests pass a free one).</summary>
    public const int DefaultPort = 5085;

    public static IResourceBuilder<ProjectResource> WithInbox(this IResourceBuilder<ProjectResource> collector, IDistributedApplicationBuilder builder, string dataPath)
    {
        var configured = builder.Configuration["OpsCenter:Smtp4devPath"];
        var tool = configured ?? Path.GetFullPath(Path.Combine(
            builder.AppHostDirectory, "..", "..", ".tools", "smtp4dev", OperatingSystem.IsWindows() ? "smtp4dev.exe" : "smtp4dev"));
        // A fresh clone has no tool yet: install it once (a few seconds from the NuGet feed); if that
        // fails the center still starts and the collector's mail status says why.
        var failure = File.Exists(tool) || configured is not null ? null : Install(Path.GetDirectoryName(tool)!);
        if (!File.Exists(tool))
        {
            return collector.WithEnvironment("Alerts__Smtp__Unavailable",
                $"smtp4dev is not installed (no {tool}{(failure is null ? "" : "; installing it failed: " + failure)}): run {InstallCommand} in the repository root, then restart the center");
        }
        // Its settings and state stay in the data folder; the mail itself is kept in memory (gone on restart).
        var folder = Path.Combine(dataPath, "inbox");
        Directory.CreateDirectory(folder);
        var inbox = builder.AddExecutable("inbox", tool, folder)
            .WithHttpEndpoint(name: "http", port: builder.Configuration.GetValue("OpsCenter:InboxPort", DefaultPort), isProxied: false)
            .WithEndpoint(name: "smtp", scheme: "tcp", isProxied: false)
            .WithHttpHealthCheck("/");
        var web = inbox.GetEndpoint("http");
        var smtp = inbox.GetEndpoint("smtp");
        inbox.WithArgs(
            ReferenceExpression.Create($"--urls=http://localhost:{web.Property(EndpointProperty.TargetPort)}"),
            ReferenceExpression.Create($"--smtpport={smtp.Property(EndpointProperty.TargetPort)}"),
            "--imapport=", "--pop3port=", "--db=", "--tlsmode=None", "--nousersettings", "--hostname=localhost",
            $"--baseappdatapath={folder}");
        return collector
            .WithEnvironment("Alerts__Smtp__Host", ReferenceExpression.Create($"{smtp.Property(EndpointProperty.Host)}"))
            .WithEnvironment("Alerts__Smtp__Port", ReferenceExpression.Create($"{smtp.Property(EndpointProperty.Port)}"));
    }

    /// <summary>Installs the tool into <paramref name="folder"/>; null when it worked, else what went wrong.</summary>
    private static string? Install(string folder)
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet")
            {
                ArgumentList = { "tool", "install", "Rnwood.Smtp4dev", "--version", Version, "--tool-path", folder },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                return "dotnet tool install took more than 2 minutes";
            }
            return process.ExitCode == 0 ? null : $"dotnet tool install exited with {process.ExitCode}: {error.Result.Trim().Split('\n').LastOrDefault()}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return e.Message;
        }
    }
}
