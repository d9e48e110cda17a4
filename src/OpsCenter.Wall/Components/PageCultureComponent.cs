using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace OpsCenter.Wall.Components;

/// <summary>
/// A component re-rendered by something other than its page's own circuit: the live mirror, the
/// query feed, a layout file, a timer. Blazor runs such a render under the culture of whichever
/// thread raised the event (a hub connection's, the process default), not the page's, so numbers
/// and dates on a Vietnamese wall would switch to English formats and back. The page's cultures
/// are captured when the component is created (always within its circuit) and every render asked
/// for through <see cref="InvokeInPageCultureAsync"/> runs under them.
/// </summary>
public abstract class PageCultureComponent : ComponentBase
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    /// <summary>Runs <paramref name="work"/> (which may call StateHasChanged) on the circuit, under the page's cultures.</summary>
    protected Task InvokeInPageCultureAsync(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return InvokeAsync(() =>
        {
            // Set within the dispatched work's own execution context: restored when it returns,
            // and carried into anything the render awaits.
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
            work();
        });
    }
}
