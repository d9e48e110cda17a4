using OpsCenter.Domain.Dossiers;

namespace OpsCenter.Domain.Quality;

/// <summary>
/// Computes an <see cref="Index766Estimate"/> from backlog counts:
/// progress = on-time rate x max; online service = mean of online share (full at 50%) and online
/// payment share (full at 80%); digitisation = mean of digitised, e-result and data-reuse shares
/// (each full at 80%); satisfaction = 1 - (late rate + complaint rate), full at 90%. A criterion
/// with no denominator is left out of its group's mean (no fee dossiers says nothing about online
/// payment); the equal split of a group among its criteria is our assumption.
/// </summary>
public sealed class Index766Estimator(Index766Weights weights, Index766EstimateOptions? options = null, Index766GradeBands? bands = null)
{
    private readonly Index766EstimateOptions _options = options ?? Index766EstimateOptions.Default;
    private readonly Index766GradeBands _bands = bands ?? Index766GradeBands.Default;

    public Index766Weights Weights { get; } = weights;

    /// <param name="complaints">Dossiers with a complaint in the period (from the 1022 feed), if known.</param>
    public Index766Estimate Estimate(BacklogCounts counts, int? complaints = null)
    {
        var complaintRate = complaints is { } c && counts.ToHandle > 0 ? (double)c / counts.ToHandle : 0;
        var satisfaction = 1 - (counts.LateRate + complaintRate);
        IReadOnlyList<Index766GroupEstimate> groups =
        [
            new(Index766Group.Publicity, null, Weights.Publicity),
            Group(Index766Group.Progress, counts.OnTimeRate),
            Group(Index766Group.Digitisation,
                Score(counts.DigitisedShare, _options.DigitisationFullAt),
                Score(counts.EResultShare, _options.DigitisationFullAt),
                Score(counts.DataReusedShare, _options.DigitisationFullAt)),
            Group(Index766Group.OnlineService,
                Score(counts.OnlineShare, _options.OnlineShareFullAt),
                Score(counts.OnlinePaymentShare, _options.OnlinePaymentFullAt)),
            Group(Index766Group.Satisfaction, Score(satisfaction, _options.SatisfactionFullAt)),
        ];

        var estimated = groups.Where(g => g.Points is not null).ToList();
        var points = estimated.Sum(g => g.Points!.Value);
        var max = estimated.Sum(g => g.Max);
        double? outOf100 = max > 0 ? points / max * 100 : null;
        return new Index766Estimate(Weights.Version, groups, points, max, outOf100,
            outOf100 is { } s ? _bands.Classify(s) : null, complaints is not null);
    }

    private Index766GroupEstimate Group(Index766Group group, params double?[] fractions)
    {
        var known = fractions.Where(f => f is not null).Select(f => f!.Value).ToList();
        var max = Weights.MaxOf(group);
        return new Index766GroupEstimate(group, known.Count == 0 ? null : known.Average() * max, max);
    }

    // Proportional below the threshold, full marks at or above it, never negative.
    private static double? Score(double? share, double fullAt) =>
        share is { } s ? Math.Clamp(s / fullAt, 0, 1) : null;
}
