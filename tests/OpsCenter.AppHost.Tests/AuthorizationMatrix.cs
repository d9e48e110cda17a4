namespace OpsCenter.AppHost.Tests;

/// <summary>
/// The expected answers of <see cref="AuthorizationMatrixTests"/>: for every endpoint of every service
/// (method and route pattern as the service's route table names them), who gets through. Anyone not
/// listed must be refused: 401, 403, or on the Wall's pages a redirect to sign in, to /denied or to
/// pairing. Allowed means anything else: a page, a redirect elsewhere, a validation answer (400, 404,
/// 409, 422). A new endpoint needs a line here, or the test fails naming it.
/// </summary>
internal static class AuthorizationMatrix
{
    public const string UnitA = "26740"; // Phường Sài Gòn
    public const string UnitB = "26743";

    public enum Principal { Anonymous, SourceA, SourceB, ReaderA, Screen, EmbedA, Operator, DepartmentA, Briefing, Admin }

    /// <summary>Hidden: 404 at the gateway, the way a service-only path is kept from the public.</summary>
    public enum Outcome { Allowed, Refused, Hidden, Failed }

    /// <summary>Public: through the gateway. GatewayOwn: the gateway answers that path itself (its own health and metrics), the service's never shows. Hidden: the gateway answers 404.</summary>
    public enum Reach { Public, GatewayOwn, Hidden }

    public sealed record Row(string Service, string Method, string Pattern, bool Static, IReadOnlyList<string>? Accepts = null);

    /// <param name="UnitScoped">Also asked for unit B: the unit-bound principals (reader key, department, embed token of A) must then be refused.</param>
    public sealed record Expectation(string Service, string Method, string Pattern, Principal[] Allowed, bool UnitScoped = false, Reach Reach = Reach.Public, bool Static = false)
    {
        public Outcome Allows(Principal principal, string unit) =>
            Allowed.Contains(principal) && (unit == UnitA || !UnitBound.Contains(principal)) ? Outcome.Allowed : Outcome.Refused;
    }

    /// <summary>Hub calls: the argument, and who may make it (everyone else: refused at connecting or by the hub).</summary>
    public sealed record HubCall(string Argument, Principal[] Allowed);

    private static readonly Principal[] UnitBound = [Principal.ReaderA, Principal.DepartmentA, Principal.EmbedA];

    private static readonly Principal[] Everyone = Enum.GetValues<Principal>();
    private static readonly Principal[] Nobody = [];
    private static readonly Principal[] Sources = [Principal.SourceA, Principal.SourceB];
    private static readonly Principal[] Reader = [Principal.ReaderA];
    private static readonly Principal[] Embed = [Principal.EmbedA];
    private static readonly Principal[] AdminOnly = [Principal.Admin];
    private static readonly Principal[] City = [Principal.Operator, Principal.Briefing, Principal.Admin];
    private static readonly Principal[] CityAndDepartment = [.. City, Principal.DepartmentA];
    private static readonly Principal[] Walls = [.. City, Principal.Screen];
    private static readonly Principal[] EmbedAdmins = [Principal.Admin, Principal.DepartmentA];

    public static readonly Expectation StaticFile = new("wall", "GET", "(static file)", Everyone, Static: true);

