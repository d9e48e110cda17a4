using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Aggregator.Access;
using OpsCenter.Aggregator.Health;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Aggregator.Live;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Units;

namespace OpsCenter.Aggregator.Query;

/// <summary>
/// <c>GET /api/query/v1/rankings?by=&amp;among=&amp;period=&amp;date=</c>: the communes or departments ranked by one KPI
/// over the period running now or the one containing <c>date</c> (<see cref="PeriodQuery"/>; the dossier measures
/// only: the official score, availability and freshness are as of now).
/// Availability is the 24-hour figure of the health endpoint (seconds available out of seconds
/// counted, maintenance excluded). A reader scoped to one unit gets its own row only, with its rank.
/// </summary>
public static class RankingsApi
{
    private static readonly string[] Measures = ["onTimeRate", "lateCount", "backlog", "index766", "availability", "freshness"];

    public static RouteGroupBuilder MapRankingQueries(this RouteGroupBuilder query)
    {
        var api = query.MapGroup("").WithTags("KPIs");
        api.MapGet("/rankings", GetRanking)
            .WithName("GetRanking")
            .WithSummary("Communes or departments ranked by on-time rate, late count, backlog, official 766 score, availability or data freshness.");
        return api;
    }

    internal static async Task<Results<Ok<Ranking>, ValidationProblem>> GetRanking(
        string? by, string? among, string? period, string? date, LiveState state, KpiState kpis, UnitCatalog catalog, HealthReports health, ClaimsPrincipal user, TimeProvider time, CancellationToken cancellationToken)
    {
        by ??= "onTimeRate";
        among ??= "communes";
        if (!Measures.Contains(by, StringComparer.Ordinal))
        {
            return TypedResults.ValidationProblem(QueryProblems.Invalid("by", $"Use one of {string.Join(", ", Measures)}."));
        }
        if (among is not ("communes" or "departments"))
        {
            return TypedResults.ValidationProblem(QueryProblems.Invalid("among", "Use communes or departments."));
        }
        var now = time.GetUtcNow();
        if (!PeriodQuery.TryResolve(period, date, "month", now, out var kind, out var range, out var problem))
        {
            return TypedResults.ValidationProblem(problem!);
        }
        var units = among == "communes" ? catalog.CommuneLevel : catalog.Departments;
        var rows = new List<RankingRow>(units.Count);
        foreach (var unit in units)
        {
            rows.Add(by == "availability"
                ? Availability(unit, (await health.UnitAsync(unit.Code, now, cancellationToken)).Last24h)
                : Measure(by, unit, range, state, kpis, now));
        }
        var ascending = by == "freshness";
        var ordered = rows.Where(r => r.Value is not null)
            .OrderBy(r => ascending ? r.Value : -r.Value).ThenBy(r => r.Unit, StringComparer.Ordinal).ToList();
        // Competition ranking: equal values share a rank, the next rank skips (1, 2, 2, 4).
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i] = ordered[i] with { Rank = i > 0 && ordered[i].Value == ordered[i - 1].Value ? ordered[i - 1].Rank : i + 1 };
        }
        ordered.AddRange(rows.Where(r => r.Value is null).OrderBy(r => r.Unit, StringComparer.Ordinal));
        var reader = ReaderScope.Of(user);
        ordered = [.. ordered.Where(r => reader.MayRead(r.Unit))];
        return TypedResults.Ok(new Ranking(by, among, Periods.Name(kind), ascending ? "ascending" : "descending", 
            by is "onTimeRate" or "lateCount" or "backlog" ? range.JudgedAt(now) : now, ordered, range.Start, range.End));
    }

    // Count and OutOf are whole seconds available and counted: the base of the share.
    private static RankingRow Availability(Unit unit, AvailabilityFigures figures) =>
        new(null, unit.Code, unit.Name, figures.Availability, (int)Math.Round(figures.AvailableSeconds), (int)Math.Round(figures.CountedSeconds));

    private static RankingRow Measure(string by, Unit unit, ReportingPeriod range, LiveState state, KpiState kpis, DateTimeOffset now)
    {
        var row = new RankingRow(null, unit.Code, unit.Name, null, null, null);
        switch (by)
        {
            case "index766":
                return row with { Value = (double?)kpis.LatestIndex(unit.Code, ReportedScores.Official766)?.Value };
            case "freshness":
                var tile = state.Tile(unit.Code, now);
                DateTimeOffset?[] seen = [tile.LastSampleAt, kpis.LastDossierEventAt(unit.Code)];
                return seen.Max() is { } newest ? row with { Value = Math.Round((now - newest).TotalSeconds, 1) } : row;
            default:
                if (kpis.Figures(unit.Code, range, now)?.Counts is not { } c)
                {
                    return row;
                }
                var late = c.InProgressLate + c.ProcessedLate;
                return by switch
                {
                    "onTimeRate" => row with { Value = c.OnTimeRate, Count = c.ToHandle - late, OutOf = c.ToHandle },
                    "lateCount" => row with { Value = late, Count = late, OutOf = c.ToHandle },
                    _ => row with { Value = c.InProgress, Count = c.InProgress, OutOf = c.ToHandle },
                };
        }
    }
}
