using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Calendar;

namespace OpsCenter.Aggregator.Query;

/// <summary><c>GET /api/query/v1/units/{code}/series?kpi=&amp;range=</c>: a KPI per day or month, from the dossier folds.</summary>
public static class SeriesApi
{
    private static readonly string[] Kpis = ["received", "processed", "late", "onTimeRate"];

    public static RouteGroupBuilder MapSeriesQueries(this RouteGroupBuilder query)
    {
        var api = query.MapGroup("").WithTags("KPIs");
        api.MapGet("/units/{code}/series", GetSeries)
            .WithName("GetUnitSeries")
            .WithSummary("Received, processed, late or on-time rate per day (7d, 30d) or per month (12m), oldest first.");
        return api;
    }

    internal static Results<Ok<Series>, NotFound<ProblemDetails>, ValidationProblem> GetSeries(
        string code, string? kpi, string? range, KpiState kpis, ScopeMembers scopes, TimeProvider time)
    {
        if (!scopes.IsKnown(code))
        {
            return QueryProblems.UnknownUnit(code);
        }
        kpi ??= "received";
        range ??= "30d";
        if (!Kpis.Contains(kpi, StringComparer.Ordinal))
        {
            return TypedResults.ValidationProblem(QueryProblems.Invalid("kpi", $"Use one of {string.Join(", ", Kpis)}."));
        }
        (PeriodKind Kind, int Count)? steps = range switch
        {
            "7d" => (PeriodKind.Day, 7),
            "30d" => (PeriodKind.Day, 30),
            "12m" => (PeriodKind.Month, 12),
            _ => null,
        };
        if (steps is not { } s)
        {
            return TypedResults.ValidationProblem(QueryProblems.Invalid("range", "Use 7d, 30d or 12m."));
        }
        var now = time.GetUtcNow();
        var periods = new List<ReportingPeriod> { ReportingPeriod.Containing(s.Kind, now) };
        while (periods.Count < s.Count)
        {
            periods.Add(periods[^1].Previous());
        }
        periods.Reverse();
        var points = periods.Select(p => (Period: p, Figures: kpis.Figures(code, p, now))).Select(x => new SeriesPoint(
            VietnamTime.LocalDate(x.Period.Start), x.Period.Start, x.Period.End,
            x.Figures?.Counts is not { } c ? null : kpi switch
            {
                "received" => c.Received,
                "processed" => c.Processed,
                "late" => c.InProgressLate + c.ProcessedLate,
                _ => c.OnTimeRate,
            },
            x.Figures?.Counts.ToHandle)).ToList();
        return TypedResults.Ok(new Series(code, kpi, range, s.Kind == PeriodKind.Day ? "day" : "month", points));
    }
}