    public static readonly IReadOnlyList<Expectation> Http =
    [
        .. ServiceOnly("collector"),
        .. ServiceOnly("aggregator"),
        .. ServiceOnly("wall"),

        // Collector: ingest (source keys), its OpenAPI document, and the admin API (the admin key only).
        new("collector", "GET", "/api/ingest/v1/time", Everyone),
        new("collector", "GET", "/api/ingest/{documentName}/openapi.json", Everyone),
        new("collector", "GET", "/api/ingest/v1/report", Sources),
        new("collector", "POST", "/api/ingest/v1/health", Sources),
        new("collector", "POST", "/api/ingest/v1/dossiers", Sources),
        new("collector", "POST", "/api/ingest/v1/backlog", Sources),
        new("collector", "POST", "/api/ingest/v1/index-scores", Sources),
        new("collector", "POST", "/api/ingest/v1/incidents", Sources),
        .. Admin("GET", "/sources/", "/sources/{id}", "/sources/{id}/keys", "/sources/{id}/report",
            "/groups/", "/units/", "/maintenance/", "/thresholds", "/audit", "/people/", "/people/{username}",
            "/people/{username}/session", "/devices/", "/embed-tokens/"),
        .. Admin("GET", "/alerts/mail/"), // the alert mailer's status (Collector/Alerts/Mail)
        .. Admin("GET", "/alerts/channels"), // notification channels, secrets as { "set": true } (Collector/Alerts/Channels)
        .. Admin("PUT", "/alerts/channels"),
        .. Admin("PUT", "/sources/{id}", "/groups/{id}", "/units/{code}/systems/{system}", "/thresholds", "/people/{username}", "/devices/{id}"),
        .. Admin("POST", "/sources/{id}/keys", "/maintenance/", "/index-scores/sheet", "/people/{username}/password",
            "/people/{username}/unlock", "/people/{username}/sign-out", "/people/sign-in", "/devices/pairings", "/devices/approve",
            "/devices/authenticate", "/devices/{id}/revoke", "/embed-tokens/", "/embed-tokens/{id}/revoke", "/quarantine/{position}/reapply"),
        .. Admin("DELETE", "/sources/{id}/keys/{keyId}", "/groups/{id}", "/units/{code}/systems/{system}", "/maintenance/{id}",
            "/people/{username}", "/devices/{id}"),
        .. Admin("GET", "/alerts/rules", "/alerts/acknowledge-link"),
        .. Admin("PUT", "/alerts/rules"),
        .. Admin("POST", "/alerts/{key}/acknowledge", "/alerts/{key}/assign", "/alerts/{key}/notes", "/alerts/{key}/resolve", "/alerts/acknowledge-link"),
        // The aggregator's alert-writer key only: no principal of the matrix holds it.
        new("collector", "POST", "/api/admin/v1/alerts/transitions", Nobody),

        // Aggregator: the query API and the live hub (reader keys; a unit's key reads that unit only), the widgets (embed tokens).
        new("aggregator", "GET", "/api/query/v1/units/{code}", Reader, UnitScoped: true),
        new("aggregator", "GET", "/api/query/v1/units/{code}/children", Reader, UnitScoped: true),
        new("aggregator", "GET", "/api/query/v1/units/{code}/kpis", Reader, UnitScoped: true),
        new("aggregator", "GET", "/api/query/v1/units/{code}/late-dossiers", Reader, UnitScoped: true),
        new("aggregator", "GET", "/api/query/v1/units/{code}/dossiers/{id}", Reader, UnitScoped: true),
        new("aggregator", "GET", "/api/query/v1/units/{code}/series", Reader, UnitScoped: true),
        new("aggregator", "GET", "/api/query/v1/units/{code}/health", Reader, UnitScoped: true),
        new("aggregator", "GET", "/api/query/v1/units/{code}/systems/{system}/timeline", Reader, UnitScoped: true),
        new("aggregator", "GET", "/api/query/v1/units/{code}/incidents", Reader, UnitScoped: true),
        // Lists: a unit's key gets its own unit's lines only (rankings, changes); the quarantine is city-wide, so refused.
        new("aggregator", "GET", "/api/query/v1/rankings", Reader),
        new("aggregator", "GET", "/api/query/v1/changes", Reader),
        new("aggregator", "GET", "/api/query/v1/alerts", Reader),
        new("aggregator", "GET", "/api/query/v1/alerts/detail", Reader),
        new("aggregator", "GET", "/api/query/v1/alerts/report", Reader),
        new("aggregator", "GET", "/api/query/v1/quarantine", Nobody),
        new("aggregator", "*", "/hubs/live", Reader),
        new("aggregator", "*", "/hubs/live/negotiate", Reader),
        new("aggregator", "GET", "/embed/widget/1.0.0/opscenter-status.js", Everyone),
        new("aggregator", "GET", "/embed/v1/manifest.json", Everyone),
        new("aggregator", "GET", "/embed/v1/units/{code}/status.json", Embed, UnitScoped: true),
        new("aggregator", "GET", "/embed/v1/units/{code}/badge.svg", Embed, UnitScoped: true),
        new("aggregator", "GET", "/embed/v1/units/{code}/stream", Embed, UnitScoped: true),
        new("aggregator", "GET", "/embed/v1/units/{code}/frame", Embed, UnitScoped: true),
        new("aggregator", "GET", "/openapi/{documentName}.json", Nobody, Reach: Reach.Hidden),

        // Wall: sign-in, pairing and language are for anyone (their answers are forms and redirects).
        new("wall", "POST", "/account/signin", Everyone),
        new("wall", "POST", "/account/signout", Everyone),
        new("wall", "GET", "/account/home", Everyone),
        new("wall", "GET", "/account/oidc", Everyone),
        new("wall", "GET", "/culture", Everyone),
        // The kiosk start URL (/pair?token=) takes any token as the screen's: the embed token pairs nothing, so back to pairing.
        new("wall", "GET", "/pair", [.. Everyone.Except([Principal.EmbedA])]),
        new("wall", "POST", "/pair", Everyone),
        // Pages answer GET, and POST for their forms (antiforgery, after authorization).
        .. Page("/signin", Everyone),
        .. Page("/denied", Everyone),
        .. Page("/error", Everyone),
        // Blazor's circuit hub: anyone may open a circuit; each page authorizes as it renders.
        new("wall", "*", "/_blazor", Everyone),
        new("wall", "*", "/_blazor/negotiate", Everyone),
        new("wall", "*", "/_blazor/disconnect/", Everyone),
        new("wall", "*", "/_blazor/initializers/", Everyone),
        new("wall", "GET", "/_framework/opaque-redirect", Everyone),
        // Development's fallback for files not yet in the static assets manifest.
        new("wall", "GET", "/{**path:file}", Everyone),
        // Walls: people of the city and screens; department people are denied.
        .. Page("/", Walls),
        .. Page("/wall/{View}", Walls),
        // Briefings: the city's people; department people their own unit only (sent there from the city briefing).
        .. Page("/briefing", CityAndDepartment),
        .. Page("/briefing/compare", City),
        .. Page("/briefing/unit/{Code}", CityAndDepartment, unitScoped: true),
        .. Page("/briefing/unit/{Code}/print", CityAndDepartment, unitScoped: true),
        .. Page("/briefing/unit/{Code}/system/{System}", CityAndDepartment, unitScoped: true),
        .. Page("/briefing/unit/{Code}/dossier/{Id}", CityAndDepartment, unitScoped: true),
        new("wall", "GET", "/briefing/export/rankings.csv", City),
        new("wall", "GET", "/briefing/export/units/{code}/late-dossiers.csv", CityAndDepartment, UnitScoped: true),
        // Administration: admins; embed tokens also department people (their own unit's).
        .. WallAdmin("/admin", "/admin/audit", "/admin/devices", "/admin/groups", "/admin/layouts", "/admin/maintenance",
            "/admin/people", "/admin/quarantine", "/admin/sources", "/admin/thresholds", "/admin/units"),
        .. Page("/admin/embed", EmbedAdmins),
        // Alerts: the console (department people see and act on their own unit's); the e-mail link's page for anyone (its token is the authority).
        .. Page("/alerts", CityAndDepartment),
        .. WallAdmin("/admin/alerts"),
        new("wall", "GET", "/admin/alerts/opscenter-alerts.json", AdminOnly),
        new("wall", "GET", "/alerts/confirm", Everyone),
        new("wall", "POST", "/alerts/confirm", Everyone),
    ];

