using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpsCenter.Aggregator.Alerts;
using OpsCenter.Aggregator.Changes;
using OpsCenter.Aggregator.Events;
using OpsCenter.Aggregator.Health;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Events;

namespace OpsCenter.Aggregator.Live;

/// <summary>
/// The on-disk form of a <see cref="LiveImage"/>: a header (magic, format version, body length,
/// SHA-256 of the body), then the body: the unit catalogue's fingerprint, the log position and
/// its anchor, the small parts as JSON, and the bulky parts (health reports and runs, dossiers'
/// events) in a compact binary form. Anything unexpected (another version, a torn or flipped
/// byte, another catalogue) makes <see cref="Read"/> refuse the file, and the caller replays the
/// whole log instead. Bump <see cref="FormatVersion"/> whenever a snapshotted type changes.
/// </summary>
internal static class LiveSnapshotFile
{
    public const int FormatVersion = 3; // 2: procedure names per unit, the quarantine; 3: the alert book

    /// <summary>Older versions still read: 2 differs only by the alert book's absence (read as an empty book).</summary>
    private const int OldestReadable = 2;

    private static readonly byte[] Magic = "OPSLIVE\n"u8.ToArray();
    private const int HeaderLength = 8 + 4 + 8 + 32;

    private static readonly JsonSerializerOptions Json = new();

