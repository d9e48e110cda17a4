using OpsCenter.Domain.Alerts.Routing;
using static OpsCenter.Domain.Tests.Alerts.Routing.RoutingSamples;

namespace OpsCenter.Domain.Tests.Alerts.Routing;

public class RotaTests
{
    [Theory]
    [InlineData(0, 7, 29, "op3")] // Monday morning is still Sunday night's shift
    [InlineData(0, 7, 30, "op1")]
    [InlineData(0, 19, 29, "op1")]
    [InlineData(0, 19, 30, "op2")]
    [InlineData(1, 3, 0, "op2")] // Tuesday 03:00 belongs to Monday's night shift
    [InlineData(6, 12, 0, "op1")] // Sunday by day
    public void OnCall_DayAndNightShifts_TheShiftRunningThen(int day, int hour, int minute, string expected)
    {
        Assert.Equal([expected], Rota.OnCall(Ops, At(day, hour, minute)));
    }

    [Fact]
    public void OnCall_ShiftCrossingMidnight_BelongsToTheDayItStarts()
    {
        // Monday 19:30 - Tuesday 07:30 is Monday's night shift.
        Assert.Equal(["op2"], Rota.OnCall(Ops, At(1, 0, 0)));
        Assert.Equal(["op2"], Rota.OnCall(Ops, At(1, 7, 29)));
        Assert.Equal(["op1"], Rota.OnCall(Ops, At(1, 7, 30)));
    }

    [Fact]
    public void OnCall_WeekBoundary_SundayNightRunsIntoMonday()
    {
        Assert.Equal(["op3"], Rota.OnCall(Ops, At(6, 19, 30)));
        Assert.Equal(["op3"], Rota.OnCall(Ops, At(6, 23, 59)));
        Assert.Equal(["op3"], Rota.OnCall(Ops, At(7, 0, 0))); // Monday 14 December
        Assert.Equal(["op3"], Rota.OnCall(Ops, At(7, 7, 29)));
        Assert.Equal(["op1"], Rota.OnCall(Ops, At(7, 7, 30)));
    }

    [Fact]
    public void OnCall_InstantInAnotherOffset_ReadInTheTeamsOffset()
    {
        // 12:45 UTC is 19:45 in Ho Chi Minh City: the night shift.
        Assert.Equal(["op2"], Rota.OnCall(Ops, new DateTimeOffset(2026, 12, 7, 12, 45, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void OnCall_DayNotInTheRota_Nobody()
    {
        var weekdays = new RoutingTeam("weekdays", "Ngày thường", "Weekdays", [new([DayOfWeek.Monday, DayOfWeek.Friday], "08:00", "17:00", ["op1"])]);

        Assert.Equal(["op1"], Rota.OnCall(weekdays, At(4, 16, 59)));
        Assert.Empty(Rota.OnCall(weekdays, At(4, 17, 0)));
        Assert.Empty(Rota.OnCall(weekdays, At(5, 10, 0)));
    }

    [Fact]
    public void OnCall_OverlappingShifts_EveryoneOnceInRotaOrder()
    {
        var team = new RoutingTeam("t", "T", "T", [new([DayOfWeek.Monday], "08:00", "12:00", ["a", "b"]), new([DayOfWeek.Monday], "11:00", "13:00", ["b", "c"])]);

        Assert.Equal(["a", "b", "c"], Rota.OnCall(team, At(0, 11, 30)));
    }

    [Fact]
    public void OnCall_AllDayShift_EqualTimesLast24Hours()
    {
        Assert.Equal(["lead1"], Rota.OnCall(Leads, At(0, 0, 0)));
        Assert.Equal(["lead1"], Rota.OnCall(Leads, At(3, 23, 59)));
    }

    [Fact]
    public void StartingBetween_SundayEveningToMondayMorning_BothChangesInOrder()
    {
        var starts = Rota.StartingBetween(Ops, At(6, 19, 0), At(7, 8, 0));

        Assert.Equal([(At(6, 19, 30), "op3"), (At(7, 7, 30), "op1")], starts.Select(s => (s.Start, s.People.Single())));
        Assert.Equal(At(7, 7, 30), starts[0].End);
    }

    [Fact]
    public void StartingBetween_IntervalOpenAtStartClosedAtEnd()
    {
        Assert.Empty(Rota.StartingBetween(Ops, At(0, 7, 30), At(0, 19, 29)));
        Assert.Single(Rota.StartingBetween(Ops, At(0, 7, 30), At(0, 19, 30)));
    }
}
