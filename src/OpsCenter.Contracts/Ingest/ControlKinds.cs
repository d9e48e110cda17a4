namespace OpsCenter.Contracts.Ingest;

/// <summary>
/// Events in the log that are not data but instructions to every reader of the log, written by the
/// collector on an administrator's request (never by a source). Being in the log, they reach every
/// aggregator replica in the same order as the data.
/// </summary>
public static class ControlKinds
{
    /// <summary>Apply a quarantined event again (payload: <see cref="ReapplyInstruction"/>); the unit is the city's.</summary>
    public const string Reapply = "control.reapply";
}

/// <summary>Which quarantined event to apply again, and who asked.</summary>
public sealed record ReapplyInstruction(long Position, string By);
