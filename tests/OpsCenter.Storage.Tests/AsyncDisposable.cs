namespace OpsCenter.Storage.Tests;

/// <summary>Runs an action when disposed.</summary>
internal sealed class AsyncDisposable(Func<ValueTask> dispose) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => dispose();
}
