namespace OpsCenter.Domain.Dossiers;

/// <summary>
/// When an unfinished dossier counts as "nearly due" (DOMAIN.md defaults): its due time is less
/// than <see cref="NearlyDueWorkingDays"/> working days away, or it is within the last
/// <see cref="NearlyDueShareOfAllowedTime"/> of the time it was allowed, whichever window is
/// longer, so long procedures get a warning earlier than the last day.
/// </summary>
public sealed record DeadlineOptions
{
    public static readonly DeadlineOptions Default = new();

    public double NearlyDueWorkingDays { get; init; } = 1;

    public double NearlyDueShareOfAllowedTime { get; init; } = 0.2;
}
