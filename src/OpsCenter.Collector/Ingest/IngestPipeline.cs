using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsCenter.Collector.Sources;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Events;

namespace OpsCenter.Collector.Ingest;

/// <summary>Checks one item of a kind and turns it into a log event.</summary>
internal interface IItemRules<TItem>
{
    string Kind { get; }

    /// <summary>Adds errors under <paramref name="path"/>; returns the event when the item is valid.</summary>
    NewEvent? Check(TItem item, string path, ItemChecks checks);
}

/// <summary>
/// What every push goes through: read the body once (size-limited, hashed for idempotency),
/// parse strictly, validate every item, check the source may write those units and that kind,
/// then append the whole batch durably and acknowledge. Every refusal is also recorded for the
/// source's report, so its IT person can see why without calling anyone.
/// </summary>
internal sealed partial class IngestPipeline(
    IEventLog log, AdminStore admin, UnitLineage lineage, TimeProvider time, IOptionsMonitor<IngestOptions> options, IngestMetrics metrics, ILogger<IngestPipeline> logger)
{
    public async Task<IResult> HandleAsync<TItem>(HttpContext context, IItemRules<TItem> rules)
    {
        var source = context.GetSource();
        var outcome = await CheckAndAppendAsync(context, source, rules);
        if (outcome.Refusal is { } refusal)
        {
            metrics.Refused(rules.Kind, refusal.Status);
            await RecordAsync(source.Id, rules.Kind, refusal);
            return refusal.Result;
        }
        return outcome.Ack!;
    }

    private async Task<(Refusal? Refusal, IResult? Ack)> CheckAndAppendAsync<TItem>(HttpContext context, Storage.Sources.Source source, IItemRules<TItem> rules)
    {
        var sourceId = source.Id;
        if (!source.MaySend(rules.Kind))
        {
            return (Refusal.Forbidden($"Source '{sourceId}' may not send '{rules.Kind}' data."), null);
        }

        var idempotencyKey = context.Request.Headers[IngestHeaders.IdempotencyKey].ToString();
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 128)
        {
            return (Refusal.Invalid(IngestHeaders.IdempotencyKey, "Send a unique key of 1-128 characters per batch; reuse it only to retry the same batch."), null);
        }

        var limit = options.CurrentValue.MaxBodyBytes;
        var body = await ReadBodyAsync(context.Request, limit, context.RequestAborted);
        if (body is null)
        {
            return (Refusal.TooLarge($"A request body may be at most {limit} bytes and {IngestBatch<TItem>.MaxItems} items."), null);
        }

        IngestBatch<TItem>? batch;
        try
        {
            batch = JsonSerializer.Deserialize<IngestBatch<TItem>>(body, WireJson.Strict);
        }
        catch (JsonException e)
        {
            return (Refusal.Invalid(FieldOf(e.Path), Explain(e)), null);
        }
        if (batch?.Items is not { Count: > 0 } items)
        {
            return (Refusal.Invalid("items", "The batch must have a non-empty 'items' array."), null);
        }
        if (items.Count > IngestBatch<TItem>.MaxItems)
        {
            return (Refusal.TooLarge($"A batch may carry at most {IngestBatch<TItem>.MaxItems} items; this one has {items.Count}."), null);
        }

        var errors = new ItemErrors();
        var checks = new ItemChecks(errors, lineage, time.GetUtcNow(), options.CurrentValue.MaxFutureSkew);
        var events = new List<NewEvent>(items.Count);
        var foreignUnits = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"items[{i}]";
            if (items[i] is not { } item)
            {
                errors.Add(path, "An item may not be null.");
                continue;
            }
            var before = errors.Count;
            if (rules.Check(item, path, checks) is { } e && errors.Count == before)
            {
                if (source.MayWriteUnit(e.Unit))
                {
                    events.Add(e);
                }
                else
                {
                    foreignUnits.Add($"{path}.unit");
                }
            }
        }
        if (errors.Any)
        {
            return (new Refusal(StatusCodes.Status400BadRequest, "Some items are invalid; nothing was stored", errors.ToDictionary(), null), null);
        }
        if (foreignUnits.Count > 0)
        {
            return (Refusal.Forbidden($"Source '{sourceId}' may not write for the units at {string.Join(", ", foreignUnits)}; nothing was stored."), null);
        }

        var result = await log.AppendAsync(new AppendRequest(sourceId, idempotencyKey, SHA256.HashData(body), events), context.RequestAborted);
        if (result.Outcome == AppendOutcome.Conflict)
        {
            return (new Refusal(StatusCodes.Status409Conflict, "Idempotency key reused with a different body", null,
                $"The key '{idempotencyKey}' was already used for another batch; use a new key for new data."), null);
        }
        metrics.Stored(rules.Kind, result.Count, result.Outcome == AppendOutcome.Replayed);
        return (null, TypedResults.Ok(new IngestAck(result.Count, result.Outcome == AppendOutcome.Replayed, result.ReceivedAt)));
    }

    private async Task RecordAsync(string sourceId, string kind, Refusal refusal)
    {
        try
        {
            var errors = refusal.Errors is null ? refusal.Detail : JsonSerializer.Serialize(refusal.Errors.Take(20).ToDictionary());
            await admin.RecordRejectionAsync(sourceId, kind, refusal.Status, refusal.Title, errors, CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // The report is a courtesy; a refusal must still be answered if it cannot be recorded.
            LogRecordFailed(e, sourceId);
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$', '.');

    // The serializer's own messages name .NET types; say what is wrong in the wire's terms instead.
    private static string Explain(JsonException e) => e.Message.Contains("could not be mapped", StringComparison.Ordinal)
        ? "This field is not part of the format (personal data and unknown fields are refused)."
        : string.IsNullOrEmpty(e.Path) || e.Path == "$"
            ? $"The body is not a JSON object of the expected shape (line {e.LineNumber + 1}, byte {e.BytePositionInLine})."
            : $"The value is malformed, of the wrong type or not an allowed value (line {e.LineNumber + 1}, byte {e.BytePositionInLine}).";

    [LoggerMessage(LogLevel.Warning, "Could not record a rejection for source {Source}")]
    private partial void LogRecordFailed(Exception exception, string source);

    /// <summary>A refused batch: the problem answered and what the source's report keeps of it.</summary>
    private sealed record Refusal(int Status, string Title, Dictionary<string, string[]>? Errors, string? Detail)
    {
        public IResult Result => Errors is not null
            ? TypedResults.ValidationProblem(Errors, title: Title)
            : TypedResults.Problem(statusCode: Status, title: Title, detail: Detail);

        public static Refusal Invalid(string field, string message) =>
            new(StatusCodes.Status400BadRequest, "The request is invalid; nothing was stored", new() { [field] = [message] }, null);

        public static Refusal Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "This key may not write that", null, detail);

        public static Refusal TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "The batch is too large", null, detail);
    }
}
