using System.Data.Common;
using OpsCenter.Storage.Admin;

namespace OpsCenter.Storage.Outbox;

/// <summary>
/// A notification to send: at most one per alert, recipient and kind (<c>fired</c>,
/// <c>reminder-1</c>, <c>reminder-2</c>.., <c>resolved</c>), whatever number of times it is enqueued.
/// </summary>
public sealed record OutboxMessage(string AlertKey, string Recipient, string Kind, string Channel, string Subject, string BodyText, string? BodyHtml);

/// <summary>A message claimed for sending by one holder; <see cref="Attempt"/> identifies this claim. <see cref="CreatedAt"/>: when it was recorded.</summary>
public sealed record OutboxClaim(string Id, string Holder, int Attempt, OutboxMessage Message, DateTimeOffset CreatedAt);

/// <summary>A stored message as the console shows it.</summary>
public sealed record OutboxEntry(string Id, OutboxMessage Message, string Status, int Attempts, DateTimeOffset NextAttemptAt,
    string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

/// <summary>How many messages are in each state, for /metrics and the console.</summary>
public sealed record OutboxCounts(long Pending, long Sending, long Sent, long GivenUp);

public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string GivenUp = "given-up";
}

/// <summary>
/// The durable notification outbox: a message is recorded before it is sent, claimed by one sender
/// at a time (a compare-and-set on its status, so two senders never take the same message), retried
/// with the <see cref="OutboxPolicy"/> backoff and given up after its limit. A claim left unmarked
/// by a sender that died becomes due again after the claim timeout; that is the only way a message
/// can be sent twice, so the timeout is far longer than a send.
/// </summary>
public sealed class OutboxStore(IStoreConnections store, TimeProvider time, OutboxPolicy policy)
{
    private const string Due = """
        ((status = 'pending' AND next_attempt_at <= @now) OR (status = 'sending' AND claimed_until <= @now))
        """;

    private const string Columns = """
        id, alert_key, recipient, message_kind, channel, subject, body_text, body_html,
        status, attempts, next_attempt_at, last_error, created_at, sent_at
        """;

    public OutboxPolicy Policy => policy;

    /// <summary>Records a message, due now; false (and nothing changed) when that alert, recipient and kind is already recorded.</summary>
    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(transaction,
            """
            INSERT INTO outbox (id, alert_key, recipient, message_kind, channel, subject, body_text, body_html,
                                status, attempts, next_attempt_at, claimed_by, claimed_until, last_error, created_at, sent_at)
            VALUES (@id, @alert, @recipient, @kind, @channel, @subject, @text, @html, 'pending', 0, @now, NULL, NULL, NULL, @now, NULL)
            ON CONFLICT (alert_key, recipient, message_kind) DO NOTHING
            """,
            cancellationToken, ("@id", SortableId.New(time)), ("@alert", message.AlertKey), ("@recipient", message.Recipient),
            ("@kind", message.Kind), ("@channel", message.Channel), ("@subject", message.Subject),
            ("@text", message.BodyText), ("@html", message.BodyHtml), ("@now", now));
        await transaction.CommitAsync(cancellationToken);
        return inserted == 1;
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> due messages (pending and due, or left sending past the
    /// claim timeout) for <paramref name="holder"/>, oldest due first. Each claim counts as an attempt.
    /// </summary>
    public async Task<IReadOnlyList<OutboxClaim>> ClaimDueAsync(string holder, int max, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var now = time.GetUtcNow();
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A message whose sender died on its last attempt is given up rather than tried forever.
        await connection.ExecuteAsync(transaction,
            """
            UPDATE outbox SET status = 'given-up', next_attempt_at = @now, claimed_by = NULL, claimed_until = NULL, last_error = 'the sender stopped during its last attempt'
            WHERE status = 'sending' AND claimed_until <= @now AND attempts >= @limit
            """,
            cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@limit", (long)policy.MaxAttempts));
        // The due condition is repeated on the updated rows: PostgreSQL re-checks it on a row that a
        // racing claimer committed first, so that claimer keeps it and this one skips it.
        var claims = await connection.QueryAsync(transaction,
            $"""
            UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_by = @holder, claimed_until = @until
            WHERE id IN (SELECT id FROM outbox WHERE {Due} ORDER BY next_attempt_at, id LIMIT @max) AND {Due}
            RETURNING id, attempts, alert_key, recipient, message_kind, channel, subject, body_text, body_html, created_at
            """,
            r => new OutboxClaim(r.GetString(0), holder, (int)r.GetInt64(1),
                new OutboxMessage(r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.NullableString(8)),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9))),
            cancellationToken, ("@holder", holder), ("@until", (now + policy.ClaimTimeout).ToUnixTimeMilliseconds()),
            ("@now", now.ToUnixTimeMilliseconds()), ("@max", max));
        await transaction.CommitAsync(cancellationToken);
        return claims;
    }

