using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Simulator.Extensions;

namespace OpsCenter.Simulator.Feeds;

/// <summary>
/// Sends batches through the public ingest API with the simulator's own source key, exactly as a
/// ward's system would: an idempotency key per batch, reused on every retry of that batch.
/// </summary>
public sealed class IngestClient(HttpClient http, IOptions<SimulatorOptions> options)
{
    public async Task<IngestAck> PostAsync<TItem>(string kind, IReadOnlyList<TItem> items, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(options.Value.IngestUrl!), $"/api/ingest/v1/{kind}"))
        {
            Content = JsonContent.Create(new IngestBatch<TItem> { Items = [.. items] }, options: WireJson.Options),
        };
        request.Headers.Add(IngestHeaders.ApiKey, options.Value.ApiKey);
        request.Headers.Add(IngestHeaders.IdempotencyKey, idempotencyKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"Ingest of {items.Count} {kind} items answered {(int)response.StatusCode}: {problem}", null, response.StatusCode);
        }
        return await response.Content.ReadFromJsonAsync<IngestAck>(WireJson.Options, cancellationToken)
            ?? throw new HttpRequestException("Ingest answered with an empty acknowledgement.");
    }
}
