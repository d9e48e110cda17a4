using Xunit.Sdk;
using Xunit.v3;

namespace OpsCenter.Simulator.SystemTests;

/// <summary>
/// The scenario and load tests, one at a time (<c>normal</c> switches every scenario off, and the
/// load mode's dossiers would look like a surge). Those that act on health run first, while the
/// backfill is still going on; those that need it in (<see cref="AfterBackfillAttribute"/>, and
/// the load tests) run after them, so the collection waits for the backfill once, not first.
/// </summary>
[CollectionDefinition(Name)]
[TestClassOrderer(typeof(ScenarioCollection))]
[TestMethodOrderer(typeof(ScenarioCollection))]
public sealed class ScenarioCollection : ITestClassOrderer, ITestMethodOrderer
{
    public const string Name = "scenarios and load, one at a time";

    public IReadOnlyCollection<TTestClass?> OrderTestClasses<TTestClass>(IReadOnlyCollection<TTestClass?> testClasses)
        where TTestClass : ITestClass =>
        [.. testClasses.OrderBy(c => c?.TestClassName == typeof(LoadModeTests).FullName ? 1 : 0)];

    public IReadOnlyCollection<TTestMethod?> OrderTestMethods<TTestMethod>(IReadOnlyCollection<TTestMethod?> testMethods)
        where TTestMethod : ITestMethod =>
        [.. testMethods.OrderBy(m => m is IXunitTestMethod x && x.Method.IsDefined(typeof(AfterBackfillAttribute), inherit: false) ? 1 : 0)];
}

/// <summary>The test waits for the simulator's backfill to be in (its figures move until then).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AfterBackfillAttribute : Attribute;
