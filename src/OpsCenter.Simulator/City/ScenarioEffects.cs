namespace OpsCenter.Simulator.City;

/// <summary>What the active scenarios mean for one unit at one moment; the feeds ask it on every tick.</summary>
public sealed class ScenarioEffects(CityPlan plan, ScenarioState state)
{
    public CityPlan Plan => plan;

    public ScenarioState State => state;

    internal DeskConditions Desk(string unit, DateTimeOffset at)
    {
        var factor = 1.0;
        var slow = false;
        if (state.IsOn(ScenarioNames.MondaySurge) && at.ToOffset(OfficeHours.Offset).Hour < 12)
        {
            factor *= 2.5;
        }
        if (state.IsOn(ScenarioNames.MergerBacklog) && plan.MergerUnits.Contains(unit))
        {
            factor *= 3;
            slow = true;
        }
        return new DeskConditions(factor, slow);
    }

    /// <summary>The silent ward sends nothing at all while the scenario is on.</summary>
    public bool IsSilent(string unit) => state.IsOn(ScenarioNames.SilentWard) && unit == plan.SilentWard;

    public bool CivilStatusDown(string unit) => state.IsOn(ScenarioNames.CivilStatusOutage) && plan.OutageWards.Contains(unit);
}
