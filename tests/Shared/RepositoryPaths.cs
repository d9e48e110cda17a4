namespace OpsCenter.Tests;

/// <summary>Where the checkout is, for tests that read its files (layouts, dashboards) or write into it (screenshots).</summary>
public static class RepositoryPaths
{
    /// <summary>The checkout's root: the folder holding OpsCenter.sln above the test binaries.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OpsCenter.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("OpsCenter.sln was not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Screenshot(string name)
    {
        var folder = Path.Combine(Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
