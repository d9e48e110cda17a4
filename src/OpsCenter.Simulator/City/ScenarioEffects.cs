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

    /// <summary>
    /// The one-off work a scenario brings when it is switched on, accepted in [from, to): the
    /// opening queue of monday-surge (every unit) and the files handed over by merger-backlog (its
    /// group). Each lasts <see cref="DossierModel.BurstSpread"/> from the moment of switching on,
    /// so a scenario shows on the wall within a minute whatever the time of day.
    /// </summary>
    internal IEnumerable<SimDossier> Bursts(DossierModel model, string unit, DateTimeOffset from, DateTimeOffset to)
    {
        var surge = state.Since(ScenarioNames.MondaySurge);
        var merger = plan.MergerUnits.Contains(unit) ? state.Since(ScenarioNames.MergerBacklog) : null;
        return [
            .. surge is { } s && s + DossierModel.BurstSpread > from ? model.OpeningQueue(unit, s, from, to) : [],
            .. merger is { } m && m + DossierModel.BurstSpread > from ? model.HandedOver(unit, m, from, to) : [],
        ];
    }

    /// <summary>The silent ward sends nothing at all while the scenario is on.</summary>
    public bool IsSilent(string unit) => state.IsOn(ScenarioNames.SilentWard) && unit == plan.SilentWard;

    public bool CivilStatusDown(string unit) => state.IsOn(ScenarioNames.CivilStatusOutage) && plan.OutageWards.Contains(unit);
}
