namespace OpsCenter.Collector.Alerts.Channels;

/// <summary>One channel's part in a fallback send: skipped (off) or tried, and how it ended.</summary>
public sealed record ChannelTry(string ChannelId, SendResult Result);

/// <summary>How a fallback send ended: <see cref="SentBy"/> is null when no channel got it through.</summary>
public sealed record FallbackResult(string? SentBy, IReadOnlyList<ChannelTry> Tries)
{
    public bool IsSent => SentBy is not null;
}

/// <summary>
/// Sends through the first channel that gets a message through, in the order given (the recipient's
/// preference): an off channel is skipped, and any failure moves on to the next. Used for the give-up
/// notice ("alerts to you could not be delivered by Zalo"), where a second channel is better than a
/// late first one; a transient failure also moves on, so a notice may rarely arrive twice.
/// </summary>
public static class ChannelFallback
{
    public static async Task<FallbackResult> SendAsync(IEnumerable<INotificationChannel> channels, NotificationMessage message, ChannelRecipient recipient,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var tries = new List<ChannelTry>();
        foreach (var channel in channels)
        {
            if (!channel.State.On)
            {
                tries.Add(new ChannelTry(channel.Id, SendResult.Permanent($"off: {channel.State.Reason}", 0)));
                continue;
            }
            SendResult result;
            try
            {
                result = await channel.SendAsync(message, recipient, cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                result = SendResult.Transient(error.Message);
            }
            tries.Add(new ChannelTry(channel.Id, result));
            if (result.IsSent)
            {
                return new FallbackResult(channel.Id, tries);
            }
        }
        return new FallbackResult(null, tries);
    }
}
