using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using OpsCenter.Wall.Access;

namespace OpsCenter.Wall.Components.Pages.Admin;

/// <summary>
/// What every admin page shares: the collector's admin API acting for the signed-in person (so the
/// audit log names them), and one place for the answer of the last change (done, or why not).
/// </summary>
public abstract class AdminBase : ComponentBase
{
    [Inject]
    protected CollectorAdmin Admin { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>What the last change did, for the person who made it.</summary>
    protected string? Message { get; set; }

    /// <summary>Why the last change was refused (the collector's field errors).</summary>
    protected string? Problem { get; set; }

    /// <summary>The signed-in person. Pages read it here: a second cascading parameter of the same name in a page fails every render.</summary>
    protected async Task<ClaimsPrincipal?> UserAsync() => AuthenticationState is null ? null : (await AuthenticationState).User;

    protected async Task<string> ActorAsync() => (await UserAsync())?.Identity?.Name ?? "unknown";

    /// <summary>Reads for the page; a failure becomes <see cref="Problem"/> and the page keeps what it had.</summary>
    protected async Task<T?> ReadAsync<T>(Func<CancellationToken, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return await read(CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or AdminRequestException)
        {
            Problem = e.Message;
            return default;
        }
    }

    /// <summary>Runs a change; its refusal or failure becomes <see cref="Problem"/> instead of an error page.</summary>
    protected async Task<bool> ChangeAsync(Func<string, Task> change, string done)
    {
        Message = null;
        Problem = null;
        try
        {
            await change(await ActorAsync());
            Message = done;
            return true;
        }
        catch (AdminRequestException e)
        {
            Problem = e.Describe();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Problem = e.Message;
        }
        return false;
    }
}
