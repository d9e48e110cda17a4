namespace OpsCenter.Domain.Dossiers;

/// <summary>
/// The standard backlog figures of one scope (unit, ward group, city) and period, as counts.
/// Rates are always derived from the counts, so adding the counts of several units and reading
/// the rates again gives the right city rate (averaging unit rates would weight a ward of 200
/// dossiers like one of 20,000). A rate is null when its denominator is zero: no dossiers is not
/// the same as 0%.
/// </summary>
public record BacklogCounts
{
    public static readonly BacklogCounts Zero = new();

    /// <summary>Accepted before the period and not ended before it started.</summary>
    public int CarriedOver { get; init; }

    /// <summary>Accepted during the period.</summary>
    public int Received { get; init; }

    public int ToHandle => CarriedOver + Received;

    public int InProgressLate { get; init; }

    public int InProgressNearlyDue { get; init; }

    public int InProgressNotYetDue { get; init; }

    public int InProgress => InProgressLate + InProgressNearlyDue + InProgressNotYetDue;

    /// <summary>Ended during the period on or before their due time ("early or on time").</summary>
    public int ProcessedOnTime { get; init; }

    public int ProcessedLate { get; init; }

    public int Processed => ProcessedOnTime + ProcessedLate;

    /// <summary>Processed during the period (status 9) but the citizen has not collected the result (no 10).</summary>
    public int ProcessedNotCollected { get; init; }

    /// <summary>Apology letters sent during the period.</summary>
    public int ApologyLetters { get; init; }

    /// <summary>Received dossiers submitted online (channel 2).</summary>
    public int ReceivedOnline { get; init; }

    /// <summary>Received dossiers with fees or taxes due: the base of the online payment share.</summary>
    public int WithFeesDue { get; init; }

    public int PaidOnline { get; init; }

    public int Digitised { get; init; }

    public int DataReused { get; init; }

    /// <summary>Processed dossiers whose result was issued electronically.</summary>
    public int ProcessedWithEResult { get; init; }

    /// <summary>Dossiers to handle with neither an appointment nor a known legal limit: never counted late.</summary>
    public int WithoutDueTime { get; init; }

    /// <summary>(late in progress + late processed) / to handle.</summary>
    public double? LateRate => Ratio(InProgressLate + ProcessedLate, ToHandle);

    public double? OnTimeRate => 1 - LateRate;

    public double? OnlineShare => Ratio(ReceivedOnline, Received);

    public double? OnlinePaymentShare => Ratio(PaidOnline, WithFeesDue);

    public double? DigitisedShare => Ratio(Digitised, Received);

    public double? DataReusedShare => Ratio(DataReused, Received);

    public double? EResultShare => Ratio(ProcessedWithEResult, Processed);

    /// <summary>Adds two scopes' counts (a rollup); the rates of the sum come from the summed counts.</summary>
    public BacklogCounts Add(BacklogCounts other) => new()
    {
        CarriedOver = CarriedOver + other.CarriedOver,
        Received = Received + other.Received,
        InProgressLate = InProgressLate + other.InProgressLate,
        InProgressNearlyDue = InProgressNearlyDue + other.InProgressNearlyDue,
        InProgressNotYetDue = InProgressNotYetDue + other.InProgressNotYetDue,
        ProcessedOnTime = ProcessedOnTime + other.ProcessedOnTime,
        ProcessedLate = ProcessedLate + other.ProcessedLate,
        ProcessedNotCollected = ProcessedNotCollected + other.ProcessedNotCollected,
        ApologyLetters = ApologyLetters + other.ApologyLetters,
        ReceivedOnline = ReceivedOnline + other.ReceivedOnline,
        WithFeesDue = WithFeesDue + other.WithFeesDue,
        PaidOnline = PaidOnline + other.PaidOnline,
        Digitised = Digitised + other.Digitised,
        DataReused = DataReused + other.DataReused,
        ProcessedWithEResult = ProcessedWithEResult + other.ProcessedWithEResult,
        WithoutDueTime = WithoutDueTime + other.WithoutDueTime,
    };

    public static BacklogCounts Sum(IEnumerable<BacklogCounts> parts) => parts.Aggregate(Zero, (sum, part) => sum.Add(part));

    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
