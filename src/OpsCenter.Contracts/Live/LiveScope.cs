using System.Diagnostics.CodeAnalysis;

namespace OpsCenter.Contracts.Live;

/// <summary>The three kinds of scope a live subscriber, a tile or a layout can name.</summary>
public enum LiveScopeKind
{
    City,
    Unit,
    Group,
}

/// <summary>
/// What a live subscriber or a tile watches: the whole city (<c>city</c>), one unit
/// (<c>unit:26740</c>) or a group of units (<c>group:origin-binh-duong</c>). The one definition of
/// the scope grammar: the aggregator's hub, the Wall's tiles and layouts all parse it here.
/// </summary>
public readonly record struct LiveScope(LiveScopeKind Kind, string? Id)
{
    /// <summary>The longest scope text accepted.</summary>
    public const int MaxLength = 64;

    public static readonly LiveScope City = new(LiveScopeKind.City, null);

    public override string ToString() => Kind switch
    {
        LiveScopeKind.City => "city",
        LiveScopeKind.Unit => $"unit:{Id}",
        _ => $"group:{Id}",
    };

    public static bool TryParse([NotNullWhen(true)] string? text, out LiveScope scope)
    {
        scope = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
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
        LiveScopeKind? kind = text[..colon] switch
        {
            "unit" => LiveScopeKind.Unit,
            "group" => LiveScopeKind.Group,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }
        scope = new LiveScope(kind.Value, text[(colon + 1)..]);
        return true;
    }
}
