using System.Text;

namespace OpsCenter.Simulator.City;

/// <summary>
/// Random generators derived from the seed and a name (unit, day, dossier number...). Each
/// dossier or day gets its own generator, so what one unit does never shifts another's numbers
/// and a restart regenerates exactly the same city. FNV-1a, because string.GetHashCode is
/// randomised per process.
/// </summary>
internal static class Seeded
{
    public static Random For(int seed, string name) => new(Hash(seed, name));

    public static int Hash(int seed, string name)
    {
        var hash = 2166136261u ^ (uint)seed;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return (int)(hash & 0x7FFFFFFF);
    }

    /// <summary>A uniform number in [min, max).</summary>
    public static double Between(this Random random, double min, double max) => min + (random.NextDouble() * (max - min));

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;
}
