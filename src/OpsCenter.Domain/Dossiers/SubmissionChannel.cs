namespace OpsCenter.Domain.Dossiers;

/// <summary>How a dossier was submitted (national codes); the online share is itself a KPI.</summary>
public enum SubmissionChannel
{
    InPerson = 1,
    Online = 2,
    Post = 3,
}
