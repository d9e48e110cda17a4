using System.Net.Http.Headers;

namespace OpsCenter.Wall.Access;

/// <summary>
/// Sends the Wall's key for another service with every request of a typed client: the admin key to
/// the collector, the service key to the aggregator. Registered once per client, so no call site
/// (and no page) handles a key.
/// </summary>
public sealed class ServiceKeyHandler(string? key) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrEmpty(key))
        {
            request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", key);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
