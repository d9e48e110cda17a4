using OpsCenter.Contracts.Live;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Quality;

namespace OpsCenter.Aggregator.Kpis;

/// <summary>
/// The KPI state's figures and dossiers as the wire shows them (tiles, the query API): the one place
/// that maps the Domain's results to the contract types, so <see cref="KpiState"/> only folds and counts.
/// </summary>
internal static class KpiWire
{
    /// <summary>A tile's headline figures of one period; <paramref name="source"/> says where they come from (dossiers or a snapshot).</summary>
    public static KpiFigures Headline(BacklogFigures figures, string source, bool onlineKnown)
    {
        var c = figures.Counts;
        return new KpiFigures(figures.Period.Start, figures.Period.End, c.ToHandle, c.InProgressLate, c.InProgressNearlyDue,
            c.ProcessedOnTime, c.ProcessedLate, c.LateRate, c.OnTimeRate, c.ApologyLetters, onlineKnown ? c.OnlineShare : null, source);
    }

    /// <summary>The live 766 estimate of a period's counts, labelled as an estimate with the period's name.</summary>
    public static Index766EstimateView Estimate(Index766Estimate estimate, PeriodKind period) =>
        new(estimate.ScoreOutOf100, estimate.Points, estimate.MaxOfEstimatedGroups, estimate.Grade, estimate.WeightsVersion, Periods.Name(period));

    /// <summary>A late dossier in progress, with its working days late now.</summary>
    public static LateDossier Late(string unit, Dossier dossier, DossierJudgement verdict, string? procedureName, WorkingCalendar calendar, DateTimeOffset now)
    {
        var daysLate = verdict.DueAt is { } due ? Math.Max(0, calendar.WorkingDaysBetween(due, now)) : 0;
        return new LateDossier(unit, dossier.Id, dossier.ProcedureCode, procedureName,
            verdict.LastStatus, (int)verdict.LastStatus, verdict.AcceptedAt!.Value, verdict.DueAt, Math.Round(daysLate, 2));
    }

    /// <summary>One dossier with the rule's judgement of it now.</summary>
    public static DossierDetail Detail(string unit, Dossier dossier, DossierJudgement verdict, string? procedureName, WorkingCalendar calendar, DateTimeOffset now)
    {
        double? daysLate = verdict.IsLate && verdict.DueAt is { } due
            ? Math.Round(Math.Max(0, calendar.WorkingDaysBetween(due, verdict.EndedAt ?? now)), 2)
            : null;
        var standing = verdict.Standing.ToString();
        return new DossierDetail(unit, dossier.Id, dossier.ProcedureCode, procedureName, (int)dossier.Channel,
            char.ToLowerInvariant(standing[0]) + standing[1..], now, verdict.AcceptedAt, verdict.DueAt, verdict.EndedAt,
            verdict.SupplementRequests, verdict.ProcessingWorkingDays is { } days ? Math.Round(days, 2) : null, daysLate,
            // A source's retry may deliver a status change twice: show each once.
            [.. dossier.Events.Select(e => new DossierStep(e.Status, (int)e.Status, e.At, e.AppointmentAt, e.ApologyNewAppointmentAt)).Distinct()]);
    }
}
