using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace OpsCenter.AppHost.Tests.Wall;

/// <summary>
/// The Wall as a browser meets it, over plain HTTP: no redirect is followed and no cookie kept, so a
/// test reads every Location and Set-Cookie itself and sends the cookies it means to.
/// </summary>
internal static partial class WallHttp
{
    /// <summary>A client for <paramref name="address"/>; with <paramref name="from"/>, its connections leave from that loopback address (127.0.0.2, ...).</summary>
    public static HttpClient Client(Uri address, string? from = null)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The Set-Cookie header that sets <paramref name="name"/>, or null.</summary>
    public static string? SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))
            : null;

    /// <summary>The cookies a response sets, as a Cookie request header ("a=1; b=2").</summary>
    public static string Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? string.Join("; ", values.Select(v => v.Split(';')[0])) : "";

    public static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Any(part => part.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    /// <summary>A form's antiforgery field and the cookie that goes with it, from a page the Wall served.</summary>
    public static async Task<(string Token, string Cookie)> AntiforgeryAsync(HttpClient client, string path, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"{path} ({(int)response.StatusCode}) has no antiforgery field");
        var antiforgeryCookie = response.Headers.GetValues("Set-Cookie").Select(v => v.Split(';')[0])
            .Single(v => v.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        return (WebUtility.HtmlDecode(token.Groups[1].Value), antiforgeryCookie);
    }

    /// <summary>Posts a form with the antiforgery token of <paramref name="antiforgery"/> (none when null).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, (string Token, string Cookie)? antiforgery,
        IEnumerable<KeyValuePair<string, string>> fields, string? cookie = null)
    {
        List<KeyValuePair<string, string>> form = [.. fields];
        var cookies = new List<string>();
        if (antiforgery is { } af)
        {
            form.Add(new("__RequestVerificationToken", af.Token));
            cookies.Add(af.Cookie);
        }
        if (cookie is not null)
        {
            cookies.Add(cookie);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies));
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Signs in through the form; returns the sign-in answer (its Location and cookies).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string username, string password, string? returnUrl = null)
    {
        var antiforgery = await AntiforgeryAsync(client, "/signin");
        return await PostFormAsync(client, "/account/signin", antiforgery,
            [new("username", username), new("password", password), new("returnUrl", returnUrl ?? "")]);
    }

    /// <summary>Signs in and returns the person's cookie header.</summary>
    public static async Task<string> SignedInCookieAsync(HttpClient client, string username, string password)
    {
        using var answer = await SignInAsync(client, username, password);
        var person = SetCookie(answer, "opscenter.person");
        Assert.True(person is not null, $"{username} was not signed in: {answer.StatusCode} {answer.Headers.Location}");
        return Cookies(answer);
    }

    /// <summary>A person made through the collector's admin API at the gateway.</summary>
    public static async Task<string> CreatePersonAsync(CenterFixture center, string prefix, string role, string? unit, string password)
    {
        var username = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        using var client = AdminClient(center);
        using var response = await client.PutAsJsonAsync($"/api/admin/v1/people/{username}",
            new { displayName = $"Thử nghiệm {prefix}", role, unit, password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return username;
    }

    /// <summary>The collector's admin API through the gateway, with the admin key.</summary>
    public static HttpClient AdminClient(CenterFixture center)
    {
        var client = center.CreateGatewayClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", RunningCenter.AdminKey);
        return client;
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken""[^>]*?value=""([^""]+)""")]
    private static partial Regex AntiforgeryField();
}
