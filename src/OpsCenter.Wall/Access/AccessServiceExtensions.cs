using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using OpsCenter.Domain.People;

namespace OpsCenter.Wall.Access;

public static class AccessServiceExtensions
{
    /// <summary>The collector's resource name in the AppHost.</summary>
    public const string CollectorService = "collector";

    /// <summary>
    /// People sign in with a cookie (<see cref="AccessNames.PersonScheme"/>); wall screens present
    /// their device token (<see cref="AccessNames.DeviceScheme"/>). The default scheme
    /// (<see cref="AccessAuthenticationHandler"/>) tries the person first, then the screen; wall pages
    /// challenge to the pairing page and everything else to the sign-in page.
    /// </summary>
    public static IServiceCollection AddWallAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section)
            .Validate<IConfiguration>((o, configuration) => ServiceAddress.IsKnown(o.CollectorUrl, CollectorService, configuration),
                "Access:CollectorUrl (or the collector service reference) is required.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.AdminKey), "Access:AdminKey (the Wall's admin key for the collector) is required.")
            .ValidateOnStart();

        // The collector's admin API: Access:CollectorUrl when set, else the AppHost's "collector" by service discovery.
        services.AddHttpClient<CollectorAdmin>((sp, http) =>
            {
                http.BaseAddress = ServiceAddress.Of(sp.GetRequiredService<IOptions<AccessOptions>>().Value.CollectorUrl, CollectorService);
                http.Timeout = TimeSpan.FromSeconds(10);
            })
            .AddHttpMessageHandler(sp => new ServiceKeyHandler(sp.GetRequiredService<IOptions<AccessOptions>>().Value.AdminKey));
        services.AddSingleton<DeviceDirectory>();
        services.AddSingleton<PersonSessions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PairingLimitOptions>().BindConfiguration(PairingLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy<string, PairingRateLimitPolicy>(PairingRateLimitPolicy.Name);
            options.AddPolicy<string, SignInRateLimitPolicy>(SignInRateLimitPolicy.Name);
        });
        // Behind the gateway the request's scheme is the gateway's (forwarded headers): cookies are Secure over https.
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        services.AddAuthentication(AccessNames.Scheme)
            .AddScheme<AuthenticationSchemeOptions, AccessAuthenticationHandler>(AccessNames.Scheme, null)
            .AddCookie(AccessNames.PersonScheme, options =>
            {
                options.Cookie.Name = AccessNames.PersonCookie;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/signin";
                options.LogoutPath = "/account/signout";
                options.AccessDeniedPath = "/denied";
                options.SlidingExpiration = true;
                options.ReturnUrlParameter = "returnUrl";
                // Every request: the person as the collector now holds them (sign-out, disabled, demoted, moved).
                options.Events.OnValidatePrincipal = PersonSessions.ValidatePrincipalAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, DeviceAuthenticationHandler>(AccessNames.DeviceScheme, null);
        var oidc = configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        services.AddOptions<OidcOptions>().BindConfiguration(OidcOptions.Section);
        if (oidc.IsConfigured)
        {
            services.AddAuthentication().AddOpenIdConnect(AccessNames.OidcScheme, oidc.DisplayName, options =>
            {
                options.Authority = oidc.Authority;
                options.ClientId = oidc.ClientId;
                options.ClientSecret = oidc.ClientSecret;
                options.ResponseType = "code";
                options.UsePkce = true;
                options.SignInScheme = AccessNames.PersonScheme;
                options.CallbackPath = "/signin-oidc";
                options.SaveTokens = false;
                options.Scope.Add("profile");
                options.Events.OnTokenValidated = OidcPeople.MapToPersonAsync;
            });
        }
        services.AddOptions<CookieAuthenticationOptions>(AccessNames.PersonScheme)
            .Configure<IOptions<AccessOptions>>((cookie, access) => cookie.ExpireTimeSpan = access.Value.SessionLifetime);

        services.AddAuthorizationBuilder()
            .AddPolicy(AccessNames.WallPolicy, p => p.RequireRole(Roles.Operator, Roles.Briefing, Roles.Admin, Roles.Device))
            .AddPolicy(AccessNames.BriefingPolicy, p => p.RequireRole(Roles.Operator, Roles.Briefing, Roles.Admin, Roles.Department))
            .AddPolicy(AccessNames.CityPolicy, p => p.RequireRole(Roles.Operator, Roles.Briefing, Roles.Admin))
            .AddPolicy(AccessNames.AdminPolicy, p => p.RequireRole(Roles.Admin))
            .AddPolicy(AccessNames.AlertsPolicy, p => p.RequireRole(Roles.Operator, Roles.Briefing, Roles.Admin, Roles.Department))
            .AddPolicy(AccessNames.EmbedPolicy, p => p.RequireRole(Roles.Admin, Roles.Department));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAccessStateProvider>();
        return services;
    }
}
