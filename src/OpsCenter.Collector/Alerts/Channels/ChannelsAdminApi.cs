using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Collector.Admin;

namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>What a channel PUT carries: its configuration and, per secret field, a new value, <c>""</c> to clear, or nothing to keep.</summary>
public sealed record ChannelRequest(
    string? Id,
    string? Kind,
    string? Preset = null,
    bool Enabled = true,
    string? Url = null,
    string? Method = null,
    Dictionary<string, string>? Headers = null,
    string? BodyTemplate = null,
    string? ContentType = null,
    Dictionary<string, string>? Settings = null,
    Dictionary<string, string?>? Secrets = null);

public sealed record ChannelsRequest(IReadOnlyList<ChannelRequest>? Channels);

/// <summary>Every channel without its secrets, and the presets there are.</summary>
public sealed record ChannelList(IReadOnlyList<ChannelInfo> Channels, IReadOnlyCollection<string> Presets);

/// <summary>
/// <c>GET/PUT /api/admin/v1/alerts/channels</c> (admin key): the notification channels. Answers never
/// carry a secret's value (<c>"accessToken": {"set": true}</c>); the audit entry names which are set.
/// These records belong in Contracts.Alerts once the Wall reads them.
/// </summary>
public static partial class ChannelsAdminApi
{
    public const int MaxChannels = 50;
    public const int MaxField = 4000;

    public static RouteGroupBuilder MapAlertChannelsAdminApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/alerts/channels", Get).WithTags("Admin: alerts").WithName("GetAlertChannels")
            .WithSummary("The notification channels beyond e-mail, each on or off and why; secrets only as { \"set\": true }.");
        admin.MapPut("/alerts/channels", Put).WithTags("Admin: alerts").WithName("SaveAlertChannels")
            .WithSummary("Replaces the channel list; a secret left out keeps its value, \"\" clears it (audited without secrets).");
        return admin;
    }

    internal static async Task<Ok<ChannelList>> Get(ChannelStore store, NotificationChannels channels, CancellationToken cancellationToken) =>
        TypedResults.Ok(List(await store.LoadAsync(cancellationToken), channels));

    internal static async Task<Results<Ok<ChannelList>, ValidationProblem>> Put(
        ChannelsRequest? request, ChannelStore store, NotificationChannels channels, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var check = Validate(request);
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var stored = (await store.LoadAsync(cancellationToken)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var configs = request!.Channels!.Select(c => new ChannelConfig
        {
            Id = c.Id!,
            Kind = c.Kind!,
            Preset = string.IsNullOrWhiteSpace(c.Preset) ? null : c.Preset,
            Enabled = c.Enabled,
            Url = string.IsNullOrWhiteSpace(c.Url) ? null : c.Url,
            Method = string.IsNullOrWhiteSpace(c.Method) ? null : c.Method.ToUpperInvariant(),
            Headers = c.Headers ?? [],
            BodyTemplate = c.BodyTemplate,
            ContentType = c.ContentType,
            Settings = c.Settings ?? [],
            Secrets = ChannelInfo.MergeSecrets(stored.GetValueOrDefault(c.Id!), c.Secrets),
        }).ToArray();
        await store.SaveAsync(configs, user.Actor(), cancellationToken);
        return TypedResults.Ok(List(await store.LoadAsync(cancellationToken), channels));
    }

    private static ChannelList List(IReadOnlyList<ChannelConfig> configs, NotificationChannels channels) =>
        new([.. configs.Select(c => ChannelInfo.From(c, channels.Create(c).State))], ChannelPresets.Names);

    private static AdminValidation Validate(ChannelsRequest? request)
    {
        var check = new AdminValidation();
        var list = request?.Channels;
        check.Require(list is not null && list.Count <= MaxChannels, "channels", $"A list of at most {MaxChannels} channels.");
        if (list is null)
        {
            return check;
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var c = list[i];
            var at = $"channels[{i}]";
            check.Id(c.Id, $"{at}.id");
            check.Require(c.Id is null || ids.Add(c.Id), $"{at}.id", "Another channel has this id.");
            check.Require(c.Kind is ChannelKinds.Webhook or ChannelKinds.Http, $"{at}.kind", "webhook or http.");
            check.Require(string.IsNullOrWhiteSpace(c.Preset) || (c.Kind == ChannelKinds.Http && ChannelPresets.Find(c.Preset) is not null),
                $"{at}.preset", $"For kind http: one of {string.Join(", ", ChannelPresets.Names)}.");
            check.Require(string.IsNullOrWhiteSpace(c.Url) || (c.Url.Length <= MaxField && Uri.TryCreate(c.Url.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
                $"{at}.url", "An absolute http(s) URL.");
            check.Require(string.IsNullOrWhiteSpace(c.Method) || c.Method.ToUpperInvariant() is "POST" or "PUT" or "GET" or "PATCH", $"{at}.method", "POST, PUT, PATCH or GET.");
            check.Require(c.Headers is null || c.Headers.All(h => HeaderName().IsMatch(h.Key) && h.Value.Length <= MaxField && h.Value.IndexOfAny(['\r', '\n']) < 0),
                $"{at}.headers", "Header names are tokens; values one line.");
            check.Require((c.BodyTemplate?.Length ?? 0) <= MaxField, $"{at}.bodyTemplate", $"At most {MaxField} characters.");
            check.Require(c.Settings is null || c.Settings.All(s => FieldName().IsMatch(s.Key) && s.Value.Length <= MaxField), $"{at}.settings", "Names of letters and digits; values of at most 4000 characters.");
            check.Require(c.Secrets is null || c.Secrets.All(s => FieldName().IsMatch(s.Key) && (s.Value?.Length ?? 0) <= MaxField), $"{at}.secrets", "Names of letters and digits; values of at most 4000 characters.");
        }
        return check;
    }

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldName();
}
