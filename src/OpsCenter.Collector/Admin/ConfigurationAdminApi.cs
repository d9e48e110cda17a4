using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Contracts.Admin;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Admin;

namespace OpsCenter.Collector.Admin;

/// <summary>Groups, units' own systems, maintenance windows, thresholds and the audit log under <c>/api/admin/v1</c>.</summary>
public static class ConfigurationAdminApi
{
    /// <summary>The settings row the thresholds are stored in.</summary>
    public const string ThresholdsSetting = "thresholds";

    public static RouteGroupBuilder MapConfigurationAdminApi(this RouteGroupBuilder admin)
    {
        var groups = admin.MapGroup("/groups").WithTags("Admin: groups");
        groups.MapGet("/", ListGroups).WithName("ListGroups").WithSummary("The built-in groups and the operators' own.");
        groups.MapPut("/{id}", PutGroup).WithName("SaveGroup");
        groups.MapDelete("/{id}", DeleteGroup).WithName("DeleteGroup");

        var units = admin.MapGroup("/units").WithTags("Admin: units");
        units.MapGet("/", ListUnits).WithName("ListUnits").WithSummary("Every unit with its systems: the six standard ones and its own.");
        units.MapPut("/{code}/systems/{system}", PutUnitSystem).WithName("SaveUnitSystem");
        units.MapDelete("/{code}/systems/{system}", DeleteUnitSystem).WithName("DeleteUnitSystem");

        var maintenance = admin.MapGroup("/maintenance").WithTags("Admin: maintenance");
        maintenance.MapGet("/", ListMaintenance).WithName("ListMaintenance").WithSummary("Windows that have not ended yet.");
        maintenance.MapPost("/", PostMaintenance).WithName("CreateMaintenance");
        maintenance.MapDelete("/{id}", DeleteMaintenance).WithName("DeleteMaintenance");

        admin.MapGet("/thresholds", GetThresholds).WithTags("Admin: thresholds").WithName("GetThresholds");
        admin.MapPut("/thresholds", PutThresholds).WithTags("Admin: thresholds").WithName("SaveThresholds");

        admin.MapGet("/audit", ListAudit).WithTags("Admin: audit").WithName("ListAudit").WithSummary("Every change, newest first.");
        return admin;
    }

    internal static async Task<Ok<GroupInfo[]>> ListGroups(AdminStore store, UnitCatalog units, UnitLineage lineage, CancellationToken cancellationToken)
    {
        var builtIn = UnitGroup.Defaults(units, lineage).Select(g => new GroupInfo(g.Id, g.Name, g.NameEn, g.Units));
        return TypedResults.Ok(builtIn.Concat((await store.ListGroupsAsync(cancellationToken)).Select(Info)).ToArray());
    }

    internal static async Task<Results<Ok<GroupInfo>, ValidationProblem>> PutGroup(
        string id, GroupRequest request, AdminStore store, UnitCatalog units, UnitLineage lineage, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var unknown = request.Units?.FirstOrDefault(u => !units.Contains(u));
        var check = new AdminValidation().Id(id, "id").Name(request.Name, "name").Name(request.NameEn, "nameEn")
            .Require(UnitGroup.Defaults(units, lineage).All(g => g.Id != id), "id", "A built-in group cannot be changed.")
            .Require(request.Units is { Count: > 0 }, "units", "At least one unit.")
            .Require(unknown is null, "units", $"Unknown unit code '{unknown}'.");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var group = new GroupRecord(id, request.Name!, request.NameEn!, [.. request.Units!.Distinct()]);
        await store.SaveGroupAsync(group, user.Actor(), cancellationToken);
        return TypedResults.Ok(Info(group));
    }

