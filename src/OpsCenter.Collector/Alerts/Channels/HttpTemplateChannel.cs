using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>
/// A request made from configuration: URL, method, headers and body are templates (<see cref="ChannelTemplate"/>),
/// from a preset (<see cref="ChannelPresets"/>) or written out. One request per send: the outbox retries
/// (an SMS or a Zalo message sent twice is worse than a late one; eSMS drops a repeated request id). The
/// answer is read as the provider documents it (<see cref="ChannelPreset.Judge"/>), not by the status alone.
/// Same SSRF policy and no redirects as the webhook (<see cref="ChannelHttp"/>).
/// </summary>
public sealed class HttpTemplateChannel : INotificationChannel
{
    /// <summary>The most of an answer read to judge it (provider answers are a few hundred bytes).</summary>
    private const int MaxAnswerBytes = 16 * 1024;

    private readonly ChannelConfig _config;
    private readonly HttpClient _http;
    private readonly string _url;
    private readonly HttpMethod _method;
    private readonly IReadOnlyDictionary<string, string> _headers;
    private readonly string? _body;
    private readonly string _contentType;
    private readonly Func<System.Net.HttpStatusCode, string, int, SendResult> _judge;

    public HttpTemplateChannel(ChannelConfig config, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _http = http;
        var preset = ChannelPresets.Find(config.Preset);
        _url = string.IsNullOrWhiteSpace(config.Url) ? preset?.Url ?? "" : config.Url;
        _method = new HttpMethod(config.Method ?? preset?.Method ?? "POST");
        _headers = preset is null ? config.Headers : new Dictionary<string, string>(preset.Headers.Concat(config.Headers.Where(h => !preset.Headers.ContainsKey(h.Key))));
        _body = config.BodyTemplate ?? preset?.Body(config);
        _contentType = config.ContentType ?? preset?.ContentType ?? "application/json";
        _judge = preset?.Judge ?? ChannelPresets.JudgeStatus;
        State = StateOf(config, preset);
    }

    public string Id => _config.Id;

    public string Kind => ChannelKinds.Http;

    public ChannelState State { get; }

    private bool IsJson => _contentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    private ChannelState StateOf(ChannelConfig config, ChannelPreset? preset)
    {
        if (!config.Enabled)
        {
            return ChannelState.Off("disabled");
        }
        if (config.Preset is not null && preset is null)
        {
            return ChannelState.Off($"unknown preset '{config.Preset}' (known: {string.Join(", ", ChannelPresets.Names)})");
        }
        if (Pull.TargetPolicy.CheckUrl(_url, out _) is not null)
        {
            return ChannelState.Off("no http(s) URL");
        }
        var names = ChannelTemplate.NamesIn(_url).Concat(_headers.Values.SelectMany(ChannelTemplate.NamesIn)).Concat(ChannelTemplate.NamesIn(_body)).Distinct();
        foreach (var name in names)
        {
            if (name.StartsWith("secret:", StringComparison.Ordinal))
            {
                if (config.MissingSecret(name[7..]) is { } missing)
                {
                    return ChannelState.Off(missing);
                }
            }
            else if (name.StartsWith("setting:", StringComparison.Ordinal))
            {
                if (config.Setting(name[8..]) is null)
                {
                    return ChannelState.Off($"no {name[8..]}");
                }
            }
            else if (!ChannelTemplate.MessageFields.Contains(name) && !ChannelTemplate.RecipientFields.Contains(name))
            {
                return ChannelState.Off($"the template names an unknown field {{{{{name}}}}}");
            }
        }
        return ChannelState.Ready;
    }

    public async Task<SendResult> SendAsync(NotificationMessage message, ChannelRecipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(recipient);
        if (!State.On)
        {
            return SendResult.Permanent($"channel {Id} is off: {State.Reason}", 0);
        }
        var all = ChannelTemplate.NamesIn(_url).Concat(_headers.Values.SelectMany(ChannelTemplate.NamesIn)).Concat(ChannelTemplate.NamesIn(_body));
        if (all.FirstOrDefault(name => ChannelTemplate.RecipientFields.Contains(name) && ChannelTemplate.Field(name, message, recipient) is null) is { } missing)
        {
            return SendResult.Permanent($"{recipient.Username} has no {missing} for channel {Id}", 0);
        }
        HttpRequestMessage request;
        try
        {
            request = Build(message, recipient);
        }
        catch (FormatException error)
        {
            return SendResult.Permanent(error.Message, 0);
        }
        using (request)
        {
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    return ChannelHttp.Judge(response, 1);
                }
                return _judge(response.StatusCode, await ReadAnswerAsync(response, cancellationToken), 1);
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return ChannelHttp.Judge(error, 1);
            }
        }
    }

    private static async Task<string> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxAnswerBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }
        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    internal HttpRequestMessage Build(NotificationMessage message, ChannelRecipient recipient)
    {
        string? Resolve(string name) =>
            name.StartsWith("secret:", StringComparison.Ordinal) ? _config.Secret(name[7..])
            : name.StartsWith("setting:", StringComparison.Ordinal) ? _config.Setting(name[8..])
            : ChannelTemplate.Field(name, message, recipient);

        var request = new HttpRequestMessage(_method, ChannelTemplate.Render(_url, Resolve, TemplateEscape.Url));
        if (_body is not null)
        {
            var body = ChannelTemplate.Render(_body, Resolve, IsJson ? TemplateEscape.Json : TemplateEscape.Url);
            if (IsJson)
            {
                try
                {
                    using var _ = JsonDocument.Parse(body);
                }
                catch (JsonException error)
                {
                    request.Dispose();
                    throw new FormatException($"channel {Id}: the body template does not make JSON ({error.Message})", error);
                }
            }
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(_contentType) { CharSet = "utf-8" };
        }
        request.Headers.UserAgent.ParseAdd("OpsCenter-Notify/1");
        foreach (var (name, template) in _headers)
        {
            var value = ChannelTemplate.Render(template, Resolve, TemplateEscape.Header);
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return request;
    }
}
