namespace OpsCenter.Wall.Briefing;

/// <summary>
/// What a unit is judged against on its briefing page (configuration <c>Briefing:Targets</c>).
/// Defaults: on time 95% (the city's wards run at 94-97%, DOMAIN.md); online submission 50%,
/// online payment, digitisation and data reuse 80% (the levels at which Decision 766 gives full
/// marks).
/// </summary>
public sealed class BriefingTargets
{
    public const string Section = "Briefing:Targets";

    public double OnTimeRate { get; set; } = 0.95;

    public double OnlineShare { get; set; } = 0.50;

    public double OnlinePaymentShare { get; set; } = 0.80;

    public double DigitisedShare { get; set; } = 0.80;

    public double DataReusedShare { get; set; } = 0.80;
}
