using Microsoft.Extensions.DependencyInjection;
using OpsCenter.Aggregator.Changes;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Aggregator.Live;
using OpsCenter.Aggregator.Scopes;

namespace OpsCenter.Aggregator.Tests.Live;

/// <summary>A live state with the parts it was built with (the app injects them where they are used; tests read them here).</summary>
internal sealed record LiveParts(LiveState State, KpiState Kpis, ChangeFeed Changes, ScopeMembers Scopes)
{
    public static LiveParts Of(AggregatorApp app) => new(app.State, app.Services.GetRequiredService<KpiState>(),
        app.Services.GetRequiredService<ChangeFeed>(), app.Services.GetRequiredService<ScopeMembers>());
}
