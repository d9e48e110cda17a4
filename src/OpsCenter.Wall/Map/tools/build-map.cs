#:package NetTopologySuite@2.6.0
#:package NetTopologySuite.IO.GeoJSON4STJ@4.0.0
#:property ManagePackageVersionsCentrally=false
#:property PublishAot=false

// Builds the wall's map of Ho Chi Minh City's 168 units from their official boundaries:
//   dotnet run src/OpsCenter.Wall/Map/tools/build-map.cs -- <folder of CODE_name.geojson> src/OpsCenter.Wall/Map/hcmc-map.json
// Each boundary is simplified (topology preserving, ~60 m), projected to a flat SVG plane
// (equirectangular with the latitude's cosine, which is exact enough at 10-11°N), and written as
// one SVG path per unit. Côn Đảo, 180 km out to sea, is drawn in an inset box (top right).
using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Simplify;

const string ConDao = "26732";
const double Tolerance = 0.0006; // degrees, about 65 m
const double Width = 1000;

var folder = args[0];
var output = args[1];
var json = new JsonSerializerOptions();
json.Converters.Add(new GeoJsonConverterFactory());

var units = new List<(string Code, string Name, Geometry Shape)>();
foreach (var file in Directory.EnumerateFiles(folder, "*.geojson").Order(StringComparer.Ordinal))
{
    if (Path.GetFileName(file).StartsWith("79_", StringComparison.Ordinal))
    {
        continue; // the city's own outline
    }
    var collection = JsonSerializer.Deserialize<FeatureCollection>(File.ReadAllText(file), json)!;
    var feature = collection[0];
    var code = feature.Attributes["code"].ToString()!;
    var name = feature.Attributes["name"].ToString()!;
    units.Add((code, name, TopologyPreservingSimplifier.Simplify(feature.Geometry, Tolerance)));
}

var main = units.Where(u => u.Code != ConDao).Select(u => u.Shape.EnvelopeInternal).Aggregate((a, b) => { var e = new Envelope(a); e.ExpandToInclude(b); return e; });
var cos = Math.Cos(main.Centre.Y * Math.PI / 180);
var scale = Width / (main.Width * cos);
var height = main.Height * scale;

// Inset: Côn Đảo at its own scale in the bottom-right corner.
var conDao = units.Single(u => u.Code == ConDao).Shape.EnvelopeInternal;
const double InsetSize = 150;
var insetScale = InsetSize / Math.Max(conDao.Width * cos, conDao.Height);
var insetLeft = Width - InsetSize - 10;
var insetTop = 10.0; // the north-east corner is open sea and Đồng Nai: nothing to hide

string PathOf(Geometry shape, Func<Coordinate, (double X, double Y)> project)
{
    var d = new StringBuilder();
    for (var p = 0; p < shape.NumGeometries; p++)
    {
        var polygon = (Polygon)shape.GetGeometryN(p);
        foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
        {
            var points = ring.Coordinates.Select(project).Select(pt => (X: Math.Round(pt.X, 1), Y: Math.Round(pt.Y, 1))).ToList();
            points = points.Where((pt, i) => i == 0 || pt != points[i - 1]).ToList();
            if (points.Count < 4)
            {
                continue;
            }
            d.Append('M').Append(Num(points[0].X)).Append(' ').Append(Num(points[0].Y));
            foreach (var pt in points.Skip(1).SkipLast(1))
            {
                d.Append('L').Append(Num(pt.X)).Append(' ').Append(Num(pt.Y));
            }
            d.Append('Z');
        }
    }
    return d.ToString();
}

static string Num(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

(double, double) Main(Coordinate c) => ((c.X - main.MinX) * cos * scale, (main.MaxY - c.Y) * scale);
(double, double) Inset(Coordinate c) => (insetLeft + ((c.X - conDao.MinX) * cos * insetScale), insetTop + ((conDao.MaxY - c.Y) * insetScale));

var result = new
{
    source = "Boundaries of the 168 units from thanglequoc/vietnamese-provinces-database (MIT), simplified by src/OpsCenter.Wall/Map/tools/build-map.cs",
    viewBox = $"0 0 {Num(Width)} {Num(Math.Ceiling(height))}",
    inset = new { x = Num(insetLeft), y = Num(insetTop), size = Num(InsetSize), unit = ConDao },
    units = units.Select(u => new { code = u.Code, name = u.Name, d = PathOf(u.Shape, u.Code == ConDao ? Inset : Main) }),
};
File.WriteAllText(output, JsonSerializer.Serialize(result, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
Console.WriteLine($"{units.Count} units, {new FileInfo(output).Length / 1024} KB -> {output}");