    /// <summary>Codes and names of the catalogue: change texts name units, so another catalogue means another state.</summary>
    public static string FingerprintOf(UnitCatalog units)
    {
        var text = new StringBuilder();
        foreach (var unit in units.All)
        {
            text.Append(unit.Code).Append('\t').Append(unit.Name).Append('\t').Append(unit.NameEn).Append('\t').Append(unit.ParentCode).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static void Write(Stream output, LiveImage image, string catalog, DateTimeOffset createdAt)
    {
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(catalog);
            w.Write(image.Position);
            w.Write(image.Anchor.Length);
            w.Write(image.Anchor);
            w.Write(createdAt.UtcTicks);
            var small = JsonSerializer.SerializeToUtf8Bytes(new SmallParts(
                image.Pulses, image.Incidents, image.Changes, image.Kpis.Reported, image.Kpis.Dossiers.ProcedureNames, image.Quarantine, image.Alerts), Json);
            w.Write(small.Length);
            w.Write(small);
            WriteReports(w, image.Reports);
            WriteHistory(w, image.History);
            WriteDossiers(w, image.Kpis.Dossiers.Units);
        }
        var header = new byte[HeaderLength];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(12), body.Length);
        SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length), header.AsSpan(20));
        output.Write(header);
        output.Write(body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    /// <summary>The image in <paramref name="file"/>, or why it cannot be used.</summary>
    public static (LiveImage? Image, DateTimeOffset CreatedAt, string? Problem) Read(byte[] file, string catalog)
    {
        if (file.Length < HeaderLength || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return (null, default, "not a live-state snapshot");
        }
        var version = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8));
        if (version is < OldestReadable or > FormatVersion)
        {
            return (null, default, $"format version {version}, this aggregator reads {OldestReadable} to {FormatVersion}");
        }
        var length = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(12));
        if (length != file.Length - HeaderLength)
        {
            return (null, default, $"{file.Length - HeaderLength} bytes of body, the header says {length} (torn write?)");
        }
        var body = file.AsSpan(HeaderLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(file.AsSpan(20, 32)))
        {
            return (null, default, "its checksum does not match (corrupt)");
        }
        try
        {
            using var r = new BinaryReader(new MemoryStream(file, HeaderLength, (int)length, writable: false), Encoding.UTF8);
            if (r.ReadString() != catalog)
            {
                return (null, default, "written with another unit catalogue");
            }
            var position = r.ReadInt64();
            var anchor = r.ReadBytes(r.ReadInt32());
            var createdAt = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
            var small = JsonSerializer.Deserialize<SmallParts>(r.ReadBytes(r.ReadInt32()), Json)
                ?? throw new InvalidDataException("Empty JSON part.");
            var reports = ReadReports(r);
            var history = ReadHistory(r);
            var dossiers = ReadDossiers(r);
            if (r.BaseStream.Position != r.BaseStream.Length)
            {
                throw new InvalidDataException("Bytes left after the last part.");
            }
            var image = new LiveImage(position, anchor, reports, history, small.Pulses, small.Incidents, small.Changes,
                new KpiImage(new DossierImage(dossiers, small.ProcedureNames), small.Reported), small.Quarantine ?? QuarantineImage.Empty,
                small.Alerts ?? AlertBookImage.Empty);
            return (image, createdAt, null);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or JsonException or ArgumentException or FormatException or OverflowException)
        {
            return (null, default, $"unreadable ({e.GetType().Name}: {e.Message})");
        }
    }

    private sealed record SmallParts(
        IReadOnlyList<PulseImage> Pulses,
        IReadOnlyList<OpenIncident> Incidents,
        ChangeFeedImage Changes,
        ReportedImage Reported,
        IReadOnlyDictionary<string, string> ProcedureNames,
        QuarantineImage? Quarantine,
        AlertBookImage? Alerts = null);

    private static void WriteReports(BinaryWriter w, IReadOnlyList<ReportImage> reports)
    {
        w.Write(reports.Count);
        foreach (var r in reports)
        {
            w.Write(r.Unit);
            w.Write(r.System);
            w.Write((byte)r.Status);
            w.Write(r.LatencyMs.HasValue);
            w.Write(r.LatencyMs.GetValueOrDefault());
            WriteTime(w, r.CheckedAt);
            WriteTime(w, r.ReceivedAt);
            w.Write(r.Source);
        }
    }

    private static List<ReportImage> ReadReports(BinaryReader r)
    {
        var count = Count(r);
        var reports = new List<ReportImage>(count);
        for (var i = 0; i < count; i++)
        {
            var (unit, system, status) = (r.ReadString(), r.ReadString(), Status(r.ReadByte()));
            var hasLatency = r.ReadBoolean();
            var latency = r.ReadInt32();
            reports.Add(new ReportImage(unit, system, status, hasLatency ? latency : null, ReadTime(r), ReadTime(r), r.ReadString()));
        }
        return reports;
    }

    private static void WriteHistory(BinaryWriter w, IReadOnlyList<HistoryImage> history)
    {
        w.Write(history.Count);
        foreach (var h in history)
        {
            w.Write(h.Unit);
            w.Write(h.System);
            w.Write(h.Runs.Count);
            foreach (var run in h.Runs)
            {
                w.Write((byte)run.Status);
                WriteTime(w, run.From);
                WriteTime(w, run.LastSampleAt);
                w.Write(run.Hold.Ticks);
            }
        }
    }

    private static List<HistoryImage> ReadHistory(BinaryReader r)
    {
        var count = Count(r);
        var history = new List<HistoryImage>(count);
        for (var i = 0; i < count; i++)
        {
            var (unit, system) = (r.ReadString(), r.ReadString());
            var runs = new StatusRun[Count(r)];
            for (var j = 0; j < runs.Length; j++)
            {
                runs[j] = new StatusRun(Status(r.ReadByte()), ReadTime(r), ReadTime(r), TimeSpan.FromTicks(r.ReadInt64()));
            }
            history.Add(new HistoryImage(unit, system, runs));
        }
        return history;
    }

    [Flags]
    private enum Has : byte
    {
        None = 0,
        Appointment = 1,
        Apology = 2,
        LegalLimit = 4,
    }

    // Codes (units, procedures) go once into a table; each event refers to its procedure by index.
    private static void WriteDossiers(BinaryWriter w, IReadOnlyList<UnitDossierImage> units)
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = new List<string>();
        int Code(string code)
        {
            if (!codes.TryGetValue(code, out var index))
            {
                codes[code] = index = table.Count;
                table.Add(code);
            }
            return index;
        }
        foreach (var unit in units)
        {
            Code(unit.Unit);
            foreach (var dossier in unit.Dossiers)
            {
                foreach (var e in dossier)
                {
                    Code(e.ProcedureCode);
                }
            }
        }
        w.Write(table.Count);
        foreach (var code in table)
        {
            w.Write(code);
        }
        w.Write(units.Count);
        foreach (var unit in units)
        {
            w.Write7BitEncodedInt(codes[unit.Unit]);
            w.Write(unit.LastEventAt.HasValue);
            WriteTime(w, unit.LastEventAt.GetValueOrDefault());
            w.Write7BitEncodedInt(unit.Dossiers.Count);
            foreach (var dossier in unit.Dossiers)
            {
                w.Write(dossier[0].DossierId);
                w.Write7BitEncodedInt(dossier.Count);
                foreach (var e in dossier)
                {
                    if (e.DossierId != dossier[0].DossierId || e.UnitCode != unit.Unit)
                    {
                        throw new InvalidOperationException($"Dossier {dossier[0].DossierId} of {unit.Unit} holds an event of another dossier or unit.");
                    }
                    w.Write7BitEncodedInt(codes[e.ProcedureCode]);
                    w.Write((byte)e.Channel);
                    w.Write((byte)e.Status);
                    w.Write((byte)e.Flags);
                    var has = (e.AppointmentAt.HasValue ? Has.Appointment : Has.None)
                        | (e.ApologyNewAppointmentAt.HasValue ? Has.Apology : Has.None)
                        | (e.LegalLimit is not null ? Has.LegalLimit : Has.None);
                    w.Write((byte)has);
                    WriteTime(w, e.At);
                    if (e.AppointmentAt is { } appointment)
                    {
                        WriteTime(w, appointment);
                    }
                    if (e.ApologyNewAppointmentAt is { } apology)
                    {
                        WriteTime(w, apology);
                    }
                    if (e.LegalLimit is { } limit)
                    {
                        w.Write(limit.Amount);
                        w.Write((byte)limit.Unit);
                    }
                }
            }
        }
    }

    private static List<UnitDossierImage> ReadDossiers(BinaryReader r)
    {
        var table = new string[Count(r)];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = r.ReadString();
        }
        var limits = new Dictionary<(double, TimeLimitUnit), LegalTimeLimit>();
        var unitCount = Count(r);
        var units = new List<UnitDossierImage>(unitCount);
        for (var u = 0; u < unitCount; u++)
        {
            var unit = table[r.Read7BitEncodedInt()];
            var hasLast = r.ReadBoolean();
            var last = ReadTime(r);
            var dossiers = new IReadOnlyList<DossierEvent>[Count(r, sevenBit: true)];
            for (var d = 0; d < dossiers.Length; d++)
            {
                var id = r.ReadString();
                var events = new DossierEvent[Count(r, sevenBit: true)];
                if (events.Length == 0)
                {
                    throw new InvalidDataException($"Dossier {id} has no events.");
                }
                for (var i = 0; i < events.Length; i++)
                {
                    var procedure = table[r.Read7BitEncodedInt()];
                    var channel = (SubmissionChannel)r.ReadByte();
                    var status = (DossierStatus)r.ReadByte();
                    var flags = (DossierFlags)r.ReadByte();
                    var has = (Has)r.ReadByte();
                    var at = ReadTime(r);
                    DateTimeOffset? appointment = has.HasFlag(Has.Appointment) ? ReadTime(r) : null;
                    DateTimeOffset? apology = has.HasFlag(Has.Apology) ? ReadTime(r) : null;
                    LegalTimeLimit? limit = null;
                    if (has.HasFlag(Has.LegalLimit))
                    {
                        var key = (r.ReadDouble(), (TimeLimitUnit)r.ReadByte());
                        if (!limits.TryGetValue(key, out limit))
                        {
                            limits[key] = limit = new LegalTimeLimit(key.Item1, key.Item2);
                        }
                    }
                    events[i] = new DossierEvent(id, procedure, unit, channel, status, at, appointment, flags, apology, limit);
                }
                dossiers[d] = events;
            }
            units.Add(new UnitDossierImage(unit, hasLast ? last : null, dossiers));
        }
        return units;
    }

    private static int Count(BinaryReader r, bool sevenBit = false)
    {
        var count = sevenBit ? r.Read7BitEncodedInt() : r.ReadInt32();
        return count >= 0 && count <= r.BaseStream.Length - r.BaseStream.Position
            ? count
            : throw new InvalidDataException($"A count of {count} where {r.BaseStream.Length - r.BaseStream.Position} bytes are left.");
    }

    private static HealthStatus Status(byte value) =>
        Enum.IsDefined((HealthStatus)value) ? (HealthStatus)value : throw new InvalidDataException($"Unknown health status {value}.");

    // Instants keep their offset: what is shown (a sample's check time with +07:00) must not change.
    private static void WriteTime(BinaryWriter w, DateTimeOffset time)
    {
        w.Write(time.UtcTicks);
        w.Write((short)time.TotalOffsetMinutes);
    }

    private static DateTimeOffset ReadTime(BinaryReader r)
    {
        var utc = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
        return utc.ToOffset(TimeSpan.FromMinutes(r.ReadInt16()));
    }
}
