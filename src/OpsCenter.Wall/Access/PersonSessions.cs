using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Admin;
using OpsCenter.Domain.People;

namespace OpsCenter.Wall.Access;

/// <summary>
/// Checks a person's session on every request against the person as the collector now holds them
/// (role, unit, disabled, security stamp), with each answer kept <see cref="AccessOptions.SessionCheckCache"/>
/// (5 s): sign-out, disabling, demotion, a move to another unit or a new password end every session
/// within seconds, everywhere. When the collector cannot be reached the last answer stands (pages and
/// walls keep working), and the request is marked unconfirmed: exports and admin changes then answer 503.
/// </summary>
public sealed partial class PersonSessions(CollectorAdmin admin, TimeProvider time, IOptions<AccessOptions> options, ILogger<PersonSessions> logger)
{
    /// <summary>Set on a request whose person could not be checked just now (<see cref="IsUnconfirmed"/>).</summary>
    private const string UnconfirmedItem = "opscenter:person-unconfirmed";

    private readonly ConcurrentDictionary<string, (PersonSessionInfo? Session, DateTimeOffset At)> _answers = new(StringComparer.Ordinal);

    public enum Verdict
    {
        Valid,
        Ended,
        Unconfirmed,
    }

    /// <summary>Whether <paramref name="user"/>'s session still stands; null answers from an unreachable collector stand as last known.</summary>
    public async Task<Verdict> CheckAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var username = user.Identity?.Name;
        if (string.IsNullOrEmpty(username))
        {
            return Verdict.Ended;
        }
        var now = time.GetUtcNow();
        var confirmed = true;
        if (!_answers.TryGetValue(username, out var known) || now - known.At >= options.Value.SessionCheckCache)
        {
            try
            {
                known = (await admin.SessionAsync(username, cancellationToken), now);
                _answers[username] = known;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or AdminRequestException && !cancellationToken.IsCancellationRequested)
            {
                LogUnconfirmed(logger, username, e.Message);
                if (known.At == default)
                {
                    return Verdict.Unconfirmed; // never checked: nothing to go by but the cookie
                }
                confirmed = false;
            }
        }
        return Matches(user, known.Session) ? confirmed ? Verdict.Valid : Verdict.Unconfirmed : Verdict.Ended;
    }

    /// <summary>Forgets what is known of a person (after their own sign-out): the next request asks again.</summary>
    public void Forget(string username) => _answers.TryRemove(username, out _);

    public static bool IsUnconfirmed(HttpContext context) => context?.Items.ContainsKey(UnconfirmedItem) == true;

    private static bool Matches(ClaimsPrincipal user, PersonSessionInfo? session) =>
        session is { Disabled: false }
        && string.Equals(session.Stamp, user.FindFirstValue(AccessNames.StampClaim), StringComparison.Ordinal)
        && string.Equals(session.Role, user.Role(), StringComparison.Ordinal)
        && string.Equals(session.Unit, user.FindFirstValue(AccessNames.UnitClaim), StringComparison.Ordinal);

    /// <summary>The cookie handler's hook: every request with a person's cookie is checked.</summary>
    internal static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } user)
        {
            return;
        }
        var sessions = context.HttpContext.RequestServices.GetRequiredService<PersonSessions>();
        switch (await sessions.CheckAsync(user, context.HttpContext.RequestAborted))
        {
            case Verdict.Ended:
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(AccessNames.PersonScheme);
                break;
            case Verdict.Unconfirmed:
                context.HttpContext.Items[UnconfirmedItem] = true;
                break;
            default:
                break;
        }
    }

    [LoggerMessage(LogLevel.Warning, "The session of {Username} could not be checked (the collector did not answer: {Reason}); the last answer stands")]
    private static partial void LogUnconfirmed(ILogger logger, string username, string reason);
}
