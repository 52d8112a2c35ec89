using System.Diagnostics;
using System.Text;
using Aspire.Hosting.Testing;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// One Playwright run of web/tests (Debian's Chromium against this platform's gateway, ffmpeg to its ingest), started
/// once per test run and awaited by <see cref="BrowserTests"/>. It starts when no class that stops services is left to
/// run, so it overlaps the remaining API tests instead of adding its minutes after them.
/// </summary>
public sealed class BrowserSuite
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    private static readonly Lock Gate = new();
    private static BrowserSuite? _run;

    private readonly StringBuilder _log = new();
    private readonly Process _playwright;

    public Task<int?> Exit { get; }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public static string WebFolder => Path.Combine(RepositoryPaths.Root, "web");

    public static BrowserSuite Start(PlatformFixture platform)
    {
        lock (Gate) return _run ??= new BrowserSuite(platform);
    }

    private BrowserSuite(PlatformFixture platform)
    {
        // While working on one page, a developer may run only its specs: AETHEX_BROWSER_SPECS="support-and-content".
        var specs = Environment.GetEnvironmentVariable("AETHEX_BROWSER_SPECS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var start = new ProcessStartInfo("npx", ["--no-install", "playwright", "test", .. specs])
        {
            WorkingDirectory = WebFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AETHEX_GATEWAY_URL"] = platform.App.GetEndpoint("gateway", "http").ToString().TrimEnd('/');
        start.Environment["AETHEX_RTMP_URL"] = platform.RtmpIngestUrl;
        start.Environment["AETHEX_MAIL_URL"] = platform.App.GetEndpoint("mail", "http").ToString().TrimEnd('/');
        start.Environment["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1";
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";

        _playwright = Process.Start(start)!;
        _playwright.OutputDataReceived += (_, e) => Line(e.Data);
        _playwright.ErrorDataReceived += (_, e) => Line(e.Data);
        _playwright.BeginOutputReadLine();
        _playwright.BeginErrorReadLine();
        Exit = WaitAsync();
    }

    /// <returns>Playwright's exit code, or null when it ran past <see cref="Limit"/> and was killed.</returns>
    private async Task<int?> WaitAsync()
    {
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await _playwright.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _playwright.Kill(entireProcessTree: true);
            await _playwright.WaitForExitAsync();
            return null;
        }
        // Let the last lines of output arrive before the report is read.
        _playwright.WaitForExit();
        return _playwright.ExitCode;
    }

    private void Line(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }
}
