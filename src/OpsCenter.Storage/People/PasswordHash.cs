using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpsCenter.Storage.People;

/// <summary>
/// Passwords as PBKDF2-HMAC-SHA256 with a random 16-byte salt, stored as
/// <c>pbkdf2-sha256$iterations$salt$hash</c> so the cost can be raised later without breaking
/// existing hashes. Verification takes constant time in the hash comparison.
/// </summary>
public static class PasswordHash
{
    public const int Iterations = 210_000;
    private const string Scheme = "pbkdf2-sha256";

    public static string Create(string password) => Create(password, Iterations);

    internal static string Create(string password, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}

/// <summary>
/// The cost new password hashes get (<see cref="PasswordHash.Iterations"/> unless configured), with a
/// decoy of the same cost: a refusal must take as long as a check of a real password.
/// </summary>
public sealed class PasswordHashing(int iterations = PasswordHash.Iterations)
{
    private readonly Lazy<string> _decoy = new(() => PasswordHash.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), iterations));

    public int Iterations => iterations;

    /// <summary>A hash of nothing anyone knows, checked when there is no real one to check.</summary>
    public string Decoy => _decoy.Value;

    public string Create(string password) => PasswordHash.Create(password, iterations);

    private readonly Lazy<TimeSpan> _checkCost = new(() =>
    {
        var decoy = PasswordHash.Create("measure", iterations);
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 3; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            PasswordHash.Verify("measure", decoy);
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            slowest = took > slowest ? took : slowest;
        }
        return slowest;
    });

    /// <summary>
    /// How long a refused sign-in takes at least: twice the slowest of three password checks measured
    /// at first use. Every refusal is held to it, so that what else differs between refusals (a row
    /// read or not, written or updated) is hidden under one floor.
    /// </summary>
    public TimeSpan RefusalFloor => _checkCost.Value * 2;
}

