using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Admin;
using OpsCenter.Domain.People;
using OpsCenter.Domain.Text;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.People;

namespace OpsCenter.Collector.Admin;

public sealed class PeopleOptions
{
    public const string Section = "Collector:People";

    /// <summary>Attempts per account and client address before each further one must wait.</summary>
    public int FreeTries { get; set; } = SignInPolicy.Default.FreeTries;

    /// <summary>The first wait; it doubles with each further failure up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; set; } = SignInPolicy.Default.FirstDelay;

    public TimeSpan MaxDelay { get; set; } = SignInPolicy.Default.MaxDelay;

    /// <summary>PBKDF2 iterations of new password hashes (and of the decoy checked for unknown names).</summary>
    public int HashIterations { get; set; } = PasswordHash.Iterations;

    /// <summary>An administrator in configuration, for when the store's accounts cannot sign in (see README).</summary>
    public BreakGlassOptions BreakGlass { get; } = new();

    public SignInPolicy Policy => new(FreeTries, FirstDelay, MaxDelay);

    /// <summary>People created at start when missing (never overwritten): the first administrator of a new center.</summary>
    public List<SeedPerson> Seed { get; } = [];
}

public sealed class BreakGlassOptions
{
    public string Username { get; set; } = "";

    /// <summary>A hash made by <c>dotnet run --project src/OpsCenter.Collector -- hash-password</c>, never a password.</summary>
    public string PasswordHash { get; set; } = "";

    public BreakGlassAccount? Account => Username.Length > 0 && PasswordHash.StartsWith("pbkdf2-sha256$", StringComparison.Ordinal)
        ? new BreakGlassAccount(Username, PasswordHash)
        : null;
}

public sealed class SeedPerson
{
    public string Username { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string Role { get; set; } = Roles.Admin;

    public string? Unit { get; set; }

    public string Password { get; set; } = "";
}

/// <summary>
/// People under <c>/api/admin/v1/people</c>. The Wall signs people in by asking
/// <c>POST /people/sign-in</c> with its admin key; the password never leaves this service hashed or not.
/// </summary>
public static class PeopleAdminApi
{
    public const int MinPasswordLength = 10;

    public static RouteGroupBuilder MapPeopleAdminApi(this RouteGroupBuilder admin)
    {
        var people = admin.MapGroup("/people").WithTags("Admin: people");
        people.MapGet("/", List).WithName("ListPeople").WithSummary("Everyone who can sign in, with role, unit and lockout state; never passwords.");
        people.MapGet("/{username}", Get).WithName("GetPerson");
        people.MapPut("/{username}", Put).WithName("SavePerson").WithSummary("Creates a person (password required) or changes role, unit, name, disabled (audited).");
        people.MapPost("/{username}/password", SetPassword).WithName("SetPassword").WithSummary("Sets a new password and lifts a lockout (audited).");
        people.MapPost("/{username}/unlock", Unlock).WithName("UnlockPerson").WithSummary("Lifts the sign-in delay of every client address (audited).");
        people.MapPost("/{username}/sign-out", SignOut).WithName("SignOutPerson").WithSummary("Ends every session of the person: a new security stamp (audited).");
        people.MapGet("/{username}/session", GetSession).WithName("GetPersonSession")
            .WithSummary("Role, unit, disabled and security stamp: what the Wall checks a session against on every request.");
        people.MapDelete("/{username}", Delete).WithName("DeletePerson");
        people.MapPost("/sign-in", SignIn).WithName("SignIn").WithSummary("Checks a password; counts failures and locks the account after too many.");
        return people;
    }

    internal static async Task<Ok<PersonInfo[]>> List(PeopleStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(Info).ToArray());

