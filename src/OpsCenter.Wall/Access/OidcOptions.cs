namespace OpsCenter.Wall.Access;

/// <summary>
/// An external OpenID Connect provider (e.g. the city's single sign-on), used when
/// <see cref="Authority"/> is set. The provider says who someone is; OpsCenter's own people list
/// says what they may see: a person signs in only if an enabled OpsCenter account has the
/// username the provider gives (<see cref="UsernameClaim"/>), and gets that account's role and unit.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "Access:Oidc";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The provider's claim that holds the OpsCenter username.</summary>
    public string UsernameClaim { get; set; } = "preferred_username";

    /// <summary>The button's text on the sign-in page, e.g. "HCMC SSO".</summary>
    public string DisplayName { get; set; } = "OpenID Connect";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
