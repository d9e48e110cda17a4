namespace OpsCenter.Domain.Dossiers;

/// <summary>
/// The national status codes one-stop systems use when they sync to the National Public Service
/// Portal; the numbers are the wire codes and must not change.
/// </summary>
public enum DossierStatus
{
    SubmittedOnline = 1,
    Accepted = 2,
    RefusedAtDesk = 3,
    InProcessing = 4,
    SupplementRequested = 5,
    FeesDue = 6,
    Withdrawn = 7,
    ProcessingStopped = 8,
    Processed = 9,
    ResultReturned = 10,
}

public static class DossierStatuses
{
    /// <summary>
    /// The statuses that end processing for Decision 766: processed, returned, refused, stopped,
    /// withdrawn. The first one found is the end; later events (e.g. 9 then 10) do not move it.
    /// </summary>
    public static bool IsEnd(this DossierStatus status) => status is DossierStatus.Processed
        or DossierStatus.ResultReturned or DossierStatus.RefusedAtDesk
        or DossierStatus.ProcessingStopped or DossierStatus.Withdrawn;

    public static bool IsDefined(int code) => code is >= 1 and <= 10;
}
