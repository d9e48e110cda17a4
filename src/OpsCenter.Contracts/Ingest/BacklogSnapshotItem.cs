namespace OpsCenter.Contracts.Ingest;

/// <summary>
/// The standard backlog figures of one unit for one day, for sources that can only send counts.
/// Figures are as at the end of <see cref="Day"/> (local date in Ho Chi Minh City).
/// </summary>
public sealed class BacklogSnapshotItem
{
    public string? Unit { get; set; }

    public DateOnly? Day { get; set; }

    public int? CarriedOver { get; set; }

    public int? Received { get; set; }

    /// <summary>Optional; when sent it must equal carried over + received.</summary>
    public int? ToHandle { get; set; }

    public int? InProgressLate { get; set; }

    public int? InProgressNearlyDue { get; set; }

    public int? InProgressNotDue { get; set; }

    public int? ProcessedOnTime { get; set; }

    public int? ProcessedLate { get; set; }

    public int? ProcessedNotCollected { get; set; }

    public int? ApologyLetters { get; set; }

    public int? ReceivedOnline { get; set; }
}
