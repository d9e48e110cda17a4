using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Units;
using OpsCenter.Simulator.City;

namespace OpsCenter.Simulator.Tests;

/// <summary>One simulated city and its 30-day backfill, generated once and shared by the tests (it takes seconds).</summary>
internal static class SimulatedCity
{
    public const int Seed = 20250701;

    /// <summary>A fixed "now": Friday 27 November 2026, 17:00 in Ho Chi Minh City.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    public static readonly UnitCatalog Units = UnitCatalog.LoadHcmc();

    private static readonly Lazy<Backfill> Shared = new(() => Generate(Seed));

    public static Backfill Default => Shared.Value;

    public static CityPlan Plan(int seed = Seed) => new(Units, seed);

    public static DossierModel Model(int seed = Seed) => new(Plan(seed), WorkingCalendar.Default);

    public static Backfill Generate(int seed)
    {
        var model = Model(seed);
        var horizon = DossierTimeline.HorizonFor(Now, 30);
        var dossiers = model.Plan.DossierUnits
            .SelectMany(u => model.Accepted(u, horizon, Now, DeskConditions.Normal))
            .ToList();
        return new Backfill(model, horizon, dossiers);
    }

    internal sealed record Backfill(DossierModel Model, DateTimeOffset Horizon, List<SimDossier> Dossiers)
    {
        private readonly Lazy<IReadOnlyList<Dossier>> _folded = new(() => DomainMapping.Fold(Dossiers));

        public IReadOnlyList<Dossier> Folded => _folded.Value;

        public ReportingPeriod Period => new(PeriodKind.Month, Horizon, Now);

        /// <summary>The Domain's figures over the backfill for the given units (all when null).</summary>
        public BacklogCounts Figures(Func<string, bool>? units = null) =>
            new BacklogCalculator(new OnTimeRule(WorkingCalendar.Default))
                .Compute("test", Period, Folded.Where(d => units?.Invoke(d.UnitCode) ?? true), Now).Counts;
    }
}
