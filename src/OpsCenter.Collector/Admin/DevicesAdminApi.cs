using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OpsCenter.Contracts.Admin;
using OpsCenter.Domain.People;
using OpsCenter.Storage.People;

namespace OpsCenter.Collector.Admin;

/// <summary>
/// Wall screens under <c>/api/admin/v1/devices</c>. The Wall starts a pairing for a new screen and
/// checks screens' tokens with its admin key; people approve, move and revoke screens through the
/// Wall's admin pages.
/// </summary>
public static class DevicesAdminApi
{
    public static RouteGroupBuilder MapDevicesAdminApi(this RouteGroupBuilder admin)
    {
        var devices = admin.MapGroup("/devices").WithTags("Admin: devices");
        devices.MapGet("/", List).WithName("ListDevices").WithSummary("Screens: waiting (with their code), active (with their view) and revoked.");
        devices.MapPost("/pairings", StartPairing).WithName("StartPairing").WithSummary("A new screen: its token (returned once) and the code it shows.");
        devices.MapPost("/approve", Approve).WithName("ApproveDevice").WithSummary("Approves the screen showing a code and assigns its view (audited).");
        devices.MapPost("/authenticate", Authenticate).WithName("AuthenticateDevice").WithSummary("The screen a token belongs to, with its status and view.");
        devices.MapPut("/{id}", Update).WithName("UpdateDevice").WithSummary("Renames a screen or moves it to another view (audited).");
        devices.MapPost("/{id}/revoke", Revoke).WithName("RevokeDevice").WithSummary("Cuts a screen off at once (audited).");
        devices.MapDelete("/{id}", Delete).WithName("DeleteDevice");
        return devices;
    }

    internal static async Task<Ok<DeviceInfo[]>> List(DeviceStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(Info).ToArray());

    internal static async Task<Created<NewDevicePairing>> StartPairing(DeviceStore store, CancellationToken cancellationToken)
    {
        var pairing = await store.StartPairingAsync(cancellationToken);
        return TypedResults.Created($"/api/admin/v1/devices/{pairing.Device.Id}", new NewDevicePairing(Info(pairing.Device), pairing.Token));
    }

    internal static async Task<Results<Ok<DeviceInfo>, NotFound<ProblemShape>, ValidationProblem>> Approve(
        DeviceApproval request, DeviceStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var check = new AdminValidation()
            .Require(request.Code is not null && DeviceStore.NormalizeCode(request.Code).Length == 6, "code", "The 6-character code the screen shows.")
            .Name(request.Name, "name", 100)
            .Id(request.View, "view");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        return await store.ApproveAsync(request.Code!, request.Name!.Trim(), request.View!, user.Actor(), cancellationToken) is { } device
            ? TypedResults.Ok(Info(device))
            : TypedResults.NotFound(new ProblemShape("No screen is waiting with this code", 404, "Check the code on the screen; a code is valid for one hour."));
    }

    internal static async Task<Results<Ok<DeviceInfo>, NotFound, ValidationProblem>> Authenticate(
        DeviceTokenRequest request, DeviceStore store, CancellationToken cancellationToken)
    {
        var check = new AdminValidation().Require(request.Token is { Length: > 0 and <= 200 }, "token", "Required.");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        return await store.AuthenticateAsync(request.Token!, cancellationToken) is { } device ? TypedResults.Ok(Info(device)) : TypedResults.NotFound();
    }

    internal static async Task<Results<NoContent, NotFound, ValidationProblem>> Update(
        string id, DeviceUpdate request, DeviceStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var check = new AdminValidation().Name(request.Name, "name", 100).Id(request.View, "view");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        return await store.UpdateAsync(id, request.Name!.Trim(), request.View!, user.Actor(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    internal static async Task<Results<NoContent, NotFound>> Revoke(string id, DeviceStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.RevokeAsync(id, user.Actor(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static async Task<Results<NoContent, NotFound>> Delete(string id, DeviceStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.DeleteAsync(id, user.Actor(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>The stored screen as the contract shows it (its token hash stays in the store).</summary>
    internal static DeviceInfo Info(DeviceRecord d) =>
        new(d.Id, d.Name, d.Status, d.PairingCode, d.PairingExpiresAt, d.View, d.CreatedAt, d.ApprovedAt, d.ApprovedBy, d.LastSeenAt);
}

/// <summary>A problem body for answers that are not validation problems.</summary>
public sealed record ProblemShape(string Title, int Status, string Detail);
