namespace OpsCenter.Domain.Quality;

/// <summary>
/// Where each estimated criterion reaches full marks (DOMAIN.md "Typical rules"); below it the
/// points are proportional (share x max / threshold), as the rule states for online submission.
/// Applying the same proportional rule to the 80% and 90% thresholds is our assumption.
/// </summary>
public sealed record Index766EstimateOptions
{
    public static readonly Index766EstimateOptions Default = new();

    public double OnlineShareFullAt { get; init; } = 0.5;

    public double OnlinePaymentFullAt { get; init; } = 0.8;

    public double DigitisationFullAt { get; init; } = 0.8;

    public double SatisfactionFullAt { get; init; } = 0.9;
}
