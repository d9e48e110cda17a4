using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Events;

namespace OpsCenter.Collector.Admin;

/// <summary>
/// Re-applying a quarantined event under <c>/api/admin/v1/quarantine</c>. The aggregators hold the
/// quarantine (they read the log, never write the store), so the request is written to the log as
/// an instruction: every replica meets it at the same place and applies the event again.
/// </summary>
public static class QuarantineAdminApi
{
    /// <summary>The source name the collector writes instructions under (no source may be called so: ids are lowercase letters, digits and '-').</summary>
    public const string Source = "(admin)";

    public static RouteGroupBuilder MapQuarantineAdminApi(this RouteGroupBuilder admin)
    {
        var quarantine = admin.MapGroup("/quarantine").WithTags("Admin: quarantine");
        quarantine.MapPost("/{position}/reapply", Reapply).WithName("ReapplyQuarantinedEvent")
            .WithSummary("Asks every aggregator to apply a quarantined event again (after its cause is fixed); audited. 202: the instruction is in the log.");
        return quarantine;
    }

    internal static async Task<Results<Accepted, ValidationProblem>> Reapply(
        string position, IEventLog log, AdminStore admin, UnitCatalog units, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var valid = long.TryParse(position, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var at) && at > 0;
        var last = valid ? await log.LastPositionAsync(cancellationToken) : 0;
        var check = new AdminValidation()
            .Require(valid, "position", "A log position: a whole number from 1.")
            .Require(!valid || at <= last, "position", $"No event has this position yet (the log ends at {last}).");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var instruction = new ReapplyInstruction(at, user.Actor());
        var payload = JsonSerializer.Serialize(instruction, WireJson.Options);
        await log.AppendAsync(new AppendRequest(Source, Guid.NewGuid().ToString(), SHA256.HashData(Encoding.UTF8.GetBytes(payload)),
            [new NewEvent(ControlKinds.Reapply, units.City.Code, time.GetUtcNow(), payload)]), cancellationToken);
        await admin.AuditAsync(user.Actor(), "quarantine.reapply", at.ToString(System.Globalization.CultureInfo.InvariantCulture), instruction, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}
