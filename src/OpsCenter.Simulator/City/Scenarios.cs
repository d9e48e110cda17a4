namespace OpsCenter.Simulator.City;

/// <summary>Which scenarios are on, and since when. Thread-safe; feeds read it on every tick.</summary>
public sealed class ScenarioState(TimeProvider? time = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _active = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public event Action<string, bool>? Changed;

    public IReadOnlyList<string> Active
    {
        get
        {
            lock (_lock)
            {
                return [.. _active.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    public bool IsOn(string name)
    {
        lock (_lock)
        {
            return _active.ContainsKey(name);
        }
    }

    /// <summary>When the scenario was switched on, or null while it is off.</summary>
    public DateTimeOffset? Since(string name)
    {
        lock (_lock)
        {
            return _active.TryGetValue(name, out var since) ? since : null;
        }
    }

    /// <summary>Switches a scenario on; <c>normal</c> switches every other one off.</summary>
    public bool Activate(string name)
    {
        if (!ScenarioNames.All.Contains(name, StringComparer.Ordinal))
        {
            return false;
        }
        if (name == ScenarioNames.Normal)
        {
            foreach (var active in Active)
            {
                Deactivate(active);
            }
            return true;
        }
        bool added;
        lock (_lock)
        {
            added = _active.TryAdd(name, _time.GetUtcNow());
        }
        if (added)
        {
            Changed?.Invoke(name, true);
        }
        return true;
    }

    public bool Deactivate(string name)
    {
        if (!ScenarioNames.All.Contains(name, StringComparer.Ordinal))
        {
            return false;
        }
        bool removed;
        lock (_lock)
        {
            removed = _active.Remove(name);
        }
        if (removed)
        {
            Changed?.Invoke(name, false);
        }
        return true;
    }
}
