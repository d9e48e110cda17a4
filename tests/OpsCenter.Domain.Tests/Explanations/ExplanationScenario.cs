using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Explanations;
using OpsCenter.Domain.People;

namespace OpsCenter.Domain.Tests.Explanations;

/// <summary>People, instants (always +07:00, never the real clock) and a recorder of the changes a test makes.</summary>
internal static class ExplanationScenario
{
    public const string Ward = "26734";
    public const string OtherWard = "26737";

    public static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    public static readonly ExplanationActor Asker = new("vp.lan", "Nguyễn Thị Lan", Roles.Briefing);
    public static readonly ExplanationActor Colleague = new("vp.minh", "Trần Văn Minh", Roles.Briefing);
    public static readonly ExplanationActor CityAdmin = new("admin.hoa", "Lê Hòa", Roles.Admin);
    public static readonly ExplanationActor UnitAdmin = new("admin.26734", "Quản trị phường", Roles.Admin, Ward);
    public static readonly ExplanationActor Operator = new("op.tuan", "Phạm Tuấn", Roles.Operator);
    public static readonly ExplanationActor WardPerson = new("pb.an", "Võ An", Roles.Department, Ward);
    public static readonly ExplanationActor OtherWardPerson = new("pb.binh", "Đỗ Bình", Roles.Department, OtherWard);

    public static readonly ExplanationSubject OnTimeRate = new(ExplanationSubject.Kpi, "onTimeRate", "2026-11", 0.82);

    public static readonly ExplanationRules Rules = new(ExplanationDue.Default, ExplanationText.WithoutPersonalDataCheck);

    /// <summary>Thu 3 Dec 2026, 09:00 in Hồ Chí Minh City.</summary>
    public static readonly DateTimeOffset Thu0900 = At(2026, 12, 3, 9, 0);

    public static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, Vn);

    public static DateTimeOffset Closing(int year, int month, int day) => At(year, month, day, 17, 0);

    public static T Ok<T>(ExplanationResult result) where T : ExplanationChange
    {
        Assert.Null(result.Refusal);
        return Assert.IsType<T>(result.Change);
    }

    public static void Refused(ExplanationResult result, string code, RefusalKind kind)
    {
        Assert.Null(result.Change);
        Assert.NotNull(result.Refusal);
        Assert.Equal(code, result.Refusal.Code);
        Assert.Equal(kind, result.Refusal.Kind);
        Assert.False(string.IsNullOrWhiteSpace(result.Refusal.Vi));
        Assert.False(string.IsNullOrWhiteSpace(result.Refusal.En));
    }
}

/// <summary>A request's life as a test drives it: each accepted change is applied and kept, as the log would keep it.</summary>
internal sealed class ExplanationLog
{
    private readonly List<ExplanationChange> _changes = [];

    public ExplanationLog(ExplanationResult request)
    {
        var requested = ExplanationScenario.Ok<ExplanationRequested>(request);
        _changes.Add(requested);
        Current = Explanation.Start(requested);
    }

    public static ExplanationLog Asked(DateTimeOffset at, int days = 3) =>
        new(ExplanationScenario.Rules.Request("ex-1", ExplanationScenario.Asker, ExplanationScenario.Ward, ExplanationScenario.OnTimeRate,
            "Vì sao tỷ lệ đúng hạn tháng 11 chỉ đạt 82%?", days, at));

    public Explanation Current { get; private set; }

    public IReadOnlyList<ExplanationChange> Changes => _changes;

    /// <summary>Applies what the rules decided (which must be a change) and returns it.</summary>
    public T Do<T>(Func<Explanation, ExplanationResult> decide) where T : ExplanationChange
    {
        var change = ExplanationScenario.Ok<T>(decide(Current));
        _changes.Add(change);
        Current = Current.Apply(change);
        return change;
    }
}
