using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Simulator.Feeds;

/// <summary>
/// Sends batches through the public ingest API with the simulator's own source key, exactly as a
/// ward's system would: an idempotency key per batch, reused on every retry of that batch. The
/// standard resilience handler retries briefly (and honours Retry-After); this client keeps trying
/// the same batch a little longer, so a busy collector slows the simulator down instead of losing data.
/// </summary>
public sealed class IngestClient(HttpClient http, IOptions<SimulatorOptions> options)
{
    private const int Attempts = 6;

    public Task<IngestAck> PostAsync<TItem>(string kind, IReadOnlyList<TItem> items, string idempotencyKey, CancellationToken cancellationToken) =>
        PostAsync(kind, Serialize(items), items.Count, idempotencyKey, cancellationToken);

    /// <summary>The body of a batch, serialised once: the same bytes are hashed for the key and sent on every retry.</summary>
    public static byte[] Serialize<TItem>(IReadOnlyList<TItem> items) =>
        JsonSerializer.SerializeToUtf8Bytes(new IngestBatch<TItem> { Items = [.. items] }, WireJson.Options);

    public async Task<IngestAck> PostAsync(string kind, byte[] body, int count, string idempotencyKey, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await PostOnceAsync(kind, body, count, idempotencyKey, cancellationToken);
            }
            catch (Exception e) when (attempt < Attempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt)), cancellationToken);
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } => true,
        HttpRequestException { StatusCode: >= HttpStatusCode.InternalServerError } => true,
        TaskCanceledException or TimeoutException => true,
        Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException => true,
        _ => false,
    };

    private async Task<IngestAck> PostOnceAsync(string kind, byte[] body, int count, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(options.Value.IngestUrl!), $"/api/ingest/v1/{PathOf(kind)}"))
        {
            Content = content,
        };
        request.Headers.Add(IngestHeaders.ApiKey, options.Value.ApiKey);
        request.Headers.Add(IngestHeaders.IdempotencyKey, idempotencyKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"Ingest of {count} {kind} items answered {(int)response.StatusCode}: {problem}", null, response.StatusCode);
        }
        return await response.Content.ReadFromJsonAsync<IngestAck>(WireJson.Options, cancellationToken)
            ?? throw new HttpRequestException("Ingest answered with an empty acknowledgement.");
    }

    /// <summary>The endpoint of each kind (the kinds are also the event kinds in the log).</summary>
    public static string PathOf(string kind) => kind switch
    {
        DataKinds.Dossier => "dossiers",
        DataKinds.IndexScore => "index-scores",
        DataKinds.Incident => "incidents",
        _ => kind,
    };
}
