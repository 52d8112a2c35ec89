namespace AeThexLive.TestSupport;

public static class RepositoryPaths
{
    /// <summary>The repository root: the folder holding AeThexLive.sln above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string LocalScripts => Path.Combine(Root, "AppHost", "scripts", "local");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AeThexLive.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("AeThexLive.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A fresh folder for one test run's server data, readable by the service accounts the servers run as.</summary>
    public static string NewDataDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), $"aethex-test-{purpose}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }
}