    internal static async Task<Results<Ok<PersonInfo>, NotFound>> Get(string username, PeopleStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(username, cancellationToken) is { } person ? TypedResults.Ok(Info(person)) : TypedResults.NotFound();

    internal static async Task<Results<Ok<PersonInfo>, Created<PersonInfo>, ValidationProblem>> Put(
        string username, PersonRequest request, PeopleStore store, UnitCatalog units, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync(username, cancellationToken);
        var check = Validate(username, request, units, creating: existing is null);
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var unit = request.Role == Roles.Department ? request.Unit : null;
        if (existing is null)
        {
            if (!await store.CreateAsync(username, request.DisplayName!.Trim(), request.Role!, unit, request.Password!, user.Actor(), cancellationToken,
                    request.Email is { Length: > 0 } email ? email : null))
            {
                return new AdminValidation().Require(false, "username", "This username was just taken.").Problem();
            }
            if (request.Disabled == true)
            {
                await store.UpdateAsync(username, request.DisplayName!.Trim(), request.Role!, unit, true, user.Actor(), cancellationToken);
            }
            return TypedResults.Created($"/api/admin/v1/people/{PeopleStore.Normalize(username)}", Info((await store.FindAsync(username, cancellationToken))!));
        }
        await store.UpdateAsync(username, request.DisplayName!.Trim(), request.Role!, unit, request.Disabled ?? existing.Disabled, user.Actor(), cancellationToken);
        if (request.Email is not null && (request.Email.Length > 0 ? request.Email : null) is var newEmail && newEmail != existing.Email)
        {
            await store.SetEmailAsync(username, newEmail, user.Actor(), cancellationToken);
        }
        if (request.Password is not null)
        {
            await store.SetPasswordAsync(username, request.Password, user.Actor(), cancellationToken);
        }
        return TypedResults.Ok(Info((await store.FindAsync(username, cancellationToken))!));
    }

    internal static async Task<Results<NoContent, NotFound, ValidationProblem>> SetPassword(
        string username, PasswordRequest request, PeopleStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var check = new AdminValidation().Require(IsGoodPassword(request.Password), "password", PasswordRule);
        if (!check.IsValid)
        {
            return check.Problem();
        }
        return await store.SetPasswordAsync(username, request.Password!, user.Actor(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    internal static async Task<Results<NoContent, NotFound>> Unlock(string username, PeopleStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.UnlockAsync(username, user.Actor(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static async Task<Results<NoContent, NotFound>> SignOut(string username, PeopleStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.EndSessionsAsync(username, user.Actor(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static async Task<Results<Ok<PersonSessionInfo>, NotFound>> GetSession(
        string username, PeopleStore store, IOptions<PeopleOptions> options, CancellationToken cancellationToken)
    {
        if (options.Value.BreakGlass.Account is { } breakGlass && PeopleStore.Normalize(breakGlass.Username) == PeopleStore.Normalize(username))
        {
            return TypedResults.Ok(new PersonSessionInfo(PeopleStore.Normalize(username), Roles.Admin, null, false, breakGlass.Stamp));
        }
        return await store.SessionAsync(username, cancellationToken) is { } session
            ? TypedResults.Ok(new PersonSessionInfo(session.Username, session.Role, session.Unit, session.Disabled, session.Stamp))
            : TypedResults.NotFound();
    }

    internal static async Task<Results<NoContent, NotFound>> Delete(string username, PeopleStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.DeleteAsync(username, user.Actor(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static async Task<Results<Ok<SignInAnswer>, ValidationProblem>> SignIn(
        SignInRequest request, PeopleStore store, PasswordHashing hashing, IOptions<PeopleOptions> options, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var check = new AdminValidation()
            .Require(!string.IsNullOrWhiteSpace(request.Username) && request.Username.Length <= 64, "username", "Required, at most 64 characters.")
            .Require(!string.IsNullOrEmpty(request.Password) && request.Password.Length <= 256, "password", "Required, at most 256 characters.")
            .Require(request.Client is null || request.Client.Length <= 64, "client", "At most 64 characters: an IP address.");
        if (!check.IsValid)
        {
            return check.Problem();
        }
        var result = await store.SignInAsync(request.Username!, request.Password!, request.Client ?? "", options.Value.Policy,
            options.Value.BreakGlass.Account, cancellationToken);
        if (result.Outcome != SignInOutcome.SignedIn && hashing.RefusalFloor - System.Diagnostics.Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } rest)
        {
            // Every refusal answers no sooner than the floor: unknown, waiting, disabled and wrong look alike.
            await Task.Delay(rest, cancellationToken);
        }
        var outcome = result.Outcome switch
        {
            SignInOutcome.SignedIn => SignInOutcomes.SignedIn,
            SignInOutcome.Delayed => SignInOutcomes.Delayed,
            SignInOutcome.Disabled => SignInOutcomes.Disabled,
            _ => SignInOutcomes.WrongPassword,
        };
        // Only a successful sign-in tells who the person is.
        return TypedResults.Ok(new SignInAnswer(outcome, result.Outcome == SignInOutcome.SignedIn && result.Person is { } person ? Info(person) : null,
            result.DelayedUntil, result.Stamp));
    }

    /// <summary>The stored person as the contract shows them.</summary>
    internal static PersonInfo Info(PersonRecord p) =>
        new(p.Username, p.DisplayName, p.Role, p.Unit, p.Disabled, p.FailedSignIns, p.LockedUntil, p.CreatedAt, p.LastSignInAt, p.Email);

    private const string PasswordRule = $"At least 10 characters, at most 256.";

    private static bool IsGoodPassword(string? password) => password is { Length: >= MinPasswordLength and <= 256 };

    private static AdminValidation Validate(string username, PersonRequest request, UnitCatalog units, bool creating) =>
        new AdminValidation()
            .Require(UsernamePattern.IsMatch(username), "username", "3-64 letters, digits or . _ @ -.")
            .Name(request.DisplayName, "displayName")
            .Require(Roles.IsPersonRole(request.Role), "role", $"One of {string.Join(", ", Roles.People)}.")
            .Require(request.Role != Roles.Department || (request.Unit is not null && units.Contains(request.Unit)), "unit",
                "A department person needs the code of the one unit they see (e.g. 26740 or SNV).")
            .Require(creating ? IsGoodPassword(request.Password) : request.Password is null || IsGoodPassword(request.Password), "password", PasswordRule)
            .Require(request.Email is null or "" || IsGoodEmail(request.Email), "email",
                "A plain e-mail address (name@domain.vn), at most 254 characters, no spaces or invisible characters; \"\" removes it.");

    /// <summary>A deliberately strict, simple address: ASCII local part and dotted host name, nothing a mail header could be tricked with.</summary>
    internal static bool IsGoodEmail(string email) =>
        email.Length <= 254 && FreeText.Problem(email) is null && EmailPattern.IsMatch(email) && email.IndexOf('@', StringComparison.Ordinal) <= 64;

    private static readonly System.Text.RegularExpressions.Regex EmailPattern =
        new(@"^[A-Za-z0-9_+-]+(\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\z",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly System.Text.RegularExpressions.Regex UsernamePattern =
        new(@"^[\p{L}\p{N}._@-]{3,64}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}

/// <summary>Creates the configured people that do not exist yet; never changes an existing one.</summary>
internal sealed class PeopleSeeder(IOptions<PeopleOptions> options, PeopleStore store, ILogger<PeopleSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var seed in options.Value.Seed.Where(s => s.Username.Length > 0 && s.Password.Length > 0))
        {
            if (await store.FindAsync(seed.Username, cancellationToken) is null
                && await store.CreateAsync(seed.Username, seed.DisplayName.Length > 0 ? seed.DisplayName : seed.Username, seed.Role,
                    seed.Role == Roles.Department ? seed.Unit : null, seed.Password, "configuration", cancellationToken))
            {
                logger.LogInformation("Seeded person {Username} ({Role})", seed.Username, seed.Role);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
