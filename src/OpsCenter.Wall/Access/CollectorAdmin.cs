using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Admin;
using OpsCenter.Contracts.Alerts;

namespace OpsCenter.Wall.Access;

/// <summary>What the collector said no to, with its field errors (shown next to the form).</summary>
public sealed class AdminRequestException(HttpStatusCode status, string title, IReadOnlyDictionary<string, string[]> errors)
    : Exception(title)
{
    public HttpStatusCode Status { get; } = status;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public string Describe() => Errors.Count == 0 ? Message : $"{Message}: {string.Join("; ", Errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}"))}";
}

/// <summary>
/// The collector's admin API, a typed client: its address and the Wall's admin key are set where it is
/// registered (<see cref="AccessServiceExtensions"/>). Changes name the signed-in person as the actor,
/// so the audit log says who did what.
/// </summary>
public sealed class CollectorAdmin(HttpClient http)
{

    /// <param name="client">The address the person signs in from: the collector counts attempts per account and address.</param>
    public async Task<SignInAnswer> SignInAsync(string username, string password, string client, CancellationToken cancellationToken) =>
        await SendAsync<SignInAnswer>(HttpMethod.Post, "people/sign-in", null, new SignInRequest(username, password, client), cancellationToken)
        ?? throw new InvalidOperationException("The collector gave no sign-in answer.");

    /// <summary>What a session is checked against; null when the person no longer exists.</summary>
    public Task<PersonSessionInfo?> SessionAsync(string username, CancellationToken cancellationToken) =>
        GetOrNullAsync<PersonSessionInfo>($"people/{Uri.EscapeDataString(username)}/session", cancellationToken);

    /// <summary>Ends every session of the person (a new security stamp).</summary>
    public Task EndSessionsAsync(string username, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"people/{Uri.EscapeDataString(username)}/sign-out", actor, null, cancellationToken);

    public Task<PersonInfo?> FindPersonAsync(string username, CancellationToken cancellationToken) =>
        GetOrNullAsync<PersonInfo>($"people/{Uri.EscapeDataString(username)}", cancellationToken);

    /// <summary>Everyone who can sign in, with their alert-mail addresses.</summary>
    public async Task<IReadOnlyList<PersonInfo>> ListPeopleAsync(CancellationToken cancellationToken) =>
        await SendAsync<PersonInfo[]>(HttpMethod.Get, "people", null, null, cancellationToken) ?? [];

    /// <param name="email">Where alert mail goes; null: none.</param>
    public Task SavePersonAsync(string username, string displayName, string role, string? unit, string? password, bool disabled, string? email, string actor, CancellationToken cancellationToken) =>
        SendAsync<PersonInfo>(HttpMethod.Put, $"people/{Uri.EscapeDataString(username)}", actor, new PersonRequest(displayName, role, unit, password, disabled, email), cancellationToken);

    public Task SetPasswordAsync(string username, string password, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"people/{Uri.EscapeDataString(username)}/password", actor, new PasswordRequest(password), cancellationToken);

    public Task UnlockAsync(string username, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"people/{Uri.EscapeDataString(username)}/unlock", actor, null, cancellationToken);

    public Task DeletePersonAsync(string username, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"people/{Uri.EscapeDataString(username)}", actor, null, cancellationToken);

    public async Task<NewDevicePairing> StartPairingAsync(CancellationToken cancellationToken) =>
        await SendAsync<NewDevicePairing>(HttpMethod.Post, "devices/pairings", null, null, cancellationToken)
        ?? throw new InvalidOperationException("The collector gave no pairing.");

