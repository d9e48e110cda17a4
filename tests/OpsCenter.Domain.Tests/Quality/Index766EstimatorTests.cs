using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Quality;

namespace OpsCenter.Domain.Tests.Quality;

public class Index766EstimatorTests
{
    private static readonly Index766Estimator Estimator = new(Index766Weights.Decision766Of2022);

    // 100 to handle, 8 late (92% on time); 80 received, 32 online (40%); 10 with fees, 9 paid online (90%);
    // 40 digitised (50%), 64 reusing data (80%); 90 processed, 45 with an e-result (50%).
    private static readonly BacklogCounts Ward = new()
    {
        CarriedOver = 20,
        Received = 80,
        InProgressLate = 3,
        InProgressNotYetDue = 7,
        ProcessedLate = 5,
        ProcessedOnTime = 85,
        ReceivedOnline = 32,
        WithFeesDue = 10,
        PaidOnline = 9,
        Digitised = 40,
        DataReused = 64,
        ProcessedWithEResult = 45,
    };

    [Fact]
    public void Estimate_Progress_IsOnTimeRateTimesMax() =>
        Assert.Equal(18.4, Estimator.Estimate(Ward)[Index766Group.Progress].Points!.Value, 9);

    [Fact]
    public void Estimate_OnlineService_ProportionalBelowFiftyPercentAndFullPaymentAboveEighty() =>
        // online 40% / 50% = 0.8, payment 90% >= 80% = 1; (0.8 + 1) / 2 x 22 = 19.8
        Assert.Equal(19.8, Estimator.Estimate(Ward)[Index766Group.OnlineService].Points!.Value, 9);

    [Fact]
    public void Estimate_Digitisation_AveragesThreeSharesAgainstEightyPercent() =>
        // digitised 0.5/0.8 = 0.625, e-result 0.625, reuse 0.8/0.8 = 1; mean 0.75 x 22 = 16.5
        Assert.Equal(16.5, Estimator.Estimate(Ward)[Index766Group.Digitisation].Points!.Value, 9);

    [Fact]
    public void Estimate_SatisfactionAtNinetyPercent_GetsFullMarks()
    {
        // 1 - (8% late + 2% complaints) = 90%: full marks. With 12 complaints: 80% / 90% x 18 = 16.
        Assert.Equal(18, Estimator.Estimate(Ward, complaints: 2)[Index766Group.Satisfaction].Points!.Value, 9);
        Assert.Equal(16, Estimator.Estimate(Ward, complaints: 12)[Index766Group.Satisfaction].Points!.Value, 9);
    }

    [Fact]
    public void Estimate_Total_ScalesOverEstimatedGroupsWithoutPublicity()
    {
        var estimate = Estimator.Estimate(Ward, complaints: 2);

        Assert.Null(estimate[Index766Group.Publicity].Points);
        Assert.Equal(72.7, estimate.Points, 9);
        Assert.Equal(82, estimate.MaxOfEstimatedGroups);
        Assert.Equal(72.7 / 82 * 100, estimate.ScoreOutOf100!.Value, 9);
        Assert.Equal(Index766Grade.Good, estimate.Grade);
        Assert.True(estimate.ComplaintsIncluded);
    }

    [Fact]
    public void Estimate_NoComplaintCount_AssumesNoneAndSaysSo()
    {
        var estimate = Estimator.Estimate(Ward);

        Assert.False(estimate.ComplaintsIncluded);
        Assert.Equal(18, estimate[Index766Group.Satisfaction].Points!.Value, 9); // 92% >= 90%
    }

    [Fact]
    public void Estimate_OnlineShareAboveFiftyPercent_IsCappedAtMax() =>
        Assert.Equal(22, Estimator.Estimate(Ward with { ReceivedOnline = 60 })[Index766Group.OnlineService].Points!.Value, 9);

    [Fact]
    public void Estimate_NoFeeDossiers_LeavesPaymentOutOfTheMean() =>
        // Only the online share counts: 0.8 x 22.
        Assert.Equal(17.6, Estimator.Estimate(Ward with { WithFeesDue = 0, PaidOnline = 0 })[Index766Group.OnlineService].Points!.Value, 9);

    [Fact]
    public void Estimate_NoDossiers_EstimatesNothing()
    {
        var estimate = Estimator.Estimate(BacklogCounts.Zero);

        Assert.All(estimate.Groups, g => Assert.Null(g.Points));
        Assert.Null(estimate.ScoreOutOf100);
        Assert.Null(estimate.Grade);
    }
}
