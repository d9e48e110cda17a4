using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts.Live;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Units;

namespace OpsCenter.Aggregator.Query;

/// <summary><c>GET /api/query/v1/units/{code}/kpis?period=&amp;date=</c>: the standard backlog figures.</summary>
public static class KpiApi
{
    public static RouteGroupBuilder MapKpiQueries(this RouteGroupBuilder query)
    {
        var api = query.MapGroup("").WithTags("KPIs");
        api.MapGet("/units/{code}/kpis", GetKpis)
            .WithName("GetUnitKpis")
            .WithSummary("Backlog figures of a unit, the city (79) or a group for today, week, month, quarter or year (the one running, or the one containing date=yyyy-MM-dd), with index scores.");
        return api;
    }

    internal static Results<Ok<UnitKpiReport>, NotFound<ProblemDetails>, ValidationProblem> GetKpis(
        string code, string? period, string? date, KpiState kpis, ScopeMembers scopes, UnitCatalog units, TimeProvider time)
    {
        if (!scopes.IsKnown(code))
        {
            return QueryProblems.UnknownUnit(code);
        }
        var now = time.GetUtcNow();
        if (!PeriodQuery.TryResolve(period, date, "today", now, out var kind, out var range, out var problem))
        {
            return TypedResults.ValidationProblem(problem!);
        }
        var figures = kpis.FiguresWithProcessingTimes(code, range, now);
        var index = new UnitIndexScores(
            kpis.LatestIndex(code, ReportedScores.Official766),
            figures is null ? null : KpiWire.Estimate(kpis.Estimate(figures.Counts), kind),
            kpis.LatestIndex(code, ReportedScores.HcmcDti),
            kpis.LatestIndex(code, ReportedScores.NationalDti));
        return TypedResults.Ok(new UnitKpiReport(code, NameOf(code, units, scopes), Periods.Name(kind), range.Start, range.End,
            figures?.JudgedAt,
            figures?.Counts is { } counts ? new BacklogCounts().Add(counts) : null, // the counts alone, not a subtype's extra fields
            figures?.LateByProcedure ?? new Dictionary<string, int>(),
            [.. (figures?.LateByStage ?? new Dictionary<DossierStatus, int>()).OrderBy(s => s.Key).Select(s => new LateStage(s.Key, (int)s.Key, s.Value))],
            figures?.ProcessingTimes ?? [],
            index));
    }

    internal static string NameOf(string code, UnitCatalog units, ScopeMembers scopes) =>
        units.Find(code)?.Name ?? scopes.Groups[code].Name;
}
