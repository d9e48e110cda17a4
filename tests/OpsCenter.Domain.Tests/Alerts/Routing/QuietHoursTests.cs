using OpsCenter.Domain.Alerts.Routing;
using static OpsCenter.Domain.Tests.Alerts.Routing.RoutingSamples;

namespace OpsCenter.Domain.Tests.Alerts.Routing;

public class QuietHoursTests
{
    private static readonly RoutingPersonSettings Night = new("op1", new RoutingQuietHours("22:00", "06:00"), "+07:00");

    [Fact]
    public void DeliverAt_EveningPartOfQuietHoursCrossingMidnight_NextMorning()
    {
        Assert.Equal(At(1, 6, 0), QuietHours.DeliverAt(Night, At(0, 22, 0)));
        Assert.Equal(At(1, 6, 0), QuietHours.DeliverAt(Night, At(0, 23, 59)));
    }

    [Fact]
    public void DeliverAt_MorningPartOfQuietHoursCrossingMidnight_ThatMorning()
    {
        Assert.Equal(At(1, 6, 0), QuietHours.DeliverAt(Night, At(1, 0, 0)));
        Assert.Equal(At(1, 6, 0), QuietHours.DeliverAt(Night, At(1, 5, 59)));
    }

    [Fact]
    public void DeliverAt_OutsideQuietHours_Unchanged()
    {
        Assert.Equal(At(1, 6, 0), QuietHours.DeliverAt(Night, At(1, 6, 0)));
        Assert.Equal(At(0, 21, 59), QuietHours.DeliverAt(Night, At(0, 21, 59)));
    }

    [Fact]
    public void DeliverAt_QuietHoursWithinADay_TheirEnd()
    {
        var lunch = new RoutingPersonSettings("op2", new RoutingQuietHours("12:00", "14:00"));

        Assert.Equal(At(0, 14, 0), QuietHours.DeliverAt(lunch, At(0, 12, 30)));
        Assert.Equal(At(0, 11, 0), QuietHours.DeliverAt(lunch, At(0, 11, 0)));
    }

    [Fact]
    public void DeliverAt_PersonInAnotherOffset_ReadInTheirOffset()
    {
        // Quiet 22:00-06:00 in UTC: 06:00 in Ho Chi Minh City is 23:00 UTC the day before.
        var abroad = new RoutingPersonSettings("op1", new RoutingQuietHours("22:00", "06:00"), "+00:00");

        Assert.Equal(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero), QuietHours.DeliverAt(abroad, At(0, 6, 0)));
    }

    [Fact]
    public void DeliverAt_NoSettings_Unchanged()
    {
        Assert.Equal(At(0, 23, 0), QuietHours.DeliverAt(null, At(0, 23, 0)));
        Assert.Equal(At(0, 23, 0), QuietHours.DeliverAt(new RoutingPersonSettings("x"), At(0, 23, 0)));
    }
}
