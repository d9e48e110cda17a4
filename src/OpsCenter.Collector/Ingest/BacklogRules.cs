using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Storage.Events;

namespace OpsCenter.Collector.Ingest;

internal sealed class BacklogRules : IItemRules<BacklogSnapshotItem>
{
    public static readonly BacklogRules Instance = new();

    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public string Kind => DataKinds.Backlog;

    public NewEvent? Check(BacklogSnapshotItem item, string path, ItemChecks checks)
    {
        DateTimeOffset? endOfDay = null;
        if (item.Day is not { } day)
        {
            checks.Errors.Add($"{path}.day", "Required: the local date the counts are for, e.g. 2025-11-28.");
        }
        else if (checks.Day($"{path}.day", day, VietnamOffset) is { } valid)
        {
            // Counts describe a local day as it ends (or as of now, for today); the day may not lie ahead.
            var start = new DateTimeOffset(valid.ToDateTime(TimeOnly.MinValue), VietnamOffset);
            var end = start.AddDays(1).ToUniversalTime();
            endOfDay = end < checks.Now ? end : checks.Now;
        }
        var unit = checks.Unit($"{path}.unit", item.Unit, endOfDay);
        var carried = Count(checks, $"{path}.carriedOver", item.CarriedOver, required: true);
        var received = Count(checks, $"{path}.received", item.Received, required: true);
        var toHandle = Count(checks, $"{path}.toHandle", item.ToHandle, required: false);
        var late = Count(checks, $"{path}.inProgressLate", item.InProgressLate, required: true);
        var nearly = Count(checks, $"{path}.inProgressNearlyDue", item.InProgressNearlyDue, required: true);
        var notDue = Count(checks, $"{path}.inProgressNotDue", item.InProgressNotDue, required: true);
        var onTime = Count(checks, $"{path}.processedOnTime", item.ProcessedOnTime, required: true);
        var processedLate = Count(checks, $"{path}.processedLate", item.ProcessedLate, required: true);
        Count(checks, $"{path}.processedNotCollected", item.ProcessedNotCollected, required: false);
        Count(checks, $"{path}.apologyLetters", item.ApologyLetters, required: false);
        var online = Count(checks, $"{path}.receivedOnline", item.ReceivedOnline, required: false);

        if (carried is { } c && received is { } r)
        {
            if (toHandle is { } t && t != c + r)
            {
                checks.Errors.Add($"{path}.toHandle", $"Must equal carriedOver + received ({c + r}).");
            }
            if (late is { } l && nearly is { } n && notDue is { } d && onTime is { } o && processedLate is { } p && l + n + d + o + p > c + r)
            {
                checks.Errors.Add($"{path}.inProgressLate", $"In progress plus processed ({l + n + d + o + p}) exceeds to handle ({c + r}).");
            }
            if (online > r)
            {
                checks.Errors.Add($"{path}.receivedOnline", "Cannot exceed received.");
            }
        }
        if (unit is null || endOfDay is null)
        {
            return null;
        }
        return new NewEvent(Kind, unit.Unit.Code, endOfDay.Value, JsonSerializer.Serialize(item, WireJson.Options));
    }

    private static int? Count(ItemChecks checks, string path, int? value, bool required) =>
        checks.Range(path, value, 0, 10_000_000, required);
}