    /// <summary>Marks a claimed message sent; false when the claim was no longer this holder's (it timed out and was taken again).</summary>
    public async Task<bool> MarkSentAsync(OutboxClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return await ChangeClaimedAsync(claim,
            "status = 'sent', sent_at = @now, claimed_by = NULL, claimed_until = NULL, last_error = NULL",
            cancellationToken, ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    /// <summary>
    /// Records a failed send: pending again at the policy's next attempt, or given up after its last
    /// attempt. Returns the new status, or null when the claim was no longer this holder's.
    /// </summary>
    public async Task<string?> MarkFailedAsync(OutboxClaim claim, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var now = time.GetUtcNow();
        var next = policy.NextAttempt(claim.Attempt, now);
        var status = next is null ? OutboxStatus.GivenUp : OutboxStatus.Pending;
        var changed = await ChangeClaimedAsync(claim,
            "status = @status, next_attempt_at = @next, last_error = @error, claimed_by = NULL, claimed_until = NULL",
            cancellationToken, ("@status", status), ("@next", (next ?? now).ToUnixTimeMilliseconds()),
            ("@error", error.Length <= 2000 ? error : error[..2000]));
        return changed ? status : null;
    }

    public async Task<OutboxCounts> CountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        var counts = (await connection.QueryAsync("SELECT status, COUNT(*) FROM outbox GROUP BY status",
            r => (Status: r.GetString(0), Count: r.GetInt64(1)), cancellationToken)).ToDictionary(c => c.Status, c => c.Count);
        return new OutboxCounts(
            counts.GetValueOrDefault(OutboxStatus.Pending), counts.GetValueOrDefault(OutboxStatus.Sending),
            counts.GetValueOrDefault(OutboxStatus.Sent), counts.GetValueOrDefault(OutboxStatus.GivenUp));
    }

    public async Task<OutboxEntry?> FindAsync(string alertKey, string recipient, string kind, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return (await connection.QueryAsync(
            $"SELECT {Columns} FROM outbox WHERE alert_key = @alert AND recipient = @recipient AND message_kind = @kind",
            Read, cancellationToken, ("@alert", alertKey), ("@recipient", recipient), ("@kind", kind))).FirstOrDefault();
    }

    /// <summary>
    /// The newest <paramref name="max"/> given-up messages, most recently given up first (a given-up
    /// message's next attempt time is when it was given up).
    /// </summary>
    public async Task<IReadOnlyList<OutboxEntry>> GivenUpAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            $"SELECT {Columns} FROM outbox WHERE status = 'given-up' ORDER BY next_attempt_at DESC, id DESC LIMIT @max",
            Read, cancellationToken, ("@max", max));
    }

    /// <summary>Who has a message of <paramref name="kind"/> for the alert (e.g. the fired mail's recipients, for the resolved one), in order.</summary>
    public async Task<IReadOnlyList<string>> RecipientsAsync(string alertKey, string kind, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await connection.QueryAsync("SELECT recipient FROM outbox WHERE alert_key = @alert AND message_kind = @kind ORDER BY recipient",
            r => r.GetString(0), cancellationToken, ("@alert", alertKey), ("@kind", kind));
    }

    private async Task<bool> ChangeClaimedAsync(OutboxClaim claim, string set, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(transaction,
            $"UPDATE outbox SET {set} WHERE id = @id AND status = 'sending' AND claimed_by = @holder AND attempts = @attempt",
            cancellationToken, [("@id", claim.Id), ("@holder", claim.Holder), ("@attempt", (long)claim.Attempt), .. parameters]) == 1;
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private static OutboxEntry Read(DbDataReader r) => new(
        r.GetString(0),
        new OutboxMessage(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.NullableString(7)),
        r.GetString(8), (int)r.GetInt64(9), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)), r.NullableString(11),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12)),
        r.NullableInt64(13) is { } sent ? DateTimeOffset.FromUnixTimeMilliseconds(sent) : null);
}

/// <summary>The message kinds of one alert: <c>fired</c>, then <c>reminder-1</c>, <c>reminder-2</c>.., then <c>resolved</c>.</summary>
public static class OutboxKind
{
    public const string Fired = "fired";
    public const string Resolved = "resolved";

    public static string Reminder(int number) => $"reminder-{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
