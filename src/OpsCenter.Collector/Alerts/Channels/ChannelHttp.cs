using System.Net;
using OpsCenter.Collector.Pull;

namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>
/// The HTTP client every channel sends through: the health poller's SSRF policy (<see cref="TargetGuard"/>
/// checks each address dialled against <see cref="PullOptions.AllowedTargets"/>, read at each connect),
/// no redirects, no cookies, no proxy from the environment.
/// </summary>
public static class ChannelHttp
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static HttpClient Create(Func<IEnumerable<string>> allowedTargets, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(allowedTargets);
        var handler = TargetGuard.Handler(allowedTargets, TimeSpan.FromMinutes(5));
        handler.UseCookies = false;
        return new HttpClient(handler) { Timeout = timeout ?? DefaultTimeout };
    }

    /// <summary>How an HTTP answer's status counts when the body says nothing more.</summary>
    public static SendResult Judge(HttpResponseMessage response, int attempts)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        return status switch
        {
            >= 200 and < 300 => SendResult.Sent(attempts),
            >= 300 and < 400 => SendResult.Permanent($"HTTP {status}: redirect to {response.Headers.Location} not followed", attempts),
            408 or 425 or 429 or >= 500 => SendResult.Transient($"HTTP {status} {response.ReasonPhrase}", attempts),
            _ => SendResult.Permanent($"HTTP {status} {response.ReasonPhrase}", attempts),
        };
    }

    /// <summary>How a request that got no answer counts: a refused target is permanent, the rest transient.</summary>
    public static SendResult Judge(Exception error, int attempts)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (TargetGuard.RefusalIn(error) is { } refusal)
        {
            return SendResult.Permanent(refusal.Describe(), attempts);
        }
        return error is TaskCanceledException or TimeoutException
            ? SendResult.Transient("no answer in time", attempts)
            : SendResult.Transient(error.Message, attempts);
    }
}
