using System.Security.Cryptography;
using System.Text;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Storage.Tests;

/// <summary>
/// The store's contract, run against every engine: each derived class gives every test its own
/// empty database.
/// </summary>
public abstract class StoreTests<TStore> : IAsyncLifetime
    where TStore : IEventLog, IStoreConnections, IAsyncDisposable
{
    private TStore? _store;

    protected TStore Store => _store ?? throw new InvalidOperationException("The test's store is not open.");

    protected ISourceRegistry Sources => new SqlSourceRegistry(Store, TimeProvider.System);

    protected AdminStore Admin => new(Store, TimeProvider.System);

    /// <summary>Creates this test's own empty database.</summary>
    protected abstract ValueTask CreateDatabaseAsync();

    /// <summary>Opens a store on this test's database; another call opens a second store on the same data.</summary>
    protected abstract TStore OpenStore();

    /// <summary>Closes a store so that nothing of it stays cached in the process.</summary>
    protected virtual ValueTask CloseStoreAsync(TStore store) => store.DisposeAsync();

    protected abstract ValueTask DropDatabaseAsync();

    /// <summary>
    /// Makes the store's appends wait, as another writer on the same database would (PostgreSQL:
    /// another session holds the append lock; SQLite: another connection holds the write lock),
    /// until the result is disposed. Appends made meanwhile queue up behind it.
    /// </summary>
    protected abstract Task<IAsyncDisposable> HoldAppendsAsync();

    /// <summary>
    /// Starts an append while <see cref="HoldAppendsAsync"/> holds the store, so that it queues
    /// behind the ones started before it; returns the append's task.
    /// </summary>
    protected virtual Task<Task<AppendResult>> StartAppendAsync(AppendRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Store.AppendAsync(request, cancellationToken));

    /// <summary>Returns once an append of the store is waiting behind <see cref="HoldAppendsAsync"/>.</summary>
    protected abstract Task WaitForBlockedAppendAsync();

    public async ValueTask InitializeAsync()
    {
        await CreateDatabaseAsync();
        _store = OpenStore();
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await CloseStoreAsync(_store);
        }
        await DropDatabaseAsync();
    }

    private static AppendRequest Batch(string key, string body, params string[] units) => new(
        "ward-a",
        key,
        SHA256.HashData(Encoding.UTF8.GetBytes(body)),
        [.. units.Select(u => new NewEvent("health", u, DateTimeOffset.UtcNow, $$"""{"unit":"{{u}}"}"""))]);

    [Fact]
    public async Task AppendAsync_NewBatch_StoresEveryEventInOrder()
    {
        var occurred = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_123);
        var request = Batch("k1", "b1", "26740", "26743", "27112") with
        {
            Events = [.. new[] { "26740", "26743", "27112" }.Select(u => new NewEvent("health", u, occurred, $$"""{"unit":"{{u}}"}"""))],
        };

        var result = await Store.AppendAsync(request, TestContext.Current.CancellationToken);
        var events = await Store.ReadAfterAsync(0, 100, TestContext.Current.CancellationToken);

        Assert.Equal(AppendOutcome.Stored, result.Outcome);
        Assert.Equal(3, result.Count);
        Assert.Equal(["26740", "26743", "27112"], events.Select(e => e.Unit));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Position));
        Assert.All(events, e => Assert.Equal("ward-a", e.Source));
        Assert.All(events, e => Assert.Equal("health", e.Kind));
        Assert.All(events, e => Assert.Equal(occurred, e.OccurredAt));
        Assert.All(events, e => Assert.Equal(result.ReceivedAt.ToUnixTimeMilliseconds(), e.ReceivedAt.ToUnixTimeMilliseconds()));
        Assert.Equal("""{"unit":"26743"}""", events[1].Payload);
    }

    [Fact]
    public async Task AppendAsync_SameKeySameBody_ReplaysAndStoresNothing()
    {
        var first = await Store.AppendAsync(Batch("k1", "b1", "26740"), TestContext.Current.CancellationToken);

        var again = await Store.AppendAsync(Batch("k1", "b1", "26740"), TestContext.Current.CancellationToken);

        Assert.Equal(AppendOutcome.Replayed, again.Outcome);
        Assert.Equal(1, again.Count);
        Assert.Equal(first.ReceivedAt.ToUnixTimeMilliseconds(), again.ReceivedAt.ToUnixTimeMilliseconds());
        Assert.Equal(1, await Store.LastPositionAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AppendAsync_SameKeyOtherBody_ConflictsAndStoresNothing()
    {
        await Store.AppendAsync(Batch("k1", "b1", "26740"), TestContext.Current.CancellationToken);

        var other = await Store.AppendAsync(Batch("k1", "b2", "26743"), TestContext.Current.CancellationToken);

        Assert.Equal(AppendOutcome.Conflict, other.Outcome);
        Assert.Equal(1, await Store.LastPositionAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AppendAsync_SameKeyConcurrently_StoresOnceAndReplaysTheRest()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Store.AppendAsync(Batch("k1", "b1", "26740", "26743"), TestContext.Current.CancellationToken)));

        Assert.Single(results, r => r.Outcome == AppendOutcome.Stored);
        Assert.All(results, r => Assert.Equal(2, r.Count));
        Assert.Equal(7, results.Count(r => r.Outcome == AppendOutcome.Replayed));
        Assert.Equal(2, (await Store.ReadAfterAsync(0, 100, TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task ReadAfterAsync_FromPosition_ReturnsOnlyLaterEventsUpToMax()
    {
        await Store.AppendAsync(Batch("k1", "b1", "a", "b", "c", "d", "e"), TestContext.Current.CancellationToken);

        var events = await Store.ReadAfterAsync(2, 2, TestContext.Current.CancellationToken);

        Assert.Equal([3L, 4L], events.Select(e => e.Position));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentBatches_AllStoredWithDistinctPositions()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Store.AppendAsync(Batch($"k{i}", $"b{i}", "x", "y"), TestContext.Current.CancellationToken)));
        var events = await Store.ReadAfterAsync(0, 1000, TestContext.Current.CancellationToken);

        Assert.Equal(40, events.Count);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), events.Select(e => e.Position));
    }

    [Fact]
    public async Task ReadAfterAsync_TailingWhileEightWritersAppend_SeesEveryEventOnceInOrder()
    {
        // The tail-safety proof: positions must become visible in order, or a reader that has
        // moved past a position never sees an event that commits later with a lower one.
        await TailWhileWritingAsync([Store], writersPerStore: 8, batchesPerWriter: 60);
    }

    [Fact]
    public async Task ReadAfterAsync_TailingWhileTwoStoresAppendConcurrently_SeesEveryEventOnceInOrder()
    {
        // Two collectors on one database, each grouping its own queued batches: their groups must
        // still become visible in position order.
        var other = OpenStore();
        try
        {
            await TailWhileWritingAsync([Store, other], writersPerStore: 6, batchesPerWriter: 40);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    private async Task TailWhileWritingAsync(IReadOnlyList<TStore> stores, int writersPerStore, int batchesPerWriter)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var writers = stores.Count * writersPerStore;
        var acknowledged = 0;
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(
            async () =>
            {
                var store = stores[w % stores.Count];
                for (var b = 0; b < batchesPerWriter; b++)
                {
                    var units = Enumerable.Range(0, 1 + (b % 3)).Select(i => $"w{w}-b{b}-{i}").ToArray();
                    var result = await store.AppendAsync(Batch($"w{w}-b{b}", $"w{w}-b{b}", units), cancellationToken);
                    Assert.Equal(AppendOutcome.Stored, result.Outcome);
                    Interlocked.Add(ref acknowledged, result.Count);
                }
            },
            cancellationToken)));

        var seen = new List<StoredEvent>();
        var position = 0L;
        while (true)
        {
            var finished = writing.IsCompleted;
            var batch = await Store.ReadAfterAsync(position, 7, cancellationToken);
            seen.AddRange(batch);
            if (batch.Count > 0)
            {
                position = batch[^1].Position;
            }
            else if (finished)
            {
                break;
            }
        }
        await writing;
        var stored = await Store.ReadAfterAsync(0, int.MaxValue, cancellationToken);

        var expectedUnits = Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, batchesPerWriter)
            .SelectMany(b => Enumerable.Range(0, 1 + (b % 3)).Select(i => $"w{w}-b{b}-{i}")));
        Assert.Equal(acknowledged, seen.Count);
        Assert.Equal(stored.Select(e => e.Position), seen.Select(e => e.Position));
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions must increase");
        Assert.Equal(expectedUnits.Order(StringComparer.Ordinal), seen.Select(e => e.Unit).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AppendAsync_BatchesQueuedBehindAnotherWriter_EachStoredWholeAndInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        Task<AppendResult>[] appends;
        await using (await HoldAppendsAsync())
        {
            appends = new Task<AppendResult>[10];
            for (var i = 0; i < appends.Length; i++)
            {
                appends[i] = await StartAppendAsync(Batch($"k{i}", $"b{i}", [.. Enumerable.Range(0, 1 + i).Select(n => $"k{i}-{n}")]), ct);
            }
            await WaitForBlockedAppendAsync();
        }
        var results = await Task.WhenAll(appends);
        var events = await Store.ReadAfterAsync(0, 1000, ct);

        Assert.All(results, r => Assert.Equal(AppendOutcome.Stored, r.Outcome));
        Assert.Equal(Enumerable.Range(1, 10), results.Select(r => r.Count));
        Assert.Equal(55, events.Count);
        for (var i = 0; i < 10; i++)
        {
            // Whole, and its items in request order on consecutive positions.
            var batch = events.Where(e => e.Unit.StartsWith($"k{i}-", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, 1 + i).Select(n => $"k{i}-{n}"), batch.Select(e => e.Unit));
            Assert.Equal(Enumerable.Range(0, batch.Count).Select(n => batch[0].Position + n), batch.Select(e => e.Position));
        }
    }

    [Fact]
    public async Task AppendAsync_StoredKeyAmongQueuedBatches_ReplaysWithoutFailingTheOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await Store.AppendAsync(Batch("k1", "b1", "a", "b"), ct);
        Task<AppendResult>[] appends;
        await using (await HoldAppendsAsync())
        {
            appends = [
                await StartAppendAsync(Batch("k2", "b2", "c"), ct),
                await StartAppendAsync(Batch("k1", "b1", "a", "b"), ct),
                await StartAppendAsync(Batch("k3", "b3", "d", "e", "f"), ct),
            ];
            await WaitForBlockedAppendAsync();
        }
        var results = await Task.WhenAll(appends);

        Assert.Equal([AppendOutcome.Stored, AppendOutcome.Replayed, AppendOutcome.Stored], results.Select(r => r.Outcome));
        Assert.Equal([1, 2, 3], results.Select(r => r.Count));
        Assert.Equal(first.ReceivedAt.ToUnixTimeMilliseconds(), results[1].ReceivedAt.ToUnixTimeMilliseconds());
        Assert.Equal(["a", "b", "c", "d", "e", "f"], (await Store.ReadAfterAsync(0, 100, ct)).Select(e => e.Unit).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AppendAsync_ConflictingKeyAmongQueuedBatches_ConflictsOnlyForThatBatch()
    {
        var ct = TestContext.Current.CancellationToken;
        await Store.AppendAsync(Batch("k1", "b1", "a"), ct);
        Task<AppendResult>[] appends;
        await using (await HoldAppendsAsync())
        {
            appends = [
                await StartAppendAsync(Batch("k2", "b2", "c"), ct),
                await StartAppendAsync(Batch("k1", "another body", "x", "y"), ct),
                await StartAppendAsync(Batch("k3", "b3", "d"), ct),
            ];
            await WaitForBlockedAppendAsync();
        }
        var results = await Task.WhenAll(appends);

        Assert.Equal([AppendOutcome.Stored, AppendOutcome.Conflict, AppendOutcome.Stored], results.Select(r => r.Outcome));
        Assert.Equal(["a", "c", "d"], (await Store.ReadAfterAsync(0, 100, ct)).Select(e => e.Unit).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AppendAsync_SameKeyTwiceInTheQueue_StoresTheFirstAndAnswersTheOthersFromIt()
    {
        var ct = TestContext.Current.CancellationToken;
        Task<AppendResult>[] appends;
        await using (await HoldAppendsAsync())
        {
            appends = [
                await StartAppendAsync(Batch("k1", "b1", "a", "b"), ct),
                await StartAppendAsync(Batch("k1", "b1", "a", "b"), ct),
                await StartAppendAsync(Batch("k1", "another body", "x"), ct),
                await StartAppendAsync(Batch("k2", "b2", "c"), ct),
            ];
            await WaitForBlockedAppendAsync();
        }
        var results = await Task.WhenAll(appends);

        Assert.Equal([AppendOutcome.Stored, AppendOutcome.Replayed, AppendOutcome.Conflict, AppendOutcome.Stored], results.Select(r => r.Outcome));
        Assert.Equal(2, results[1].Count);
        Assert.Equal(results[0].ReceivedAt.ToUnixTimeMilliseconds(), results[1].ReceivedAt.ToUnixTimeMilliseconds());
        Assert.Equal(["a", "b", "c"], (await Store.ReadAfterAsync(0, 100, ct)).Select(e => e.Unit).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AppendAsync_CallerGivesUpWhileQueued_OthersStoredAndARetryIsAnsweredOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<AppendResult> kept, abandoned;
        await using (await HoldAppendsAsync())
        {
            kept = await StartAppendAsync(Batch("k1", "b1", "a"), ct);
            abandoned = await StartAppendAsync(Batch("k2", "b2", "b", "c"), giveUp.Token);
            await WaitForBlockedAppendAsync();
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        }
        var retry = await Store.AppendAsync(Batch("k2", "b2", "b", "c"), ct);

        Assert.Equal(AppendOutcome.Stored, (await kept).Outcome);
        // Stored when the batch was still queued when its caller gave up; Replayed when it had
        // already been taken into a group. Never both, never half.
        Assert.Contains(retry.Outcome, new[] { AppendOutcome.Stored, AppendOutcome.Replayed });
        Assert.Equal(2, retry.Count);
        Assert.Equal(["a", "b", "c"], (await Store.ReadAfterAsync(0, 100, ct)).Select(e => e.Unit).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FindByKeyAsync_ActiveKey_ReturnsItsSourceAndScope()
    {
        await Sources.UpsertSourceAsync(new Source("ward-a", "Ward A", ["26740"], ["health"], TimeSpan.FromSeconds(30)), "test", TestContext.Current.CancellationToken);
        await Sources.AddKeyAsync("ward-a", "secret-a", TestContext.Current.CancellationToken);

        var found = await Sources.FindByKeyAsync("secret-a", TestContext.Current.CancellationToken);
        var missing = await Sources.FindByKeyAsync("secret-b", TestContext.Current.CancellationToken);

        Assert.NotNull(found);
        Assert.Equal("ward-a", found.Id);
        Assert.True(found.MayWriteUnit("26740"));
        Assert.False(found.MayWriteUnit("26743"));
        Assert.True(found.MaySend("health"));
        Assert.Equal(TimeSpan.FromSeconds(30), found.ExpectedInterval);
        Assert.Null(missing);
    }

    [Fact]
    public async Task UpsertSourceAsync_ExistingSource_UpdatesItAndListsEverySource()
    {
        await Sources.UpsertSourceAsync(new Source("ward-b", "Ward B", ["26743"], ["health"], TimeSpan.FromSeconds(30)), "test", TestContext.Current.CancellationToken);
        await Sources.UpsertSourceAsync(new Source("city", "City", null, ["health", "backlog"], TimeSpan.FromMinutes(1)), "test", TestContext.Current.CancellationToken);
        await Sources.UpsertSourceAsync(new Source("ward-b", "Phường B", ["26743", "26746"], ["health"], TimeSpan.FromSeconds(60)), "test", TestContext.Current.CancellationToken);

        var sources = await Sources.ListSourcesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["city", "ward-b"], sources.Select(s => s.Id));
        Assert.Null(sources[0].Units);
        Assert.Equal(["health", "backlog"], sources[0].Kinds);
        Assert.Equal("Phường B", sources[1].Name);
        Assert.Equal(["26743", "26746"], sources[1].Units!);
        Assert.Equal(TimeSpan.FromSeconds(60), sources[1].ExpectedInterval);
    }

    [Fact]
    public async Task Store_Reopened_KeepsAcknowledgedEvents()
    {
        await Store.AppendAsync(Batch("k1", "b1", "26740"), TestContext.Current.CancellationToken);
        await CloseStoreAsync(Store);
        _store = default;

        _store = OpenStore();
        var events = await Store.ReadAfterAsync(0, 10, TestContext.Current.CancellationToken);

        Assert.Single(events);
    }

    [Fact]
    public async Task Store_TwoStoresStartTogether_MigrateOnceAndShareTheLog()
    {
        var other = OpenStore();
        try
        {
            await Task.WhenAll(
                Store.AppendAsync(Batch("k1", "b1", "a"), TestContext.Current.CancellationToken),
                other.AppendAsync(Batch("k2", "b2", "b"), TestContext.Current.CancellationToken));

            Assert.Equal(2, (await Store.ReadAfterAsync(0, 10, TestContext.Current.CancellationToken)).Count);
            Assert.Equal(2, await other.LastPositionAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task IssueKeyAsync_NewKey_WorksUntilRevokedAndIsAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await Sources.UpsertSourceAsync(new Source("ward-k", "Ward K", ["26740"], ["health"], TimeSpan.FromSeconds(30)), "admin", ct);

        var first = await Sources.IssueKeyAsync("ward-k", "admin", ct);
        var second = await Sources.IssueKeyAsync("ward-k", "admin", ct);
        Assert.Equal("ward-k", (await Sources.FindByKeyAsync(first.Key, ct))?.Id);
        Assert.Equal("ward-k", (await Sources.FindByKeyAsync(second.Key, ct))?.Id);

        Assert.True(await Sources.RevokeKeyAsync("ward-k", first.KeyId, "admin", ct));
        Assert.False(await Sources.RevokeKeyAsync("ward-k", first.KeyId, "admin", ct));
        Assert.Null(await Sources.FindByKeyAsync(first.Key, ct));
        Assert.NotNull(await Sources.FindByKeyAsync(second.Key, ct));

        // Both keys, the revoked one marked (two keys issued within one millisecond may list either way round).
        var keys = (await Sources.ListKeysAsync("ward-k", ct)).ToDictionary(k => k.KeyId);
        Assert.Equal(2, keys.Count);
        Assert.NotNull(keys[first.KeyId].RevokedAt);
        Assert.Null(keys[second.KeyId].RevokedAt);
        var audit = await Admin.ListAuditAsync(10, "ward-k", ct);
        Assert.Equal(["key.revoked", "key.issued", "key.issued", "source.saved"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.DoesNotContain(first.Key, a.Details ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdminStore_GroupsWindowsSettingsAndSystems_RoundTripWithAudit()
    {
        var ct = TestContext.Current.CancellationToken;
        await Admin.SaveGroupAsync(new GroupRecord("thu-duc", "Khu vực Thủ Đức", "Thu Duc area", ["26842", "27112"]), "alice", ct);
        await Admin.SaveUnitSystemAsync(new UnitSystemRecord("26740", "queue", "Xếp hàng tự động", "Queue system"), "alice", ct);
        var window = new MaintenanceWindow("mw-1", "26740", "civil-status", DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(3), "Nâng cấp", "bob");
        await Admin.SaveMaintenanceAsync(window, ct);
        await Admin.SaveSettingAsync("thresholds", """{"nearlyDueWorkingDays":1}""", "carol", ct);

        Assert.Equal(["26842", "27112"], Assert.Single(await Admin.ListGroupsAsync(ct)).Units);
        Assert.Equal("queue", Assert.Single(await Admin.ListUnitSystemsAsync(ct)).System);
        Assert.Equal("mw-1", Assert.Single(await Admin.ListMaintenanceAsync(DateTimeOffset.UtcNow, ct)).Id);
        Assert.Empty(await Admin.ListMaintenanceAsync(DateTimeOffset.UtcNow.AddHours(4), ct));
        Assert.Contains("nearlyDueWorkingDays", await Admin.GetSettingAsync("thresholds", ct), StringComparison.Ordinal);
        Assert.True(await Admin.DeleteGroupAsync("thu-duc", "alice", ct));
        Assert.False(await Admin.DeleteGroupAsync("thu-duc", "alice", ct));

        var audit = await Admin.ListAuditAsync(20, null, ct);
        Assert.Equal(["group.deleted", "setting.saved", "maintenance.saved", "unit-system.saved", "group.saved"], audit.Select(a => a.Action));
        Assert.Equal("bob", audit.Single(a => a.Action == "maintenance.saved").Actor);
    }

    [Fact]
    public async Task RecordRejectionAsync_KeepsOnlyTheNewestPerSource()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < AdminStore.RejectionsKept + 5; i++)
        {
            await Admin.RecordRejectionAsync("ward-r", "health", 400, $"bad {i}", null, ct);
        }
        await Admin.RecordRejectionAsync("ward-s", "health", 403, "other", null, ct);

        var kept = await Admin.ListRejectionsAsync("ward-r", 1000, ct);
        Assert.Equal(AdminStore.RejectionsKept, kept.Count);
        Assert.Equal($"bad {AdminStore.RejectionsKept + 4}", kept[0].Title);
        Assert.Single(await Admin.ListRejectionsAsync("ward-s", 10, ct));
    }

    [Fact]
    public async Task ListArrivalsAsync_CountsAndLastItemPerKind()
    {
        var ct = TestContext.Current.CancellationToken;
        await Store.AppendAsync(Batch("k1", "b1", "26740", "26743"), ct);

        var arrivals = await Admin.ListArrivalsAsync("ward-a", ct);

        var health = Assert.Single(arrivals);
        Assert.Equal("health", health.Kind);
        Assert.Equal(2, health.Count);
        Assert.Contains("26743", health.LastItem, StringComparison.Ordinal);
        Assert.Empty(await Admin.ListArrivalsAsync("nobody", ct));
    }

    [Fact]
    public async Task HealthRetention_FoldsOldSamplesIntoHourlyCounts_AndKeepsOtherKinds()
    {
        var ct = TestContext.Current.CancellationToken;
        var at = new DateTimeOffset(2025, 11, 28, 8, 15, 0, TimeSpan.Zero);
        string Sample(string status, int? latency) =>
            $$"""{"unit":"26740","system":"civil-status","status":"{{status}}"{{(latency is null ? "" : $",\"latencyMs\":{latency}")}},"checkedAt":"{{at:O}}"}""";
        await Store.AppendAsync(new AppendRequest("ward-a", "h1", [1], [
            new NewEvent("health", "26740", at, Sample("up", 100)),
            new NewEvent("health", "26740", at.AddMinutes(10), Sample("up", 300)),
            new NewEvent("health", "26740", at.AddMinutes(20), Sample("down", null)),
            new NewEvent("dossier", "26740", at, """{"dossierId":"x"}"""),
        ]), ct);
        var retention = new OpsCenter.Storage.Retention.HealthRetention(Store);

        var result = await retention.RunAsync(DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow.AddMinutes(1), ct);
        var again = await retention.RunAsync(DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow.AddMinutes(1), ct);

        Assert.Equal(3, result.HealthEventsFolded);
        Assert.Equal(1, result.IdempotencyRecordsDropped);
        Assert.Equal(0, again.HealthEventsFolded);
        Assert.Equal(["dossier"], (await Store.ReadAfterAsync(0, 10, ct)).Select(e => e.Kind));
        var hour = Assert.Single(await retention.ListHoursAsync("26740", at.AddHours(-1), ct));
        Assert.Equal(new DateTimeOffset(2025, 11, 28, 8, 0, 0, TimeSpan.Zero), hour.Hour);
        Assert.Equal((2L, 0L, 1L, 400L, 2L), (hour.Up, hour.Degraded, hour.Down, hour.LatencySum, hour.LatencyCount));
    }
}
