using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;

namespace OpsCenter.Simulator.City;

/// <summary>
/// The daily counts of the units that can only send counts: their dossiers are simulated like
/// everyone's, then summed with the Domain's own <see cref="BacklogCalculator"/>, day by day, so
/// their figures follow the same rules as the figures the center computes from events.
/// </summary>
internal sealed class BacklogModel(DossierModel model)
{
    private readonly BacklogCalculator _calculator = new(new OnTimeRule(model.Calendar));

    public IReadOnlyList<BacklogSnapshotItem> Days(string unit, DateOnly from, DateTimeOffset now)
    {
        var start = OfficeHours.At(from, TimeSpan.Zero) - DossierTimeline.Lookback;
        var dossiers = DomainMapping.Fold(model.Accepted(unit, start, now, DeskConditions.Normal));
        var items = new List<BacklogSnapshotItem>();
        for (var day = from; OfficeHours.At(day, TimeSpan.Zero) < now; day = day.AddDays(1))
        {
            var period = ReportingPeriod.Containing(PeriodKind.Day, OfficeHours.At(day, TimeSpan.FromHours(12)));
            var figures = _calculator.Compute(unit, period, dossiers, now);
            items.Add(DomainMapping.ToSnapshot(unit, day, figures.Counts));
        }
        return items;
    }
}
