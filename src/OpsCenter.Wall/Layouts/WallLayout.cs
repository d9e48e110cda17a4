namespace OpsCenter.Wall.Layouts;

/// <summary>Text in both languages; Vietnamese first.</summary>
public sealed record LocalizedText(string Vi, string? En)
{
    public string For(System.Globalization.CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrEmpty(En) ? En : Vi;
}

/// <summary>
/// One wall view, read from <c>dashboards/walls/&lt;id&gt;.json</c>: a grid of tiles,
/// each at a position with a kind and its options.
/// </summary>
public sealed record WallLayout(string Id, LocalizedText Title, int Columns, int Rows, IReadOnlyList<TileLayout> Tiles, WallPlaylist? Playlist = null);

/// <summary>A view that shows other views in turn, each for <see cref="Seconds"/>: nobody has to click.</summary>
public sealed record WallPlaylist(IReadOnlyList<string> Views, int Seconds);

/// <summary>A tile: its kind (e.g. <c>unit-grid</c>), the scope it shows, and where it sits (1-based grid lines).</summary>
public sealed record TileLayout(
    string Kind,
    int X,
    int Y,
    int W,
    int H,
    string? Scope = null,
    LocalizedText? Title = null,
    IReadOnlyDictionary<string, string>? Options = null);
