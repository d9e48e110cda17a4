namespace OpsCenter.Domain.Alerts.Routing;

/// <summary>Defers a message that would reach a person inside their quiet hours to the end of them.</summary>
public static class QuietHours
{
    /// <summary>When a message meant for <paramref name="at"/> reaches the person: <paramref name="at"/> itself, or the end of the quiet hours it falls in.</summary>
    public static DateTimeOffset DeliverAt(RoutingPersonSettings? person, DateTimeOffset at)
    {
        if (person?.QuietHours is not { } quiet || LocalClock.Time(quiet.From) is not { } from || LocalClock.Time(quiet.To) is not { } to || from == to)
        {
            return at;
        }
        var offset = LocalClock.OffsetOrCity(person.UtcOffset);
        var local = at.ToOffset(offset);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (from < to)
        {
            return time >= from && time < to ? LocalClock.At(day, to, offset) : at;
        }
        // Crossing midnight (22:00-06:00): the evening part ends tomorrow, the morning part today.
        if (time >= from)
        {
            return LocalClock.At(day.AddDays(1), to, offset);
        }
        return time < to ? LocalClock.At(day, to, offset) : at;
    }
}
