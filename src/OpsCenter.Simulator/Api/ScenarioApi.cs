using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Simulator.City;

namespace OpsCenter.Simulator.Api;

/// <summary>The scenarios and which wards each one touches, as <c>GET /scenarios</c> shows them.</summary>
public sealed record ScenarioView(string Name, bool Active, IReadOnlyList<string> Units, string Effect);

/// <summary><c>/scenarios</c>: list, switch on (<c>POST</c>) and off (<c>DELETE</c>); <c>normal</c> resets.</summary>
public static class ScenarioApi
{
    public static RouteGroupBuilder MapScenarioApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/scenarios").WithTags("Scenarios");
        api.MapGet("/", List).WithName("ListScenarios").WithSummary("Every scenario, whether it is on, and the units it touches.");
        api.MapPost("/{name}", Activate).WithName("ActivateScenario").WithSummary("Switches a scenario on; normal switches all off.");
        api.MapDelete("/{name}", Deactivate).WithName("DeactivateScenario").WithSummary("Switches a scenario off.");
        return api;
    }

    internal static Ok<ScenarioView[]> List(ScenarioEffects effects)
    {
        var plan = effects.Plan;
        var state = effects.State;
        ScenarioView View(string name, IEnumerable<string> units, string effect) =>
            new(name, name == ScenarioNames.Normal ? state.Active.Count == 0 : state.IsOn(name), [.. units.Order(StringComparer.Ordinal)], effect);
        return TypedResults.Ok(new[]
        {
            View(ScenarioNames.Normal, [], "An ordinary day; activating it switches every other scenario off."),
            View(ScenarioNames.MondaySurge, [], "Every unit: an opening queue (about a third of a day's dossiers) accepted within a minute of switching on, then x2.5 dossiers before noon."),
            View(ScenarioNames.MergerBacklog, plan.MergerUnits, $"Group {plan.MergerGroup}: the former wards' unfinished files handed over within a minute (half already late, apology letters at once), then x3 dossiers processed slowly (half go late)."),
            View(ScenarioNames.CivilStatusOutage, plan.OutageWards, "civil-status reported down in these 12 wards."),
            View(ScenarioNames.SilentWard, [plan.SilentWard], "This ward sends nothing (health, dossiers); its tiles turn stale, then silent."),
            View(ScenarioNames.Flood, plan.FloodWards, "Flood incidents with rainfallMm, floodDepthCm, householdsEvacuated; resolved when switched off."),
            View(ScenarioNames.NationalScale, [], "Health of all 3,321 units' systems; start the center with OpsCenter:Catalogue=national (docs/SIMULATOR.md)."),
        });
    }

    internal static Results<Ok<string[]>, NotFound> Activate(string name, ScenarioState state) =>
        state.Activate(name) ? TypedResults.Ok(state.Active.ToArray()) : TypedResults.NotFound();

    internal static Results<Ok<string[]>, NotFound> Deactivate(string name, ScenarioState state) =>
        state.Deactivate(name) ? TypedResults.Ok(state.Active.ToArray()) : TypedResults.NotFound();
}
