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

    public static IResourceBuilder<ProjectResource> WithInbox(this IResourceBuilder<ProjectResource> collector, IDistributedApplicationBuilder builder, string dataPath)
    {
        var tool = builder.Configuration["OpsCenter:Smtp4devPath"] ?? Path.GetFullPath(Path.Combine(
            builder.AppHostDirectory, "..", "..", ".tools", "smtp4dev", OperatingSystem.IsWindows() ? "smtp4dev.exe" : "smtp4dev"));
        if (!File.Exists(tool))
        {
            return collector.WithEnvironment("Alerts__Smtp__Unavailable",
                $"smtp4dev is not installed (no {tool}): run {InstallCommand} in the repository root, then restart the center");
        }
        // Its settings and state stay in the data folder; the mail itself is kept in memory (gone on restart).
        var folder = Path.Combine(dataPath, "inbox");
        Directory.CreateDirectory(folder);
        var inbox = builder.AddExecutable("inbox", tool, folder)
            .WithHttpEndpoint(name: "http", isProxied: false)
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
}
