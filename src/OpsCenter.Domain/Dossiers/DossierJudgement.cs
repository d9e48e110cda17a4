namespace OpsCenter.Domain.Dossiers;

/// <summary>Where a dossier stands at the moment it is judged.</summary>
public enum DossierStanding
{
    /// <summary>Not accepted by the desk (still online, or refused before acceptance): not in the backlog.</summary>
    NotReceived,
    NotYetDue,
    NearlyDue,
    /// <summary>Unfinished and past its due time, or asked for a second supplement.</summary>
    Late,
    EndedOnTime,
    EndedLate,
}

/// <summary>The Decision 766 verdict on one dossier at one instant.</summary>
/// <param name="DueAt">The due time after excluding supplement time; null when neither an appointment nor a legal limit is known.</param>
/// <param name="EndedAt">The end of processing: the first end status, or the single supplement request.</param>
/// <param name="SupplementTime">Working time spent waiting for the citizen, excluded from the clock.</param>
/// <param name="ProcessingWorkingDays">Working days from acceptance to the end, supplement time excluded; null while unfinished.</param>
public sealed record DossierJudgement(
    DossierStanding Standing,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? EndedAt,
    DossierStatus LastStatus,
    int SupplementRequests,
    TimeSpan SupplementTime,
    double? ProcessingWorkingDays)
{
    public bool IsReceived => Standing != DossierStanding.NotReceived;

    public bool IsLate => Standing is DossierStanding.Late or DossierStanding.EndedLate;
}
