namespace OpsCenter.Aggregator.Tests;

/// <summary>
/// Waits for an asynchronous outcome: polls until the condition holds or the time is up (30 s by
/// default: a loaded 2-core CI machine has been seen to need more than 15; a passing test waits
/// only as long as the outcome takes).
/// </summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        T value;
        while (!condition(value = await read()))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met in time; last value: {value}");
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        return value;
    }
}
