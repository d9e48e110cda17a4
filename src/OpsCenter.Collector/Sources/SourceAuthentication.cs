using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Collector.Sources;

/// <summary>Authenticates a reporting system by the API key in the <c>X-Api-Key</c> header.</summary>
internal sealed class SourceAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ISourceRegistry sources)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SourceKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(IngestHeaders.ApiKey, out var values) || values.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }
        var key = values[0];
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }
        var source = await sources.FindByKeyAsync(key, Context.RequestAborted);
        if (source is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        Context.Items[typeof(Source)] = source;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, source.Id)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "An API key is required",
            $"Send the source's key in the {IngestHeaders.ApiKey} header; a revoked or unknown key is refused.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "This key may not do that", null);

    private Task WriteProblemAsync(int status, string title, string? detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
}

internal static class SourceHttpContextExtensions
{
    /// <summary>The authenticated source of this request; only valid behind the source policy.</summary>
    public static Source GetSource(this HttpContext context) =>
        context.Items[typeof(Source)] as Source
        ?? throw new InvalidOperationException("No authenticated source on this request.");
}
