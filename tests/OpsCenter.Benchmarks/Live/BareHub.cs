using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Live;

namespace OpsCenter.Benchmarks.Live;

/// <summary>
/// The ceiling for fan-out: a bare SignalR hub on Kestrel (same JSON protocol and options as the
/// aggregator, no auth, no state) that broadcasts to a group at 1 Hz a delta of the same shape and
/// bytes as one the aggregator sent (read from a file), numbered, with a heartbeat every 5 s; its
/// Subscribe returns the aggregator's snapshot (same bytes), joining the group under the same gate
/// that numbers the deltas, as the aggregator does.
/// </summary>
internal static class BareHub
{
    public const string Group = "city";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args is not [var port, var deltaFile, var snapshotFile])
        {
            throw new ArgumentException("bare-hub <port> <delta.json> <snapshot.json>");
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR().AddJsonProtocol(o => WireJson.Configure(o.PayloadSerializerOptions));
        builder.Services.AddSingleton(new BareFeed(
            JsonSerializer.Deserialize<LiveDelta>(await File.ReadAllTextAsync(deltaFile), WireJson.Options)!,
            JsonSerializer.Deserialize<LiveSnapshot>(await File.ReadAllTextAsync(snapshotFile), WireJson.Options)!));
        builder.Services.AddHostedService<BareBroadcaster>();
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapHub<BareLiveHub>("/hubs/live");
        await app.RunAsync();
        return 0;
    }

    internal sealed class BareFeed(LiveDelta delta, LiveSnapshot snapshot)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long Seq { get; set; }

        public LiveDelta Delta => delta;

        public LiveSnapshot Snapshot => snapshot;
    }

    internal sealed class BareLiveHub(BareFeed feed) : Hub
    {
        public async Task<LiveSnapshot> Subscribe(string scope)
        {
            await feed.Gate.WaitAsync();
            try
            {
                await Groups.AddToGroupAsync(Context.ConnectionId, Group);
                return feed.Snapshot with { Scope = scope, Seq = feed.Seq, ServerTime = DateTimeOffset.UtcNow };
            }
            finally
            {
                feed.Gate.Release();
            }
        }
    }

    internal sealed class BareBroadcaster(BareFeed feed, IHubContext<BareLiveHub> hub) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            var ticks = 0;
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                LiveDelta delta;
                await feed.Gate.WaitAsync(stoppingToken);
                try
                {
                    feed.Seq++;
                    delta = feed.Delta with { Seq = feed.Seq, ServerTime = DateTimeOffset.UtcNow };
                }
                finally
                {
                    feed.Gate.Release();
                }
                await hub.Clients.Group(Group).SendAsync(nameof(ILiveClient.Delta), delta, stoppingToken);
                if (++ticks % 5 == 0)
                {
                    await hub.Clients.Group(Group).SendAsync(nameof(ILiveClient.Heartbeat), new LiveHeartbeat(Group, delta.Seq, DateTimeOffset.UtcNow), stoppingToken);
                }
            }
        }
    }

    public static string PortArg(int port) => port.ToString(CultureInfo.InvariantCulture);
}
