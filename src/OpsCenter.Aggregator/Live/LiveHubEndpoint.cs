using Microsoft.AspNetCore.SignalR;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts.Live;

namespace OpsCenter.Aggregator.Live;

/// <summary>The typed live hub at <c>/hubs/live</c>: subscribe to a scope, get a snapshot, then deltas.</summary>
internal sealed class LiveHubEndpoint(LivePublisher publisher, ScopeMembers scopes) : Hub<ILiveClient>
{
    public Task<LiveSnapshot> Subscribe(string scope)
    {
        var parsed = Parse(scope);
        var reader = Access.ReaderScope.Of(Context.User!);
        if (!reader.MayWatch(parsed))
        {
            throw new HubException($"This key may watch 'unit:{reader.Unit}' only, not '{scope}'.");
        }
        return publisher.SubscribeAsync(Context.ConnectionId, parsed, Groups, Context.ConnectionAborted);
    }

    public Task Unsubscribe(string scope) =>
        publisher.UnsubscribeAsync(Context.ConnectionId, Parse(scope), Groups, Context.ConnectionAborted);

    public override Task OnDisconnectedAsync(Exception? exception) => publisher.DisconnectedAsync(Context.ConnectionId);

    private LiveScope Parse(string scope)
    {
        if (!LiveScope.TryParse(scope, out var parsed)
            || (parsed.Kind == LiveScopeKind.Unit && !scopes.IsUnit(parsed.Id!))
            || (parsed.Kind == LiveScopeKind.Group && !scopes.Groups.ContainsKey(parsed.Id!)))
        {
            throw new HubException($"Unknown scope '{scope}'. Use 'city', 'unit:<code>' or 'group:<id>' ({string.Join(", ", scopes.Groups.Keys)}).");
        }
        return parsed;
    }
}

internal static class LiveHubEndpoints
{
    public static HubEndpointConventionBuilder MapLiveHub(this IEndpointRouteBuilder app) =>
        app.MapHub<LiveHubEndpoint>(LiveHub.Path);
}
