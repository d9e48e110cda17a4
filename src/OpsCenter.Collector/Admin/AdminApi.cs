using OpsCenter.Collector.Alerts.Channels;
using OpsCenter.Collector.Alerts.Mail;

namespace OpsCenter.Collector.Admin;

/// <summary>Everything an administrator configures, under <c>/api/admin/v1</c>, admin key required.</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/v1").RequireAuthorization(AdminPolicies.Admin);
        admin.MapSourcesAdminApi();
        admin.MapConfigurationAdminApi();
        admin.MapIndexSheetApi();
        admin.MapPeopleAdminApi();
        admin.MapDevicesAdminApi();
        admin.MapEmbedTokensAdminApi();
        admin.MapQuarantineAdminApi();
        admin.MapAlertMailAdminApi();
        admin.MapAlertChannelsAdminApi();
        admin.MapAlertsAdminApi();
        app.MapAlertTransitionsApi();
        return admin;
    }
}
