namespace OpsCenter.Storage.Admin;

/// <summary>
/// Text ids that sort by creation: clock ticks, then a per-process counter (so ids made within the
/// same tick keep their order), then random bits (so two processes never collide).
/// </summary>
internal static class SortableId
{
    private static long _counter;

    public static string New(TimeProvider time) =>
        $"{time.GetUtcNow().UtcTicks:x16}{Interlocked.Increment(ref _counter) & 0xFFFFFF:x6}{Random.Shared.Next(0x10000):x4}";
}