    internal static async Task<Results<NoContent, NotFound>> DeleteGroup(string id, AdminStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.DeleteGroupAsync(id, user.Actor(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static async Task<Ok<UnitInfo[]>> ListUnits(AdminStore store, UnitCatalog units, CancellationToken cancellationToken)
    {
        var own = (await store.ListUnitSystemsAsync(cancellationToken)).ToLookup(s => s.Unit);
        return TypedResults.Ok(units.All.Select(u => new UnitInfo(u.Code, u.Name, u.Kind,
            [.. SystemCatalog.Standard, .. own[u.Code].Select(s => new SystemKind(s.System, s.Name, s.NameEn))])).ToArray());
    }

    internal static async Task<Results<Ok<UnitSystemInfo>, ValidationProblem, NotFound>> PutUnitSystem(
        string code, string system, UnitSystemRequest request, AdminStore store, UnitCatalog units, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!units.Contains(code))
        {
            return TypedResults.NotFound();
        }
        var check = new AdminValidation().Id(system, "system").Name(request.Name, "name").Name(request.NameEn, "nameEn")
            .Require(SystemCatalog.Find(system) is null, "system", "That is a standard system already.");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var record = new UnitSystemRecord(code, system, request.Name!, request.NameEn!);
        await store.SaveUnitSystemAsync(record, user.Actor(), cancellationToken);
        return TypedResults.Ok(new UnitSystemInfo(record.Unit, record.System, record.Name, record.NameEn));
    }

    internal static async Task<Results<NoContent, NotFound>> DeleteUnitSystem(string code, string system, AdminStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.DeleteUnitSystemAsync(code, system, user.Actor(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static async Task<Ok<MaintenanceInfo[]>> ListMaintenance(AdminStore store, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListMaintenanceAsync(time.GetUtcNow(), cancellationToken)).Select(Info).ToArray());

    internal static async Task<Results<Created<MaintenanceInfo>, ValidationProblem>> PostMaintenance(
        MaintenanceRequest request, AdminStore store, UnitCatalog units, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var check = new AdminValidation()
            .Require(request.Unit is not null && units.Contains(request.Unit), "unit", "A known unit code.")
            .Require(request.System is null || request.System.Length is > 0 and <= 64, "system", "A system code, or null for all the unit's systems.")
            .Require(request.StartsAt is not null, "startsAt", "Required.")
            .Require(request.EndsAt is { } end && end > (request.StartsAt ?? DateTimeOffset.MaxValue) && end > time.GetUtcNow(), "endsAt", "After startsAt and in the future.")
            .Require(request.EndsAt - request.StartsAt is not { } span || span <= TimeSpan.FromDays(31), "endsAt", "A window lasts at most 31 days.")
            .Name(request.Reason, "reason", 300);
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var window = new MaintenanceWindow(Guid.NewGuid().ToString("N")[..12], request.Unit!, request.System, request.StartsAt!.Value.ToUniversalTime(),
            request.EndsAt!.Value.ToUniversalTime(), request.Reason!, user.Actor());
        await store.SaveMaintenanceAsync(window, cancellationToken);
        return TypedResults.Created($"/api/admin/v1/maintenance/{window.Id}", Info(window));
    }

    internal static async Task<Results<NoContent, NotFound>> DeleteMaintenance(string id, AdminStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.DeleteMaintenanceAsync(id, user.Actor(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static async Task<Ok<Thresholds>> GetThresholds(AdminStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetSettingAsync(ThresholdsSetting, cancellationToken) is { } json
            ? JsonSerializer.Deserialize<Thresholds>(json, JsonSerializerOptions.Web) ?? new Thresholds()
            : new Thresholds());

    internal static async Task<Results<Ok<Thresholds>, ValidationProblem>> PutThresholds(Thresholds request, AdminStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var check = new AdminValidation()
            .Require(request.FreshUpTo is > 0 and <= 100, "freshUpTo", "Between 0 and 100 intervals.")
            .Require(request.LateUpTo > request.FreshUpTo && request.LateUpTo <= 1000, "lateUpTo", "Greater than freshUpTo.")
            .Require(request.StaleUpTo > request.LateUpTo && request.StaleUpTo <= 10000, "staleUpTo", "Greater than lateUpTo.")
            .Require(request.StaleAtLeastMinutes is >= 1 and <= 10080, "staleAtLeastMinutes", "From 1 minute to 7 days.")
            .Require(request.NearlyDueWorkingDays is >= 0 and <= 30, "nearlyDueWorkingDays", "From 0 to 30 working days.")
            .Require(request.NearlyDueShareOfAllowedTime is >= 0 and <= 1, "nearlyDueShareOfAllowedTime", "A share from 0 to 1.");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        await store.SaveSettingAsync(ThresholdsSetting, JsonSerializer.Serialize(request, JsonSerializerOptions.Web), user.Actor(), cancellationToken);
        return TypedResults.Ok(request);
    }

    internal static async Task<Results<Ok<AuditInfo[]>, ValidationProblem>> ListAudit(AdminStore store, CancellationToken cancellationToken, int limit = 100, string? target = null)
    {
        if (limit is < 1 or > 1000)
        {
            return new AdminValidation().Require(false, "limit", "From 1 to 1000.").Problem();
        }
        return TypedResults.Ok((await store.ListAuditAsync(limit, target, cancellationToken))
            .Select(a => new AuditInfo(a.Id, a.At, a.Actor, a.Action, a.Target, a.Details)).ToArray());
    }

    private static GroupInfo Info(GroupRecord g) => new(g.Id, g.Name, g.NameEn, g.Units);

    private static MaintenanceInfo Info(MaintenanceWindow m) => new(m.Id, m.Unit, m.System, m.StartsAt, m.EndsAt, m.Reason, m.CreatedBy);
}
