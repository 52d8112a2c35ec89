using AeThexLive.TestSupport;

namespace AeThexLive.Benchmarks;

/// <summary>
/// Names the part of the platform a process is, from its command line, for <see cref="ProcessCpu"/>'s
/// tables. The AppHost starts each service from its built executable (services/X/bin/…/X,
/// gateway/bin/…/Gateway); the servers are named by their programs.
/// </summary>
public static class PlatformParts
{
    /// <param name="baselineFolder">A benchmark's own nginx serves from here (null: it has none).</param>
    /// <param name="ownCommand">An argument only the benchmark's own child processes carry, and their name.</param>
    /// <returns>The part's name, or null when the command line says nothing (then the process takes its parent's part).</returns>
    public static string? Of(string commandLine, string? baselineFolder = null, (string Argument, string Name)? ownCommand = null)
    {
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return null;
        if (ownCommand is { } own && words.Contains(own.Argument)) return own.Name;
        var program = Path.GetFileName(words[0]);
        if (program == "dotnet" && words.Length > 1) program = Path.GetFileNameWithoutExtension(words[1]);
        if (words[0].StartsWith(RepositoryPaths.Root, StringComparison.Ordinal))
        {
            return (program.StartsWith("AeThexLive.", StringComparison.Ordinal) ? program["AeThexLive.".Length..] : program).ToLowerInvariant();
        }
        return program switch
        {
            _ when program.StartsWith("nginx", StringComparison.Ordinal) =>
                baselineFolder is not null && commandLine.Contains(baselineFolder, StringComparison.Ordinal) ? "nginx (baseline)"
                : commandLine.Contains("master", StringComparison.Ordinal) ? "nginx (ingest)" : null,
            _ when program.StartsWith("postgres", StringComparison.Ordinal) => "postgres",
            _ when program.StartsWith("redis", StringComparison.Ordinal) => "redis",
            "beam.smp" or "erl_child_setup" or "epmd" or "inet_gethost" => "rabbitmq",
            "ffmpeg" => "ffmpeg (publisher)",
            _ when program.StartsWith("dcp", StringComparison.Ordinal) => "aspire dcp",
            _ => program,
        };
    }

    /// <summary>Text only this run's processes have in their command lines: its data folder, the services' and tools' executables (the Stripe sandbox) and Redis's address.</summary>
    public static string[] MarkersOf(string dataDirectory, int redisPort) =>
    [
        dataDirectory, Path.Combine(RepositoryPaths.Root, "services") + "/", Path.Combine(RepositoryPaths.Root, "gateway") + "/",
        Path.Combine(RepositoryPaths.Root, "tools") + "/",
        $"127.0.0.1:{redisPort}",
    ];
}
