using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Collector.Ingest;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Events;

namespace OpsCenter.Collector.Admin;

/// <summary>
/// The yearly digital-transformation index sheet, uploaded as CSV by an administrator:
/// <c>unit,indicator,value,max</c>, one score per line, for one index set and period.
/// Stored as index-score events, all or nothing, like any batch.
/// </summary>
public static class IndexSheetApi
{
    public const int MaxRows = 20_000;

    public static RouteGroupBuilder MapIndexSheetApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/index-scores/sheet", PostSheet)
            .WithTags("Admin: index scores")
            .WithName("UploadIndexSheet")
            .WithSummary("Uploads a CSV sheet of index scores (unit,indicator,value,max) for ?indexSet=&period=; idempotent by Idempotency-Key.")
            .Accepts<string>("text/csv");
        return admin;
    }

    internal static async Task<Results<Ok<IngestAck>, ValidationProblem, ProblemHttpResult>> PostSheet(
        HttpRequest request, string? indexSet, string? period, IEventLog log, UnitLineage lineage, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var idempotencyKey = request.Headers[IngestHeaders.IdempotencyKey].ToString();
        if (idempotencyKey.Length is 0 or > 128)
        {
            return new AdminValidation().Require(false, IngestHeaders.IdempotencyKey, "Required: a unique key per upload (1-128 characters).").Problem();
        }
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[0].StartsWith("unit,", StringComparison.OrdinalIgnoreCase))
        {
            lines.RemoveAt(0);
        }
        lines = [.. lines.Where(l => l.Length > 0)];
        if (lines.Count is 0 or > MaxRows)
        {
            return new AdminValidation().Require(false, "body", $"A sheet has 1-{MaxRows} lines of unit,indicator,value,max.").Problem();
        }

        var now = time.GetUtcNow();
        var errors = new ItemErrors();
        var checks = new ItemChecks(errors, lineage, now, TimeSpan.FromMinutes(5));
        var events = new List<NewEvent>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var cells = lines[i].Split(',');
            var path = $"rows[{i + 1}]";
            if (cells.Length != 4)
            {
                errors.Add(path, "Expected 4 comma-separated values: unit,indicator,value,max.");
                continue;
            }
            var item = new IndexScoreItem
            {
                IndexSet = indexSet,
                Period = period,
                Unit = cells[0].Trim(),
                Indicator = cells[1].Trim(),
                Value = decimal.TryParse(cells[2], NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null,
                Max = decimal.TryParse(cells[3], NumberStyles.Number, CultureInfo.InvariantCulture, out var max) ? max : null,
                PublishedAt = now,
            };
            var before = errors.Count;
            if (IndexScoreRules.Instance.Check(item, path, checks) is { } e && errors.Count == before)
            {
                events.Add(e);
            }
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "Some rows are invalid; nothing was stored");
        }
        var result = await log.AppendAsync(
            new AppendRequest($"admin:{user.Actor()}", idempotencyKey, SHA256.HashData(Encoding.UTF8.GetBytes(text)), events), cancellationToken);
        return result.Outcome == AppendOutcome.Conflict
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency key reused with a different sheet")
            : TypedResults.Ok(new IngestAck(result.Count, result.Outcome == AppendOutcome.Replayed, result.ReceivedAt));
    }
}
