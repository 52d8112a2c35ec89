using System.Diagnostics;
using System.Globalization;

namespace AeThexLive.Benchmarks;

/// <summary>A benchmark's program started again: re-launched with the socket setting of the services, or as a helper process of its own.</summary>
public static class SelfLaunch
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// The load generator shares the two cores with the system under test: it runs with the socket
    /// setting Chat and the gateway have, which is read once at start-up, hence the re-launch.
    /// Returns the re-launched program's exit code, or null when this already is the re-launched one.
    /// </summary>
    public static async Task<int?> WithInlineSocketCompletionsAsync(IEnumerable<string> arguments)
    {
        if (Environment.GetEnvironmentVariable(InlineCompletions) == "1") return null;
        var relaunch = Start(arguments);
        relaunch.Environment[InlineCompletions] = "1";
        using var child = Process.Start(relaunch)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }

    /// <summary>This program again (as its own executable, or as <c>dotnet X.dll</c>), inheriting the environment.</summary>
    public static ProcessStartInfo Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!);
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(SelfLaunch).Assembly.Location);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    public static string Argument(int value) => value.ToString(CultureInfo.InvariantCulture);
}
