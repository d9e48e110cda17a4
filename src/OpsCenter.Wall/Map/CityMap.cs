using System.Text.Json;

namespace OpsCenter.Wall.Map;

/// <summary>One unit's outline as an SVG path.</summary>
public sealed record MapShape(string Code, string Name, string D);

/// <summary>Where Côn Đảo's inset box sits on the map.</summary>
public sealed record MapInset(string X, string Y, string Size, string Unit);

/// <summary>
/// The city's 168 unit outlines, simplified once from the official boundaries
/// (Map/tools/build-map.cs) and embedded: about 110 KB of paths in all.
/// </summary>
public sealed class CityMap
{
    private CityMap(string viewBox, MapInset inset, IReadOnlyList<MapShape> shapes)
    {
        ViewBox = viewBox;
        Inset = inset;
        Shapes = shapes;
    }

    public string ViewBox { get; }

    public MapInset Inset { get; }

    public IReadOnlyList<MapShape> Shapes { get; }

    public static CityMap Load()
    {
        using var stream = typeof(CityMap).Assembly.GetManifestResourceStream("OpsCenter.Wall.hcmc-map.json")
            ?? throw new InvalidOperationException("The embedded map is missing from OpsCenter.Wall.");
        var file = JsonSerializer.Deserialize<MapFile>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The embedded map is empty.");
        return new CityMap(file.ViewBox, file.Inset, file.Units);
    }

    private sealed record MapFile(string ViewBox, MapInset Inset, List<MapShape> Units);
}
