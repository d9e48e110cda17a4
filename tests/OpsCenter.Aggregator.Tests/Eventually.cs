namespace OpsCenter.Aggregator.Tests;

/// <summary>Waits for an asynchronous outcome: polls until the condition holds or the time is up.</summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
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
