namespace OpsCenter.Domain.Quality;

/// <summary>The five groups of the service-quality index of Decision 766/QĐ-TTg (2022).</summary>
public enum Index766Group
{
    /// <summary>Publicity and transparency: not derivable from dossier events.</summary>
    Publicity,
    /// <summary>Progress and results of processing (on-time rate).</summary>
    Progress,
    /// <summary>Digitisation of dossiers and results.</summary>
    Digitisation,
    /// <summary>Online service provision (online share, online payment).</summary>
    OnlineService,
    /// <summary>Satisfaction (feedback handled on time, satisfaction rate).</summary>
    Satisfaction,
}
