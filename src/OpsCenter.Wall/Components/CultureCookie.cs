using Microsoft.AspNetCore.Localization;

namespace OpsCenter.Wall.Components;

/// <summary>The language a browser chose, kept for a year: the circuit's own requests carry no query string.</summary>
public static class CultureCookie
{
    public static void Keep(HttpResponse response, RequestCulture culture)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieRequestCultureProvider.MakeCookieValue(culture),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps, IsEssential = true, MaxAge = TimeSpan.FromDays(365) });
    }
}
