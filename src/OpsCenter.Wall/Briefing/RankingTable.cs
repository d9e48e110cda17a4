using System.Globalization;
using System.Text;
using OpsCenter.Contracts.Query;

namespace OpsCenter.Wall.Briefing;

/// <summary>One unit's line in the briefing's ranking grid and its CSV export.</summary>
public sealed record RankingLine(
    int? Rank,
    string Code,
    string Name,
    double? OnTimeRate,
    int? OnTime,
    int? ToHandle,
    int? Late,
    int? Backlog,
    double? Index766,
    double? Availability24h);

/// <summary>The communes (or departments) with their main figures for a period, ranked by on-time rate.</summary>
public static class RankingTable
{
    public static async Task<IReadOnlyList<RankingLine>> LoadAsync(QueryClient query, string among, string period, CancellationToken cancellationToken)
    {
        var onTime = query.RankingAsync("onTimeRate", among, period, cancellationToken);
        var late = query.RankingAsync("lateCount", among, period, cancellationToken);
        var backlog = query.RankingAsync("backlog", among, period, cancellationToken);
        var index = query.RankingAsync("index766", among, period, cancellationToken);
        var availability = query.RankingAsync("availability", among, period, cancellationToken);
        await Task.WhenAll(onTime, late, backlog, index, availability);
        static Dictionary<string, RankingRow> ByUnit(Ranking? r) => r?.Rows.ToDictionary(x => x.Unit, StringComparer.Ordinal) ?? [];
        var (lateBy, backlogBy, indexBy, availabilityBy) = (ByUnit(late.Result), ByUnit(backlog.Result), ByUnit(index.Result), ByUnit(availability.Result));
        return [.. (onTime.Result?.Rows ?? []).Select(r => new RankingLine(
            r.Rank, r.Unit, r.Name, r.Value, r.Count, r.OutOf,
            lateBy.GetValueOrDefault(r.Unit)?.Value is { } l ? (int)l : null,
            backlogBy.GetValueOrDefault(r.Unit)?.Value is { } b ? (int)b : null,
            indexBy.GetValueOrDefault(r.Unit)?.Value,
            availabilityBy.GetValueOrDefault(r.Unit)?.Value))];
    }

    /// <summary>RFC 4180 CSV, UTF-8 with a byte-order mark (so spreadsheet programs read the Vietnamese names), invariant numbers.</summary>
    public static byte[] Csv(IEnumerable<RankingLine> lines)
    {
        var csv = new StringBuilder();
        csv.Append("rank,code,name,on_time_rate,on_time,to_handle,late,backlog,index_766,availability_24h\r\n");
        foreach (var l in lines)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{l.Rank},{l.Code},{Quote(l.Name)},{Num(l.OnTimeRate, "0.0000")},{l.OnTime},{l.ToHandle},{l.Late},{l.Backlog},{Num(l.Index766, "0.00")},{Num(l.Availability24h, "0.0000")}\r\n");
        }
        return Utf8WithBom(csv.ToString());
    }

    /// <summary>CSV bytes as spreadsheet programs read Vietnamese: UTF-8 with a byte-order mark.</summary>
    public static byte[] Utf8WithBom(string csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)];

    /// <summary>A CSV field; text that a spreadsheet would run as a formula is defused with a leading apostrophe.</summary>
    public static string Quote(string value)
    {
        var formula = value.Length > 0 && value[0] is '=' or '+' or '-' or '@';
        var text = formula ? "'" + value : value;
        return formula || text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static string Num(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";
}