    /// <summary>The screen a token belongs to; null when no screen has it.</summary>
    public async Task<DeviceInfo?> AuthenticateDeviceAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync<DeviceInfo>(HttpMethod.Post, "devices/authenticate", null, new DeviceTokenRequest(token), cancellationToken);
        }
        catch (AdminRequestException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<DeviceInfo>> ListDevicesAsync(CancellationToken cancellationToken) =>
        await SendAsync<DeviceInfo[]>(HttpMethod.Get, "devices", null, null, cancellationToken) ?? [];

    public Task<DeviceInfo?> ApproveDeviceAsync(string code, string name, string view, string actor, CancellationToken cancellationToken) =>
        SendAsync<DeviceInfo>(HttpMethod.Post, "devices/approve", actor, new DeviceApproval(code, name, view), cancellationToken);

    public Task UpdateDeviceAsync(string id, string name, string view, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Put, $"devices/{Uri.EscapeDataString(id)}", actor, new DeviceUpdate(name, view), cancellationToken);

    public Task RevokeDeviceAsync(string id, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"devices/{Uri.EscapeDataString(id)}/revoke", actor, null, cancellationToken);

    public async Task<IReadOnlyList<SourceInfo>> ListSourcesAsync(CancellationToken cancellationToken) =>
        await SendAsync<SourceInfo[]>(HttpMethod.Get, "sources", null, null, cancellationToken) ?? [];

    /// <summary>Creates or replaces a source: everything it has, its polled health URL and system included (null: not polled).</summary>
    public Task SaveSourceAsync(string id, string name, IReadOnlyList<string>? units, IReadOnlyList<string> kinds, int expectedIntervalSeconds,
        string? healthUrl, string? healthSystem, string actor, CancellationToken cancellationToken) =>
        SendAsync<SourceInfo>(HttpMethod.Put, $"sources/{Uri.EscapeDataString(id)}", actor, new SourceRequest(name, units, kinds, expectedIntervalSeconds, healthUrl, healthSystem), cancellationToken);

    public async Task<IReadOnlyList<SourceKeyInfo>> ListKeysAsync(string source, CancellationToken cancellationToken) =>
        await SendAsync<SourceKeyInfo[]>(HttpMethod.Get, $"sources/{Uri.EscapeDataString(source)}/keys", null, null, cancellationToken) ?? [];

    public async Task<NewSourceKey> IssueKeyAsync(string source, string actor, CancellationToken cancellationToken) =>
        await SendAsync<NewSourceKey>(HttpMethod.Post, $"sources/{Uri.EscapeDataString(source)}/keys", actor, null, cancellationToken)
        ?? throw new InvalidOperationException("The collector issued no key.");

    public Task RevokeKeyAsync(string source, string keyId, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"sources/{Uri.EscapeDataString(source)}/keys/{Uri.EscapeDataString(keyId)}", actor, null, cancellationToken);

    public async Task<IReadOnlyList<GroupInfo>> ListGroupsAsync(CancellationToken cancellationToken) =>
        await SendAsync<GroupInfo[]>(HttpMethod.Get, "groups", null, null, cancellationToken) ?? [];

    public Task SaveGroupAsync(string id, string name, string nameEn, IReadOnlyList<string> units, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Put, $"groups/{Uri.EscapeDataString(id)}", actor, new GroupRequest(name, nameEn, units), cancellationToken);

    public Task DeleteGroupAsync(string id, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"groups/{Uri.EscapeDataString(id)}", actor, null, cancellationToken);

    public async Task<IReadOnlyList<UnitInfo>> ListUnitsAsync(CancellationToken cancellationToken) =>
        await SendAsync<UnitInfo[]>(HttpMethod.Get, "units", null, null, cancellationToken) ?? [];

    public Task SaveUnitSystemAsync(string unit, string system, string name, string nameEn, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Put, $"units/{Uri.EscapeDataString(unit)}/systems/{Uri.EscapeDataString(system)}", actor, new UnitSystemRequest(name, nameEn), cancellationToken);

    public Task DeleteUnitSystemAsync(string unit, string system, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"units/{Uri.EscapeDataString(unit)}/systems/{Uri.EscapeDataString(system)}", actor, null, cancellationToken);

    public async Task<IReadOnlyList<MaintenanceInfo>> ListMaintenanceAsync(CancellationToken cancellationToken) =>
        await SendAsync<MaintenanceInfo[]>(HttpMethod.Get, "maintenance", null, null, cancellationToken) ?? [];

    public Task CreateMaintenanceAsync(string unit, string? system, DateTimeOffset startsAt, DateTimeOffset endsAt, string reason, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, "maintenance", actor, new MaintenanceRequest(unit, system, startsAt, endsAt, reason), cancellationToken);

    public Task DeleteMaintenanceAsync(string id, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"maintenance/{Uri.EscapeDataString(id)}", actor, null, cancellationToken);

    public async Task<JsonElement> GetThresholdsAsync(CancellationToken cancellationToken) =>
        await SendAsync<JsonElement>(HttpMethod.Get, "thresholds", null, null, cancellationToken);

    public Task SaveThresholdsAsync(JsonElement thresholds, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Put, "thresholds", actor, thresholds, cancellationToken);

    public async Task<IReadOnlyList<EmbedTokenInfo>> ListEmbedTokensAsync(string? unit, CancellationToken cancellationToken) =>
        await SendAsync<EmbedTokenInfo[]>(HttpMethod.Get, "embed-tokens" + (unit is null ? "" : "?unit=" + Uri.EscapeDataString(unit)), null, null, cancellationToken) ?? [];

    public async Task<NewEmbedToken> IssueEmbedTokenAsync(string unit, string label, IReadOnlyList<string> kinds, IReadOnlyList<string> origins, string actor, CancellationToken cancellationToken) =>
        await SendAsync<NewEmbedToken>(HttpMethod.Post, "embed-tokens", actor, new EmbedTokenRequest(unit, label, kinds, origins), cancellationToken)
        ?? throw new InvalidOperationException("The collector issued no token.");

    public Task RevokeEmbedTokenAsync(string id, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"embed-tokens/{Uri.EscapeDataString(id)}/revoke", actor, null, cancellationToken);

    /// <summary>Asks every aggregator (through the log) to apply a quarantined event again.</summary>
    public Task ReapplyAsync(long position, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"quarantine/{position.ToString(System.Globalization.CultureInfo.InvariantCulture)}/reapply", actor, null, cancellationToken);

    public async Task<IReadOnlyList<AuditInfo>> ListAuditAsync(int limit, CancellationToken cancellationToken) =>
        await SendAsync<AuditInfo[]>(HttpMethod.Get, $"audit?limit={limit}", null, null, cancellationToken) ?? [];

    /// <summary>The alert rule set file (<c>{ "rules": [...] }</c>) as the collector holds it.</summary>
    public async Task<JsonElement> GetAlertRulesAsync(CancellationToken cancellationToken) =>
        await SendAsync<JsonElement>(HttpMethod.Get, "alerts/rules", null, null, cancellationToken);

    /// <summary>Replaces the rule set; a 400 names the bad fields (<c>rules[2].holdMinutes</c>).</summary>
    public Task SaveAlertRulesAsync(JsonElement rules, string actor, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Put, "alerts/rules", actor, rules, cancellationToken);

    /// <summary>Acknowledges an alert (409: already acknowledged or resolved; 403: not the person's unit).</summary>
    public Task<AlertActionResult?> AcknowledgeAlertAsync(string key, string? note, string actor, string? unit, CancellationToken cancellationToken) =>
        SendAsync<AlertActionResult>(HttpMethod.Post, $"alerts/{Uri.EscapeDataString(key)}/acknowledge", actor, new AlertActionRequest(note), cancellationToken, unit);

    public Task<AlertActionResult?> AssignAlertAsync(string key, string assignee, string actor, string? unit, CancellationToken cancellationToken) =>
        SendAsync<AlertActionResult>(HttpMethod.Post, $"alerts/{Uri.EscapeDataString(key)}/assign", actor, new AlertAssignRequest(assignee), cancellationToken, unit);

    public Task<AlertActionResult?> NoteAlertAsync(string key, string note, string actor, string? unit, CancellationToken cancellationToken) =>
        SendAsync<AlertActionResult>(HttpMethod.Post, $"alerts/{Uri.EscapeDataString(key)}/notes", actor, new AlertNoteRequest(note), cancellationToken, unit);

    public Task<AlertActionResult?> ResolveAlertAsync(string key, string? note, string actor, string? unit, CancellationToken cancellationToken) =>
        SendAsync<AlertActionResult>(HttpMethod.Post, $"alerts/{Uri.EscapeDataString(key)}/resolve", actor, new AlertActionRequest(note), cancellationToken, unit);

    /// <summary>What a signed acknowledgement link points at; changes nothing (mail scanners fetch links). 400: bad token, 410: expired or used.</summary>
    public async Task<AlertLinkPreview> PreviewAlertLinkAsync(string token, CancellationToken cancellationToken) =>
        await SendAsync<AlertLinkPreview>(HttpMethod.Get, $"alerts/acknowledge-link?token={Uri.EscapeDataString(token)}", null, null, cancellationToken)
        ?? throw new InvalidOperationException("The collector gave no preview.");

    /// <summary>Acknowledges as the link's recipient. 400: bad token, 410: expired or used.</summary>
    public Task ConfirmAlertLinkAsync(string token, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, "alerts/acknowledge-link", null, new AlertLinkRequest(token), cancellationToken);

    /// <summary>The alert mail's state: SMTP configured or why not, counts, given-up rows.</summary>
    public async Task<AlertMailStatus> AlertMailStatusAsync(CancellationToken cancellationToken) =>
        await SendAsync<AlertMailStatus>(HttpMethod.Get, "alerts/mail", null, null, cancellationToken)
        ?? throw new InvalidOperationException("The collector gave no alert mail status.");

    private async Task<T?> GetOrNullAsync<T>(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync<T>(HttpMethod.Get, path, null, null, cancellationToken);
        }
        catch (AdminRequestException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return default;
        }
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, string? actor, object? body, CancellationToken cancellationToken, string? unit = null)
    {
        using var request = new HttpRequestMessage(method, "/api/admin/v1/" + path);
        if (actor is not null)
        {
            request.Headers.Add("X-OpsCenter-Actor", actor);
        }
        if (unit is not null)
        {
            // A department person acts for its own unit only: the collector refuses alerts that do not list it.
            request.Headers.Add("X-OpsCenter-Unit", unit);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: WireJson.Options);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, cancellationToken);
        }
        if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(object))
        {
            return default;
        }
        return await response.Content.ReadFromJsonAsync<T>(WireJson.Options, cancellationToken);
    }

    private static async Task<AdminRequestException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var title = response.ReasonPhrase ?? response.StatusCode.ToString();
        var errors = new Dictionary<string, string[]>();
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (problem.RootElement.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    title = t.GetString()!;
                }
                if (problem.RootElement.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in e.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array ? [.. field.Value.EnumerateArray().Select(v => v.ToString())] : [field.Value.ToString()];
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not a problem document: the status says enough.
        }
        return new AdminRequestException(response.StatusCode, title, errors);
    }
}
