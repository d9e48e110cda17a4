using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Health;
using static OpsCenter.Domain.Tests.Alerts.AlertScenario;

namespace OpsCenter.Domain.Tests.Alerts;

public class AlertEvaluatorTests
{
    private const string Ward = "26734";
    private const string CivilStatus = "civil-status";

    private static readonly AlertEvaluator Evaluator = new(new AlertEvaluatorOptions(T0));

    /// <summary>Each kind with an observation that is bad in [badFrom, badUntil) and good otherwise.</summary>
    private static (AlertRule Rule, Func<DateTimeOffset, AlertObservations> Observe) KindCase(AlertRuleKind kind, DateTimeOffset badFrom, DateTimeOffset badUntil)
    {
        var rule = Rule(kind);
        bool Bad(DateTimeOffset now) => now >= badFrom && now < badUntil;
        AlertObservations Figures(DateTimeOffset now, int late, double rate, double index) =>
            AlertObservations.None with { Figures = [new UnitFigures(Ward, late, rate, index, now)] };
        return kind switch
        {
            AlertRuleKind.SystemDown => (rule, now => Systems(Bad(now)
                ? new SystemObservation(Ward, CivilStatus, SystemState.Down, badFrom)
                : new SystemObservation(Ward, CivilStatus, SystemState.Up, now < badFrom ? T0 : badUntil))),
            AlertRuleKind.SourceSilent => (rule, now => AlertObservations.None with
            {
                Sources = [new SourceObservation("hcc-portal", Ward, Bad(now) ? badFrom - TimeSpan.FromHours(1) : now, TimeSpan.FromMinutes(1))],
            }),
            AlertRuleKind.LateDossiersAbove => (rule with { Threshold = 10 }, now => Figures(now, Bad(now) ? 15 : 5, 0.95, 80)),
            AlertRuleKind.LateDossiersRising => (rule with { Threshold = 10, PeriodMinutes = 30 }, now => Figures(now, Bad(now) ? 20 : 5, 0.95, 80)),
            AlertRuleKind.OnTimeRateBelow => (rule with { Threshold = 0.9 }, now => Figures(now, 5, Bad(now) ? 0.8 : 0.95, 80)),
            AlertRuleKind.Index766Drop => (rule with { Threshold = 5, PeriodMinutes = 30 }, now => Figures(now, 5, 0.95, Bad(now) ? 70 : 80)),
            AlertRuleKind.IncidentSeverity => (rule with { Threshold = 2 }, now => AlertObservations.None with
            {
                Incidents = [new IncidentObservation(Ward, "flood-7", 3, Bad(now) ? IncidentStatus.Open : IncidentStatus.Closed, badFrom)],
            }),
            AlertRuleKind.OpsCenterHealth => (rule with { Component = "collector" }, now => AlertObservations.None with
            {
                Components = [new ComponentHealth("collector", !Bad(now), Bad(now) ? badFrom : null)],
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    public static TheoryData<AlertRuleKind> Kinds => [.. Enum.GetValues<AlertRuleKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Evaluate_EachKind_FiresAfterHoldAndGroupWaitAndResolvesAfterClear(AlertRuleKind kind)
    {
        var (rule, observe) = KindCase(kind, At(1), At(10));
        Assert.Empty(AlertValidatorErrors(rule));

        var transitions = Run(Evaluator, [rule], observe, T0, At(20));

        Assert.Collection(transitions,
            t =>
            {
                var fired = Assert.IsType<AlertFired>(t);
                Assert.Equal(At(3.5), fired.At);
                Assert.Equal(At(1), fired.Onset);
                Assert.Equal(kind == AlertRuleKind.OpsCenterHealth ? [] : [Ward], fired.Units);
                Assert.Equal(AlertSeverity.Warning, fired.Severity);
                Assert.StartsWith("Quy tắc: ", fired.Text, StringComparison.Ordinal);
                Assert.StartsWith("Rule: ", fired.TextEn, StringComparison.Ordinal);
            },
            t =>
            {
                var resolved = Assert.IsType<AlertResolved>(t);
                Assert.Equal(transitions[0].AlertKey, resolved.AlertKey);
                Assert.Equal(At(13), resolved.At);
                Assert.Equal(AlertResolved.ReasonCleared, resolved.Reason);
            });
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Evaluate_EachKind_ShorterThanHold_NeverFires(AlertRuleKind kind)
    {
        var (rule, observe) = KindCase(kind, At(1), At(2.5));

        Assert.Empty(Run(Evaluator, [rule], observe, T0, At(20)));
    }

    [Fact]
    public void Evaluate_DegradedSystem_FiresOnlyWhenTheRuleCountsDegraded()
    {
        AlertObservations Observe(DateTimeOffset now) => Systems(new SystemObservation(Ward, CivilStatus, SystemState.Degraded, At(1)));
        var rule = Rule(AlertRuleKind.SystemDown);

        Assert.Empty(Run(Evaluator, [rule], Observe, T0, At(10)));
        Assert.Single(Run(Evaluator, [rule with { IncludeDegraded = true }], Observe, T0, At(10)).OfType<AlertFired>());
    }

    [Fact]
    public void Evaluate_MaintenanceWindow_SuppressesAndRestartsHoldAtItsEnd()
    {
        var (rule, observe) = KindCase(AlertRuleKind.SystemDown, At(1), At(60));
        MaintenanceWindow[] windows = [new(Ward, CivilStatus, T0, At(15))];

        var transitions = Run(Evaluator, [rule], observe, T0, At(30), windows);

        var fired = Assert.IsType<AlertFired>(Assert.Single(transitions));
        Assert.Equal(At(15), fired.Onset);
        Assert.Equal(At(17.5), fired.At);
    }

    [Fact]
    public void Evaluate_MaintenanceOfAnotherSystem_DoesNotSuppress()
    {
        var (rule, observe) = KindCase(AlertRuleKind.SystemDown, At(1), At(60));
        MaintenanceWindow[] windows = [new(Ward, "land", T0, At(15)), new("26737", null, T0, At(15))];

        var fired = Assert.IsType<AlertFired>(Assert.Single(Run(Evaluator, [rule], observe, T0, At(30), windows)));
        Assert.Equal(At(3.5), fired.At);
    }

    [Fact]
    public void Evaluate_MaintenanceStartingWhileFiring_CountsAsClearAndResolves()
    {
        var (rule, observe) = KindCase(AlertRuleKind.SystemDown, At(1), At(60));
        MaintenanceWindow[] windows = [new(null, null, At(5), At(30))];

        var transitions = Run(Evaluator, [rule], observe, T0, At(20), windows);

        Assert.IsType<AlertFired>(transitions[0]);
        Assert.Equal(At(8), Assert.IsType<AlertResolved>(Assert.Single(transitions.Skip(1))).At);
    }

    [Fact]
    public void Evaluate_FlappingEveryTwentySecondsForTenMinutes_NeverFiresWithTwoMinuteHold()
    {
        var rule = Rule(AlertRuleKind.SystemDown);

        var transitions = Run(Evaluator, [rule], Flapping(At(1), At(11)), T0, At(20));

        Assert.Empty(transitions);
    }

    [Fact]
    public void Evaluate_FlappingWhileFiring_FiresOnceAndResolvesOnceAfterItSettles()
    {
        var rule = Rule(AlertRuleKind.SystemDown, hold: 2, clear: 3);
        var flapping = Flapping(At(6), At(16));
        AlertObservations Observe(DateTimeOffset now) => now >= At(1) && now < At(6)
            ? Systems(new SystemObservation(Ward, CivilStatus, SystemState.Down, At(1)))
            : flapping(now);

        var transitions = Run(Evaluator, [rule], Observe, T0, At(30));

        Assert.Single(transitions.OfType<AlertFired>());
        var resolved = Assert.IsType<AlertResolved>(Assert.Single(transitions.OfType<AlertResolved>()));
        // The last down of the flapping ends at 15:40 after T0; the unit is clear 3 minutes later.
        Assert.Equal(T0 + new TimeSpan(0, 18, 40), resolved.At);
        Assert.Equal(2, transitions.Count);
    }

    [Fact]
    public void Evaluate_TwelveWardsWithinGroupWait_AreOneAlertAndAThirteenthJoinsLater()
    {
        var wards = Enumerable.Range(0, 13).Select(i => $"267{i:00}").ToArray();
        var onsets = wards.Select((w, i) => i < 12 ? At(1) + TimeSpan.FromSeconds(2 * i) : At(6)).ToArray();
        AlertObservations Observe(DateTimeOffset now) => Systems([.. wards.Select((w, i) => now >= onsets[i] && now < At(15)
            ? new SystemObservation(w, CivilStatus, SystemState.Down, onsets[i])
            : new SystemObservation(w, CivilStatus, SystemState.Up, T0))]);
        var rule = Rule(AlertRuleKind.SystemDown);

        var transitions = Run(Evaluator, [rule], Observe, T0, At(25));

        Assert.Collection(transitions,
            t =>
            {
                var fired = Assert.IsType<AlertFired>(t);
                Assert.Equal(wards[..12], fired.Units);
                Assert.Equal(At(1), fired.Onset);
                Assert.Contains("12", fired.TextEn, StringComparison.Ordinal);
            },
            t =>
            {
                var updated = Assert.IsType<AlertUpdated>(t);
                Assert.Equal(transitions[0].AlertKey, updated.AlertKey);
                Assert.Equal(At(8), updated.At);
                Assert.Equal(wards, updated.Units);
            },
            t => Assert.Equal(At(18), Assert.IsType<AlertResolved>(t).At));
    }

    [Fact]
    public void Evaluate_TwoSystemsDown_AreTwoAlerts()
    {
        AlertObservations Observe(DateTimeOffset now) => Systems(
            new SystemObservation(Ward, CivilStatus, SystemState.Down, At(1)),
            new SystemObservation(Ward, "land", SystemState.Down, At(1)));

        var fired = Run(Evaluator, [Rule(AlertRuleKind.SystemDown)], Observe, T0, At(10)).OfType<AlertFired>().ToList();

        Assert.Equal([CivilStatus, "land"], fired.Select(f => f.Cause));
        Assert.NotEqual(fired[0].AlertKey, fired[1].AlertKey);
    }

    [Fact]
    public void Evaluate_TwoEvaluatorsWithTheSameObservations_ProduceTheSameTransitionsAndKeys()
    {
        var (rule, observe) = KindCase(AlertRuleKind.SystemDown, At(1), At(10));
        var rules = new[] { rule, KindCase(AlertRuleKind.LateDossiersAbove, T0, T0).Rule };

        var first = Run(new AlertEvaluator(new AlertEvaluatorOptions(T0)), rules, observe, T0, At(20));
        var second = Run(new AlertEvaluator(new AlertEvaluatorOptions(T0)), rules, observe, T0, At(20));

        Assert.Equal(2, first.Count);
        Assert.Equal(first.Select(Describe), second.Select(Describe));
        Assert.Equal("r-systemdown|civil-status|20260310T010100Z", first[0].AlertKey);
    }

    [Fact]
    public void AlertKey_OnsetsInOneGroupWaitBucket_AreTheSameKey()
    {
        var wait = AlertEvaluatorOptions.DefaultGroupWait;

        Assert.Equal(
            AlertEvaluator.AlertKey("r", "c", At(1), wait),
            AlertEvaluator.AlertKey("r", "c", At(1) + TimeSpan.FromSeconds(29), wait));
        Assert.NotEqual(
            AlertEvaluator.AlertKey("r", "c", At(1), wait),
            AlertEvaluator.AlertKey("r", "c", At(1) + TimeSpan.FromSeconds(30), wait));
    }

    [Fact]
    public void Evaluate_ConditionTrueLongBeforeLiveFrom_FiresOnlyAtLiveFromPlusHoldWithOnsetLiveFrom()
    {
        var liveFrom = At(60);
        var evaluator = new AlertEvaluator(new AlertEvaluatorOptions(liveFrom));
        var (rule, observe) = KindCase(AlertRuleKind.SystemDown, T0 - TimeSpan.FromHours(3), At(600));

        var transitions = Run(evaluator, [rule], observe, T0, At(70));

        var fired = Assert.IsType<AlertFired>(Assert.Single(transitions));
        Assert.Equal(liveFrom, fired.Onset);
        Assert.Equal(liveFrom + TimeSpan.FromMinutes(2.5), fired.At);
    }

    [Fact]
    public void Evaluate_ReplayedHistory_FiresNothing()
    {
        var rules = Enum.GetValues<AlertRuleKind>().Select(k => KindCase(k, At(10), At(40)).Rule).ToArray();
        AlertObservations Observe(DateTimeOffset now)
        {
            var all = Enum.GetValues<AlertRuleKind>().Select(k => KindCase(k, At(10), At(40)).Observe(now)).ToList();
            return new([.. all.SelectMany(o => o.Systems)], [.. all.SelectMany(o => o.Sources)], [.. all.SelectMany(o => o.Figures).Take(1)],
                [.. all.SelectMany(o => o.Incidents)], [.. all.SelectMany(o => o.Components)]);
        }
        var live = Run(new AlertEvaluator(new AlertEvaluatorOptions(T0)), rules, Observe, T0, At(60));
        Assert.NotEmpty(live.OfType<AlertFired>());

        var replay = Run(new AlertEvaluator(new AlertEvaluatorOptions(At(61))), rules, Observe, T0, At(61));

        Assert.Empty(replay);
    }

    [Fact]
    public void Evaluate_RestartResumingFiringAlerts_DoesNotFireAgainAndResolvesTheSameKey()
    {
        var (rule, observe) = KindCase(AlertRuleKind.SystemDown, At(1), At(10));
        var (before, state) = RunWithState(Evaluator, [rule], observe, T0, At(5));
        var fired = Assert.IsType<AlertFired>(Assert.Single(before));
        var resumed = AlertEvaluatorState.Resume(state.Alerts.Values);

        var after = Run(new AlertEvaluator(new AlertEvaluatorOptions(At(6))), [rule], observe, At(6), At(20), state: resumed);

        var resolved = Assert.IsType<AlertResolved>(Assert.Single(after));
        Assert.Equal(fired.AlertKey, resolved.AlertKey);
        Assert.Equal(At(13), resolved.At);
    }

    [Fact]
    public void Evaluate_RuleDisabledWhileFiring_ResolvesWithReason()
    {
        var (rule, observe) = KindCase(AlertRuleKind.SystemDown, At(1), At(60));
        var (_, state) = RunWithState(Evaluator, [rule], observe, T0, At(5));

        var result = Evaluator.Evaluate([rule with { Enabled = false }], observe(At(6)), [], At(6), state);

        Assert.Equal(AlertResolved.ReasonRuleRemoved, Assert.IsType<AlertResolved>(Assert.Single(result.Transitions)).Reason);
        Assert.Empty(result.State.Alerts);
    }

    [Fact]
    public void Evaluate_UnitOutsideScope_DoesNotFire()
    {
        var (rule, observe) = KindCase(AlertRuleKind.SystemDown, At(1), At(60));

        Assert.Empty(Run(Evaluator, [rule with { Scope = AlertScope.OfUnit("26737") }], observe, T0, At(10)));
        Assert.Single(Run(Evaluator, [rule with { Scope = AlertScope.OfGroup("g", ["26737", Ward]) }], observe, T0, At(10)));
    }

    /// <summary>Down for 20 s, up for 20 s, over and over in [from, to); up otherwise.</summary>
    private static Func<DateTimeOffset, AlertObservations> Flapping(DateTimeOffset from, DateTimeOffset to) => now =>
    {
        if (now < from || now >= to)
        {
            return Systems(new SystemObservation(Ward, CivilStatus, SystemState.Up, now < from ? T0 : to));
        }
        var cycle = (long)((now - from).TotalSeconds / 20);
        var since = from + TimeSpan.FromSeconds(20 * cycle);
        return Systems(new SystemObservation(Ward, CivilStatus, cycle % 2 == 0 ? SystemState.Down : SystemState.Up, since));
    };

    [Fact]
    public void Evaluate_SourceSilentWithPeriod_FiresAfterThePeriodWithoutReports_NotAfterTheHourOfTheFreshnessPolicy()
    {
        // A ward's health every 15 s until minute 1, then nothing (the simulator's silent ward).
        var interval = TimeSpan.FromSeconds(15);
        var rule = Rule(AlertRuleKind.SourceSilent, hold: 0, clear: 5) with { PeriodMinutes = 5 };
        Assert.Empty(AlertValidatorErrors(rule));
        AlertObservations Observe(DateTimeOffset now) => AlertObservations.None with
        {
            Sources = [new SourceObservation("simulator", Ward, now < At(1) ? now : At(1), interval)],
        };

        var transitions = Run(Evaluator, [rule], Observe, T0, At(20));

        var fired = Assert.IsType<AlertFired>(Assert.Single(transitions));
        Assert.Equal(At(6), fired.Onset);
        Assert.Equal(At(6.5), fired.At);
        Assert.Equal([Ward], fired.Units);
        Assert.Contains("trong 5 phút", fired.Text, StringComparison.Ordinal);
        Assert.Contains("silent for 5 min", fired.TextEn, StringComparison.Ordinal);

        // Without a period the freshness policy's silent age stands (at least an hour).
        Assert.Empty(Run(Evaluator, [rule with { PeriodMinutes = null }], Observe, T0, At(20)));
    }

    [Fact]
    public void Evaluate_SourceSilentWithPeriod_ReportsAgain_Resolves()
    {
        var rule = Rule(AlertRuleKind.SourceSilent, hold: 0, clear: 2) with { PeriodMinutes = 3 };
        AlertObservations Observe(DateTimeOffset now) => AlertObservations.None with
        {
            Sources = [new SourceObservation("simulator", Ward, now < At(1) || now >= At(10) ? now : At(1), TimeSpan.FromSeconds(15))],
        };

        var transitions = Run(Evaluator, [rule], Observe, T0, At(20));

        Assert.Collection(transitions,
            t => Assert.Equal(At(4.5), Assert.IsType<AlertFired>(t).At),
            t => Assert.Equal(At(12), Assert.IsType<AlertResolved>(t).At));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(AlertRuleValidator.MaxPeriodMinutes + 1)]
    public void Validate_SourceSilentPeriodOutOfRange_IsNamed(int minutes) =>
        Assert.Contains(AlertValidatorErrors(Rule(AlertRuleKind.SourceSilent) with { PeriodMinutes = minutes }),
            e => e.StartsWith("periodMinutes", StringComparison.Ordinal));

    private static IReadOnlyList<string> AlertValidatorErrors(AlertRule rule) => AlertRuleValidator.Validate(rule);
}
