using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpsCenter.Collector.Sources;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Units;
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
/// then append the whole batch durably and acknowledge.
/// </summary>
internal sealed class IngestPipeline(IEventLog log, UnitLineage lineage, TimeProvider time, IOptionsMonitor<IngestOptions> options)
{
    public async Task<IResult> HandleAsync<TItem>(HttpContext context, IItemRules<TItem> rules)
    {
        var source = context.GetSource();
        if (!source.MaySend(rules.Kind))
        {
            return Forbidden($"Source '{source.Id}' may not send '{rules.Kind}' data.");
        }

        var idempotencyKey = context.Request.Headers[IngestHeaders.IdempotencyKey].ToString();
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 128)
        {
            return Invalid(IngestHeaders.IdempotencyKey, "Send a unique key of 1-128 characters per batch; reuse it only to retry the same batch.");
        }

        var limit = options.CurrentValue.MaxBodyBytes;
        var body = await ReadBodyAsync(context.Request, limit, context.RequestAborted);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The batch is too large",
                detail: $"A request body may be at most {limit} bytes and {IngestBatch<TItem>.MaxItems} items.");
        }

        IngestBatch<TItem>? batch;
        try
        {
            batch = JsonSerializer.Deserialize<IngestBatch<TItem>>(body, WireJson.Strict);
        }
        catch (JsonException e)
        {
            return Invalid(FieldOf(e.Path), Explain(e));
        }
        if (batch?.Items is not { Count: > 0 } items)
        {
            return Invalid("items", "The batch must have a non-empty 'items' array.");
        }
        if (items.Count > IngestBatch<TItem>.MaxItems)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The batch is too large",
                detail: $"A batch may carry at most {IngestBatch<TItem>.MaxItems} items; this one has {items.Count}.");
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
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "Some items are invalid; nothing was stored");
        }
        if (foreignUnits.Count > 0)
        {
            return Forbidden($"Source '{source.Id}' may not write for the units at {string.Join(", ", foreignUnits)}; nothing was stored.");
        }

        var result = await log.AppendAsync(
            new AppendRequest(source.Id, idempotencyKey, SHA256.HashData(body), events), context.RequestAborted);
        return result.Outcome switch
        {
            AppendOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "Idempotency key reused with a different body",
                detail: $"The key '{idempotencyKey}' was already used for another batch; use a new key for new data."),
            _ => TypedResults.Ok(new IngestAck(result.Count, result.Outcome == AppendOutcome.Replayed, result.ReceivedAt)),
        };
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

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            title: "The request is invalid; nothing was stored");

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This key may not write that", detail: detail);
}
