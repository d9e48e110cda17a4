using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;

namespace OpsCenter.Contracts.Query;

// Answers of the aggregator's query API for drill-down (the Wall's briefing pages read them).

/// <summary>Late dossiers in progress at one stage (last status).</summary>
public sealed record LateStage(DossierStatus Stage, int Code, int Count);

/// <summary>
/// The index scores of a scope: the latest official 766 score and DTI totals as published, and
/// OpsCenter's live 766 estimate for the period asked, labelled as an estimate.
/// </summary>
public sealed record UnitIndexScores(IndexScore? Official766, Index766EstimateView? Estimate766, IndexScore? HcmcDti, IndexScore? NationalDti);

/// <summary>
/// The backlog figures of a unit, the city (79) or a group for a period. <see cref="Counts"/> is
/// null when the scope has no data for the period (zero is not missing); rates are null when
/// their denominator is 0.
/// </summary>
public sealed record UnitKpiReport(
    string Code,
    string Name,
    string Period,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    DateTimeOffset? JudgedAt,
    BacklogCounts? Counts,
    IReadOnlyDictionary<string, int> LateByProcedure,
    IReadOnlyList<LateStage> LateByStage,
    IReadOnlyList<ProcessingTimeStats> ProcessingTimes,
    UnitIndexScores Index);

/// <summary>A unit as the query API shows it: who it is and its live tile.</summary>
public sealed record UnitView(string Code, string Name, string FullName, string NameEn, UnitKind Kind, string? Parent, UnitTile Tile);

/// <summary>
/// One ranked unit. <see cref="Count"/> and <see cref="OutOf"/> are the absolute numbers behind
/// <see cref="Value"/> (e.g. dossiers on time out of dossiers to handle): units differ in size by
/// an order of magnitude. Units without data have a null value and rank, and come last.
/// </summary>
public sealed record RankingRow(int? Rank, string Unit, string Name, double? Value, int? Count, int? OutOf);

/// <param name="Order"><c>descending</c> (largest value ranks first) or <c>ascending</c> (freshness: newest data first).</param>
/// <param name="PeriodStart">The period's start (the dossier measures are counted over [PeriodStart, PeriodEnd)).</param>
/// <param name="PeriodEnd">The period's end.</param>
public sealed record Ranking(string By, string Among, string Period, string Order, DateTimeOffset JudgedAt, IReadOnlyList<RankingRow> Rows,
    DateTimeOffset PeriodStart = default, DateTimeOffset PeriodEnd = default);

/// <summary>One day (or month) of a series; <see cref="Value"/> is null when the scope had no data then.</summary>
/// <param name="ToHandle">Dossiers to handle in the period: the base of the on-time rate.</param>
public sealed record SeriesPoint(DateOnly Day, DateTimeOffset Start, DateTimeOffset End, double? Value, int? ToHandle);

public sealed record Series(string Unit, string Kpi, string Range, string Step, IReadOnlyList<SeriesPoint> Points);

/// <summary>One system's health: what its tile shows now, and its availability over 24 hours and 30 days.</summary>
public sealed record SystemHealth(string System, SystemState State, DateTimeOffset? LastSeen, AvailabilityFigures Last24h, AvailabilityFigures Last30d);

/// <summary>A unit's health; the figures of the unit (or of the city, a group) add up its systems' seconds.</summary>
public sealed record UnitHealth(string Unit, DateTimeOffset JudgedAt, SystemState State, AvailabilityFigures Last24h, AvailabilityFigures Last30d, IReadOnlyList<SystemHealth> Systems);

/// <summary>A system's status segments over a range, oldest first, with the availability they give.</summary>
public sealed record SystemTimeline(string Unit, string System, string Range, DateTimeOffset From, DateTimeOffset To, AvailabilityFigures Figures, IReadOnlyList<TimelineSegment> Segments);

/// <summary>A stretch of one system's history. <see cref="Hourly"/> marks an hour known only from the store's rollup (its worst status).</summary>
public sealed record TimelineSegment(DateTimeOffset From, DateTimeOffset To, SystemState State, bool Hourly = false);

/// <summary>
/// Availability over a range: time available (up or degraded) as a share of the time whose status
/// is known and not in maintenance. Maintenance and no-data time are shown but never counted against
/// a system. Null when no such time exists (no data is not 0%).
/// </summary>
public sealed record AvailabilityFigures(
    double? Availability,
    double UpSeconds,
    double DegradedSeconds,
    double DownSeconds,
    double MaintenanceSeconds,
    double NoDataSeconds)
{
    public double CountedSeconds => UpSeconds + DegradedSeconds + DownSeconds;

    public double AvailableSeconds => UpSeconds + DegradedSeconds;

    public static AvailabilityFigures Sum(IEnumerable<AvailabilityFigures> parts)
    {
        double up = 0, degraded = 0, down = 0, maintenance = 0, none = 0;
        foreach (var p in parts)
        {
            (up, degraded, down, maintenance, none) = (up + p.UpSeconds, degraded + p.DegradedSeconds, down + p.DownSeconds, maintenance + p.MaintenanceSeconds, none + p.NoDataSeconds);
        }
        return Of(up, degraded, down, maintenance, none);
    }

    public static AvailabilityFigures Of(double up, double degraded, double down, double maintenance, double none) =>
        new(up + degraded + down > 0 ? Math.Round((up + degraded) / (up + degraded + down), 6) : null,
            Math.Round(up, 3), Math.Round(degraded, 3), Math.Round(down, 3), Math.Round(maintenance, 3), Math.Round(none, 3));
}

/// <summary>One status change of a dossier as received (no personal data).</summary>
public sealed record DossierStep(DossierStatus Status, int StatusCode, DateTimeOffset At, DateTimeOffset? AppointmentAt, DateTimeOffset? ApologyNewAppointmentAt);

/// <summary>A dossier with the 766 rule's judgement of it now, for drill-down from a late list.</summary>
/// <param name="Standing">notReceived, notYetDue, nearlyDue, late, endedOnTime or endedLate.</param>
public sealed record DossierDetail(
    string Unit,
    string DossierId,
    string ProcedureCode,
    string? ProcedureName,
    int Channel,
    string Standing,
    DateTimeOffset JudgedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? EndedAt,
    int SupplementRequests,
    double? ProcessingWorkingDays,
    double? WorkingDaysLate,
    IReadOnlyList<DossierStep> Steps);
