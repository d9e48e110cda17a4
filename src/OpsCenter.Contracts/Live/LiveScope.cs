using System.Diagnostics.CodeAnalysis;

namespace OpsCenter.Contracts.Live;

/// <summary>
/// What a live subscriber watches: the whole city (<c>city</c>) or one unit (<c>unit:26740</c>).
/// Groups of units are added as <c>group:&lt;id&gt;</c>.
/// </summary>
public readonly record struct LiveScope(string Kind, string? Id)
{
    public static readonly LiveScope City = new("city", null);

    public static LiveScope ForUnit(string code) => new("unit", code);

    public override string ToString() => Id is null ? Kind : $"{Kind}:{Id}";

    public static bool TryParse([NotNullWhen(true)] string? text, out LiveScope scope)
    {
        scope = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return false;
        }
        if (text == "city")
        {
            scope = City;
            return true;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }
        var kind = text[..colon];
        if (kind is not ("unit" or "group"))
        {
            return false;
        }
        scope = new LiveScope(kind, text[(colon + 1)..]);
        return true;
    }
}
