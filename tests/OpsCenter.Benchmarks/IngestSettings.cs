using System.Globalization;

namespace OpsCenter.Benchmarks;

internal sealed record IngestSettings(
    int Seconds, int Warmup, IReadOnlyList<int> Connections, IReadOnlyList<string> Engines, IReadOnlyList<IngestKind> Kinds, string? Output)
{
    public static IngestSettings Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }
            values[args[i][2..]] = args[i + 1];
        }
        string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var kinds = List(Get("kinds", string.Join(',', IngestKind.All.Select(k => k.Path))))
            .Select(name => IngestKind.All.FirstOrDefault(k => k.Path == name) ?? throw new ArgumentException($"Unknown kind '{name}'."))
            .ToList();
        var engines = List(Get("engines", "sqlite,postgres"));
        if (engines.Except(["sqlite", "postgres"]).FirstOrDefault() is { } unknown)
        {
            throw new ArgumentException($"Unknown engine '{unknown}'.");
        }
        return new IngestSettings(
            int.Parse(Get("seconds", "10"), CultureInfo.InvariantCulture),
            int.Parse(Get("warmup", "3"), CultureInfo.InvariantCulture),
            [.. List(Get("connections", "16,64")).Select(c => int.Parse(c, CultureInfo.InvariantCulture))],
            engines,
            kinds,
            values.GetValueOrDefault("output"));
    }
}
