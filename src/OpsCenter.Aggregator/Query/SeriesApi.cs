using OpsCenter.Contracts.Query;
using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Domain.Calendar;

namespace OpsCenter.Aggregator.Query;

/// <summary><c>GET /api/query/v1/units/{code}/series?kpi=&amp;range=</c>: a KPI per day or month, from the dossier folds.</summary>
public static class SeriesApi
{
    private static readonly string[] Kpis = ["received", "processed", "late", "onTimeRate"];

    public static RouteGroupBuilder MapSeriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/query/v1").WithTags("KPIs");
        api.MapGet("/units/{code}/series", GetSeries)
            .WithName("GetUnitSeries")
            .WithSummary("Received, processed, late or on-time rate per day (7d, 30d) or per month (12m), oldest first.");
        return api;
    }

    internal static Results<Ok<Series>, NotFound<ProblemDetailsLike>, ValidationProblem> GetSeries(
        string code, string? kpi, string? range, KpiState kpis, TimeProvider time)
    {
        if (!kpis.IsKnown(code))
        {
            return TypedResults.NotFound(ProblemDetailsLike.UnknownUnit(code));
        }
        kpi ??= "received";
        range ??= "30d";
        if (!Kpis.Contains(kpi, StringComparer.Ordinal))
        {
            return TypedResults.ValidationProblem(KpiApi.Invalid("kpi", $"Use one of {string.Join(", ", Kpis)}."));
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
            return TypedResults.ValidationProblem(KpiApi.Invalid("range", "Use 7d, 30d or 12m."));
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
