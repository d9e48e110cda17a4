using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>
/// Test rules added to the running center's rule set (GET, add, PUT, as an admin would) and the open
/// alerts as the aggregator serves them. The set is one document: two classes adding rules at once
/// would lose one of them, so additions in this assembly take turns and are read back.
/// </summary>
public static class AlertRules
{
    private static readonly SemaphoreSlim Turn = new(1, 1);

    /// <summary>A system-down rule of one unit and one system: no hold, no clear time.</summary>
    public static async Task EnsureSystemDownAsync(CenterFixture center, string id, string unit, string system, string name, string nameEn)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await Turn.WaitAsync(cancellation);
        try
        {
            using var admin = center.CreateGatewayClient();
            admin.DefaultRequestHeaders.Authorization = new("Bearer", RunningCenter.AdminKey);
            for (var attempt = 0; ; attempt++)
            {
                var rules = JsonNode.Parse(await admin.GetStringAsync("/api/admin/v1/alerts/rules", cancellation))!.AsObject();
                var list = rules["rules"]!.AsArray();
                if (list.Any(r => (string?)r!["id"] == id))
                {
                    return;
                }
                Assert.True(attempt < 3, $"the rule {id} was not kept in the rule set after {attempt} PUTs");
                list.Add(new JsonObject
                {
                    ["id"] = id,
                    ["name"] = name,
                    ["nameEn"] = nameEn,
                    ["kind"] = "systemDown",
                    ["severity"] = "critical",
                    ["scope"] = new JsonObject { ["kind"] = "unit", ["unit"] = unit },
                    ["system"] = system,
                    ["holdMinutes"] = 0,
                    ["clearMinutes"] = 0,
                });
                using var saved = await admin.PutAsync("/api/admin/v1/alerts/rules",
                    new StringContent(rules.ToJsonString(), Encoding.UTF8, "application/json"), cancellation);
                Assert.True(saved.IsSuccessStatusCode, $"PUT rules: {(int)saved.StatusCode} {await saved.Content.ReadAsStringAsync(cancellation)}");
            }
        }
        finally
        {
            Turn.Release();
        }
    }

    /// <summary>The city's open alerts (firing and acknowledged), read with the Wall's key.</summary>
    public static async Task<IReadOnlyList<AlertView>> OpenAsync(CenterFixture center)
    {
        using var reader = center.CreateGatewayClient();
        reader.DefaultRequestHeaders.Authorization = new("Bearer", CenterFixture.ServiceKey);
        var list = await reader.GetFromJsonAsync<AlertList>("/api/query/v1/alerts?state=open&limit=200", WireJson.Options, TestContext.Current.CancellationToken);
        return list!.Alerts;
    }

    /// <summary>Polls the open alerts until one matches (60 s at most: the engine ticks every 5 s).</summary>
    public static async Task<AlertView> UntilOpenAsync(CenterFixture center, Func<AlertView, bool> match, string what) =>
        (await Eventually.MatchAsync(async () => (await OpenAsync(center)).FirstOrDefault(match), found => found is not null,
            TimeSpan.FromSeconds(60), $"{what} among the open alerts"))!;
}
