using System.Diagnostics;

namespace OpsCenter.Tests;

/// <summary>
/// The one way a test waits for an asynchronous outcome: it reads again every 50 ms until the
/// condition holds or the time is up (30 s by default: a loaded 2-core CI machine has been seen to
/// need more than 15; a passing test waits only as long as the outcome takes). A failure names the
/// last value read. A read that costs the system under test real work (a whole-city query while
/// the simulator backfills) passes a longer <c>poll</c>.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Reads until <paramref name="condition"/> holds for the value read; returns that value.</summary>
    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null, string? because = null, TimeSpan? poll = null)
    {
        var watch = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }
            if (watch.Elapsed > limit)
            {
                Assert.Fail($"{because ?? "Condition"} not met within {limit.TotalSeconds:0.#} s; last value: {value}");
            }
            await Task.Delay(poll ?? Poll, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> is true.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null, TimeSpan? poll = null) =>
        MatchAsync(condition, static ok => ok, timeout, because, poll);

    /// <summary>Waits until <paramref name="condition"/> is true.</summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null, TimeSpan? poll = null) =>
        MatchAsync(() => Task.FromResult(condition()), static ok => ok, timeout, because, poll);

    /// <summary>Runs <paramref name="assertion"/> until it stops throwing an xunit assertion failure; the last failure is rethrown when time is up.</summary>
    public static async Task PassesAsync(Func<Task> assertion, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Xunit.Sdk.XunitException) when (watch.Elapsed <= limit)
            {
                await Task.Delay(Poll, TestContext.Current.CancellationToken);
            }
        }
    }
}
