using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OpsCenter.Domain.Units;

public static class UnitCatalogRegistration
{
    /// <summary>The configuration key naming the catalogue: <c>hcmc</c> (default) or <c>national</c>.</summary>
    public const string CatalogueKey = "Units:Catalogue";

    /// <summary>
    /// Registers the unit catalogue (which units' data is accepted and shown, from
    /// <see cref="CatalogueKey"/>) and the old-to-new unit lineage of Ho Chi Minh City: the one way
    /// every service gets them.
    /// </summary>
    public static IServiceCollection AddUnitCatalog(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => UnitCatalog.Load(sp.GetRequiredService<IConfiguration>()[CatalogueKey]));
        services.TryAddSingleton(sp => UnitLineage.LoadHcmc(sp.GetRequiredService<UnitCatalog>()));
        return services;
    }
}
