using Microsoft.AspNetCore.Http.HttpResults;

namespace OpsCenter.Wall.Access;

/// <summary>
/// Where the Wall may send a browser back to (sign-in, language switch, pairing, challenges): a path
/// on this site by the framework's own rule (<see cref="RedirectHttpResult.IsLocalUrl"/>: no scheme or
/// host, no <c>//</c> or <c>/\</c>, no control characters; a browser drops a tab or line break and
/// reads <c>/%09/evil.example</c> as <c>//evil.example</c>). Anything else is the fallback.
/// </summary>
public static class LocalUrls
{
    public static string OrDefault(string? url, string fallback) =>
        !RedirectHttpResult.IsLocalUrl(url) ? fallback
        : url!.StartsWith("~/", StringComparison.Ordinal) ? url[1..] // app-relative: the Wall has no path base
        : url;

    /// <summary>Redirects to <paramref name="url"/> if it is local, else to <paramref name="fallback"/>.</summary>
    public static IResult Redirect(string? url, string fallback) => Results.LocalRedirect(OrDefault(url, fallback));
}
