using System.Diagnostics;

namespace OpsCenter.Collector.Tests.Alerts.Mail;

/// <summary>Waits for what a mailer does in the background: reads again every 100 ms, for at most 30 s.</summary>
internal static class Eventually
{
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.True(done(value), $"not reached within 30 s; last value: {value}");
                return value;
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