    /// <summary>
    /// The hubs and their methods. Null: a framework hub (Blazor's circuits) whose methods are not the
    /// project's to list; it must still be known here.
    /// </summary>
    public static readonly IReadOnlyDictionary<(string Service, string Pattern), IReadOnlyDictionary<string, HubCall[]>?> Hubs =
        new Dictionary<(string, string), IReadOnlyDictionary<string, HubCall[]>?>
        {
            [("aggregator", "/hubs/live")] = new Dictionary<string, HubCall[]>
            {
                ["Subscribe"] =
                [
                    new($"unit:{UnitA}", Reader),
                    new($"unit:{UnitB}", Nobody),
                    new("city", Nobody),
                    new("group:districts", Nobody),
                ],
                // Leaving a scope one never joined tells nothing and changes nothing: any connected reader.
                ["Unsubscribe"] = [new($"unit:{UnitA}", Reader), new($"unit:{UnitB}", Reader)],
            },
            [("wall", "/_blazor")] = null,
        };

    /// <summary>The expected answer of a row, or null when the table has none.</summary>
    public static Expectation? Find(Row row) =>
        row.Static ? StaticFile : Http.FirstOrDefault(e => e.Service == row.Service && e.Method == row.Method && e.Pattern == row.Pattern);

    /// <summary>Health, liveness and metrics are the service's own (Prometheus and Aspire read them on its port); the route table is the test's.</summary>
    private static IEnumerable<Expectation> ServiceOnly(string service) =>
    [
        new(service, "*", "/health", Everyone, Reach: Reach.GatewayOwn),
        new(service, "*", "/alive", Everyone, Reach: Reach.GatewayOwn),
        new(service, "*", "/metrics", Everyone, Reach: Reach.GatewayOwn),
        new(service, "GET", "/_opscenter/routes", Nobody, Reach: Reach.Hidden),
    ];

    private static IEnumerable<Expectation> Admin(string method, params string[] paths) =>
        paths.Select(p => new Expectation("collector", method, "/api/admin/v1" + p, AdminOnly));

    private static IEnumerable<Expectation> WallAdmin(params string[] paths) => paths.SelectMany(p => Page(p, AdminOnly));

    /// <summary>
    /// A page's GET and POST. Its unit is checked as it renders; a POST of no form of the page stops at
    /// antiforgery (400) before that, so the unit is asked of GET only, the policy of both.
    /// </summary>
    private static IEnumerable<Expectation> Page(string pattern, Principal[] allowed, bool unitScoped = false) =>
        [new("wall", "GET", pattern, allowed, unitScoped), new("wall", "POST", pattern, allowed)];
}
