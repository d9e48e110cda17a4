using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using static OpsCenter.Domain.Tests.Calendar.Local;

namespace OpsCenter.Domain.Tests.Dossiers;

public class BacklogCountsTests
{
    // A busy ward: 1,000 to handle, 100 late (10%); a small commune: 10 to handle, 5 late (50%).
    private static readonly BacklogCounts Big = new() { CarriedOver = 200, Received = 800, ReceivedOnline = 600, InProgressLate = 40, ProcessedLate = 60, ProcessedOnTime = 700 };
    private static readonly BacklogCounts Small = new() { CarriedOver = 2, Received = 8, ReceivedOnline = 0, InProgressLate = 3, ProcessedLate = 2, ProcessedOnTime = 4 };

    [Fact]
    public void Sum_UnitsOfVeryDifferentSize_TakesRatesFromCountsNotAverages()
    {
        var city = BacklogCounts.Sum([Big, Small]);

        Assert.Equal(1010, city.ToHandle);
        Assert.Equal(105.0 / 1010, city.LateRate!.Value, 12); // about 10.4%, not the 30% mean of rates
        Assert.Equal(600.0 / 808, city.OnlineShare!.Value, 12);
    }

    [Fact]
    public void LateRate_ZeroToHandle_IsNull()
    {
        Assert.Null(BacklogCounts.Zero.LateRate);
        Assert.Null(BacklogCounts.Zero.OnTimeRate);
        Assert.Null(BacklogCounts.Zero.EResultShare);
        Assert.Equal(0, new BacklogCounts { CarriedOver = 3 }.LateRate);
    }

    [Fact]
    public void Sum_DailySnapshotAndComputedCounts_AddBySameFields()
    {
        var snapshot = new BacklogSnapshot { UnitCode = "26740", Day = new DateOnly(2025, 3, 3), Received = 40, ProcessedLate = 4 };

        var sum = BacklogCounts.Sum([Small, snapshot]);

        Assert.Equal(48, sum.Received);
        Assert.Equal(6, sum.ProcessedLate);
    }

    [Fact]
    public void Rollup_TwoUnits_SumsCountsAndLateBreakdowns()
    {
        var march = ReportingPeriod.Containing(PeriodKind.Month, At(2025, 3, 1));
        var big = new BacklogFigures("A", march, march.End, Big, new Dictionary<string, int> { ["P1"] = 30, ["P2"] = 10 },
            new Dictionary<DossierStatus, int> { [DossierStatus.InProcessing] = 40 }, [new ProcessingTimeStats("P1", 700, 2, 5)]);
        var small = new BacklogFigures("B", march, march.End, Small, new Dictionary<string, int> { ["P1"] = 3 },
            new Dictionary<DossierStatus, int> { [DossierStatus.FeesDue] = 3 }, []);

        var city = BacklogFigures.Rollup("79", [big, small]);

        Assert.Equal(105.0 / 1010, city.Counts.LateRate!.Value, 12);
        Assert.Equal(33, city.LateByProcedure["P1"]);
        Assert.Equal(3, city.LateByStage[DossierStatus.FeesDue]);
        Assert.Empty(city.ProcessingTimes);
    }

    [Fact]
    public void Rollup_DifferentPeriods_Throws()
    {
        var march = ReportingPeriod.Containing(PeriodKind.Month, At(2025, 3, 1));
        var april = march with { Start = march.End, End = At(2025, 5, 1) };
        BacklogFigures Make(ReportingPeriod p) => new("A", p, p.End, Big, new Dictionary<string, int>(), new Dictionary<DossierStatus, int>(), []);

        Assert.Throws<ArgumentException>(() => BacklogFigures.Rollup("79", [Make(march), Make(april)]));
    }
}
