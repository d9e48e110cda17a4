using System.Globalization;
using System.Security.Claims;
using System.Text;
using OpsCenter.Domain.Units;
using OpsCenter.Wall.Access;

namespace OpsCenter.Wall.Briefing;

/// <summary>
/// CSV downloads of the briefing: the ranking (city-wide readers only) and a unit's late dossiers
/// (anyone who may see that unit). Scope is checked here, on the server, whatever the URL says.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var export = app.MapGroup("/briefing/export");
        // A person's export needs their session confirmed just now: with the collector out of reach, 503 rather than trust a cookie.
        export.AddEndpointFilter(async (context, next) => PersonSessions.IsUnconfirmed(context.HttpContext)
            ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Your session cannot be checked just now",
                detail: "The collector does not answer; exports wait until it does. Try again in a minute.")
            : await next(context));
        export.MapGet("/rankings.csv", RankingsAsync).RequireAuthorization(AccessNames.CityPolicy);
        export.MapGet("/units/{code}/late-dossiers.csv", LateDossiersAsync).RequireAuthorization(AccessNames.BriefingPolicy);
        return app;
    }

    internal static async Task<IResult> RankingsAsync(string? among, string? period, QueryClient query, TimeProvider time, CancellationToken cancellationToken)
    {
        among ??= "communes";
        period ??= "month";
        if (among is not ("communes" or "departments"))
        {
            return Results.Problem(statusCode: 400, title: "The request is invalid", detail: "among: use communes or departments.");
        }
        if (!QueryClient.Periods.Contains(period))
        {
            return Results.Problem(statusCode: 400, title: "The request is invalid", detail: "period: use today, week, month, quarter or year.");
        }
        var lines = await RankingTable.LoadAsync(query, among, period, cancellationToken);
        return Results.File(RankingTable.Csv(lines), "text/csv; charset=utf-8", $"opscenter-ranking-{among}-{period}-{Stamp(time)}.csv");
    }

    internal static async Task<IResult> LateDossiersAsync(string code, ClaimsPrincipal user, UnitCatalog units, QueryClient query, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!units.Contains(code))
        {
            return Results.Problem(statusCode: 404, title: "Unknown unit", detail: $"code: no unit has the code '{code}'.");
        }
        if (!user.CanSee(code))
        {
            return Results.Problem(statusCode: 403, title: "Not your unit", detail: "Your account may read its own unit only.");
        }
        var list = await query.LateDossiersAsync(code, 500, cancellationToken);
        var csv = new StringBuilder("unit,dossier_id,procedure_code,procedure_name,stage_code,accepted_at,due_at,days_late\r\n");
        foreach (var d in list?.Items ?? [])
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{d.Unit},{RankingTable.Quote(d.DossierId)},{RankingTable.Quote(d.ProcedureCode)},{RankingTable.Quote(d.ProcedureName ?? "")},{d.StageCode},{d.AcceptedAt:O},{d.DueAt:O},{d.DaysLate.ToString("0.0", CultureInfo.InvariantCulture)}\r\n");
        }
        return Results.File(RankingTable.Utf8WithBom(csv.ToString()), "text/csv; charset=utf-8",
            $"opscenter-late-dossiers-{code}-{Stamp(time)}.csv");
    }

    private static string Stamp(TimeProvider time) => time.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
}
