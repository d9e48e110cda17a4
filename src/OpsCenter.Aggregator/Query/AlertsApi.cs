using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpsCenter.Aggregator.Access;
using OpsCenter.Aggregator.Alerts;
using OpsCenter.Aggregator.Live;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Domain.Calendar;

namespace OpsCenter.Aggregator.Query;

/// <summary>
/// <c>GET /api/query/v1/alerts</c>, <c>/alerts/detail?key=</c> and <c>/alerts/report?unit=&amp;week=</c>:
/// the alerts of the log's <see cref="AlertBook"/>. A reader of one unit sees only alerts listing its
/// unit, each listing only its unit; alerts of OpsCenter itself (no unit) only readers of every unit see.
/// </summary>
public static partial class AlertsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>How far from the current week a report may be asked for.</summary>
    public const int ReportYears = 5;

    public static RouteGroupBuilder MapAlertQueries(this RouteGroupBuilder query)
    {
        var api = query.MapGroup("").WithTags("Alerts");
        api.MapGet("/alerts", GetAlerts)
            .WithName("GetAlerts")
            .WithSummary("Alerts, newest first: open (firing and acknowledged) or all (with those resolved in the last 35 days); unit filters.");
        api.MapGet("/alerts/detail", GetAlert)
            .WithName("GetAlert")
            .WithSummary("One alert with its timeline (fired, units changed, acknowledged, assigned, notes, resolved).");
        api.MapGet("/alerts/report", GetReport)
            .WithName("GetAlertWeeklyReport")
            .WithSummary("One unit's alerts fired in an ISO week (week=2026-W49; default the current week in Ho Chi Minh City), with times to acknowledge and resolve.");
        return api;
    }

    internal static Results<Ok<AlertList>, ValidationProblem> GetAlerts(
        string? state, string? unit, string? limit, LiveState live, ScopeMembers scopes, ClaimsPrincipal user, TimeProvider time)
    {
        var all = state switch
        {
            null or "open" => false,
            "all" => true,
            _ => (bool?)null,
        };
        if (all is null)
        {
            return TypedResults.ValidationProblem(QueryProblems.Invalid("state", "open (firing and acknowledged, the default) or all."));
        }
        if (unit is not null && !scopes.IsUnit(unit))
        {
            return TypedResults.ValidationProblem(QueryProblems.Invalid("unit", $"No unit has the code '{unit}'."));
        }
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            return TypedResults.ValidationProblem(QueryProblems.Invalid("limit", $"A whole number from 1 to {MaxLimit}."));
        }
        var now = time.GetUtcNow();
        var scope = ReaderScope.Of(user);
        var visible = Visible(live.Alerts.All(), scope, unit, now).ToList();
        var open = visible.Where(a => a.State != AlertStates.Resolved).ToList();
        var listed = all.Value ? visible : open;
        return TypedResults.Ok(new AlertList(live.Position, now, open.Count, open.Count(a => a.State == AlertStates.Firing),
            [.. AlertBook.NewestFirst(listed).Take(take).Select(a => a with { Timeline = null })]));
    }

    internal static Results<Ok<AlertView>, NotFound<ProblemDetails>, ValidationProblem> GetAlert(string? key, LiveState live, ClaimsPrincipal user, TimeProvider time)
    {
        if (string.IsNullOrEmpty(key))
        {
            return TypedResults.ValidationProblem(QueryProblems.Invalid("key", "The alert's key is required."));
        }
        // Out of scope looks the same as unknown: a unit's key learns nothing of other units' alerts.
        return live.Alerts.Find(key) is { } alert && Visible([alert], ReaderScope.Of(user), null, time.GetUtcNow()).FirstOrDefault() is { } view
            ? TypedResults.Ok(view)
            : QueryProblems.NotFound("Unknown alert",
                $"key: no alert '{key}' (resolved alerts are kept 35 days).");
    }

    internal static Results<Ok<AlertWeeklyReport>, ValidationProblem> GetReport(
        string? unit, string? week, LiveState live, ScopeMembers scopes, ClaimsPrincipal user, TimeProvider time)
    {
        var scope = ReaderScope.Of(user);
        unit ??= scope.Unit;
        if (string.IsNullOrEmpty(unit) || !scopes.IsUnit(unit))
        {
            return TypedResults.ValidationProblem(QueryProblems.Invalid("unit", unit is null ? "A unit code is required." : $"No unit has the code '{unit}'."));
        }
        var now = time.GetUtcNow();
        var today = VietnamTime.LocalDate(now).ToDateTime(TimeOnly.MinValue);
        var (year, number) = (ISOWeek.GetYear(today), ISOWeek.GetWeekOfYear(today));
        if (week is not null)
        {
            var match = IsoWeek().Match(week);
            if (!match.Success
                || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                || !int.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var w)
                || Math.Abs(y - year) > ReportYears || w < 1 || w > ISOWeek.GetWeeksInYear(y))
            {
                return TypedResults.ValidationProblem(QueryProblems.Invalid("week",
                    $"An ISO week such as {year.ToString(CultureInfo.InvariantCulture)}-W{number.ToString("00", CultureInfo.InvariantCulture)}, within {ReportYears} years of now."));
            }
            (year, number) = (y, w);
        }
        var from = VietnamTime.StartOfDay(DateOnly.FromDateTime(ISOWeek.ToDateTime(year, number, DayOfWeek.Monday)));
        var to = from.AddDays(7);
        var alerts = AlertBook.NewestFirst(Visible(live.Alerts.All(), scope, unit, now, keepAll: true)
            .Where(a => a.FiredAt >= from && a.FiredAt < to)).ToList();
        var toAcknowledge = alerts.Where(a => a.AcknowledgedAt is not null).Select(a => (a.AcknowledgedAt!.Value - a.FiredAt).TotalSeconds).ToList();
        var toResolve = alerts.Where(a => a.ResolvedAt is not null).Select(a => (a.ResolvedAt!.Value - a.FiredAt).TotalSeconds).ToList();
        return TypedResults.Ok(new AlertWeeklyReport(unit,
            $"{year.ToString(CultureInfo.InvariantCulture)}-W{number.ToString("00", CultureInfo.InvariantCulture)}", from, to,
            alerts.Count, toAcknowledge.Count, toResolve.Count, Median(toAcknowledge), Median(toResolve),
            toAcknowledge.Count == 0 ? null : toAcknowledge.Max(), [.. alerts.Select(a => a with { Timeline = null })]));
    }

    /// <summary>
    /// The alerts a reader may see (listing its unit, reduced to it), of one unit when asked; resolved
    /// ones within the kept time only (the book prunes as time passes, this hides what is due to go).
    /// </summary>
    private static IEnumerable<AlertView> Visible(IEnumerable<AlertView> alerts, ReaderScope scope, string? unit, DateTimeOffset now, bool keepAll = false)
    {
        foreach (var alert in alerts)
        {
            if ((!keepAll && alert.ResolvedAt < now - AlertBook.ResolvedKept)
                || (unit is not null && !alert.Units.Contains(unit, StringComparer.Ordinal))
                || (!scope.IsAll && !alert.Units.Contains(scope.Unit!, StringComparer.Ordinal)))
            {
                continue;
            }
            yield return scope.IsAll ? alert : alert with { Units = [scope.Unit!] };
        }
    }

    internal static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWeek();
}
