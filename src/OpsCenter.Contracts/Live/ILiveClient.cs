namespace OpsCenter.Contracts.Live;

/// <summary>What the live hub at <c>/hubs/live</c> sends to its clients.</summary>
public interface ILiveClient
{
    Task Delta(LiveDelta delta);

    Task Heartbeat(LiveHeartbeat heartbeat);
}

/// <summary>Methods clients invoke on the live hub, and its path.</summary>
public static class LiveHub
{
    public const string Path = "/hubs/live";

    /// <summary><c>Subscribe(string scope) -> LiveSnapshot</c>: joins the scope and returns its snapshot.</summary>
    public const string Subscribe = "Subscribe";

    /// <summary><c>Unsubscribe(string scope)</c>.</summary>
    public const string Unsubscribe = "Unsubscribe";
}
