using System.Diagnostics;
using System.Text;
using Aspire.Hosting.Testing;
using Xunit.Abstractions;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// The web app in a real browser: Playwright (web/tests) drives Debian's Chromium against this
/// platform's gateway, and broadcasts with ffmpeg to its ingest. Its output streams into the
/// test's output; a failure carries Playwright's report. Screenshots land in web/screenshots.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BrowserTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task A_creator_goes_live_from_the_web_app_and_a_viewer_watches_chats_votes_and_follows()
    {
        var web = Path.Combine(RepositoryPaths.Root, "web");
        Assert.True(File.Exists(Path.Combine(web, "node_modules", "@playwright", "test", "package.json")),
            "The web app's packages are not installed: run AppHost/scripts/setup.sh (npm ci in web/).");
        Assert.True(File.Exists(Path.Combine(web, "dist", "index.html")), "The web app is not built: run AppHost/scripts/setup.sh.");

        // While working on one page, a developer may run only its specs: AETHEX_BROWSER_SPECS="support-and-content".
        var specs = Environment.GetEnvironmentVariable("AETHEX_BROWSER_SPECS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var start = new ProcessStartInfo("npx", ["--no-install", "playwright", "test", .. specs])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AETHEX_GATEWAY_URL"] = platform.App.GetEndpoint("gateway", "http").ToString().TrimEnd('/');
        start.Environment["AETHEX_RTMP_URL"] = platform.RtmpIngestUrl;
        start.Environment["AETHEX_MAIL_URL"] = platform.App.GetEndpoint("mail", "http").ToString().TrimEnd('/');
        start.Environment["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1";
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";

        var log = new StringBuilder();
        var finished = false;
        void Line(string? line)
        {
            if (line is null) return;
            lock (log)
            {
                log.AppendLine(line);
                // xunit refuses output once the test has ended; late lines only go to the log.
                if (!finished) output.WriteLine(line);
            }
        }

        using var playwright = Process.Start(start)!;
        playwright.OutputDataReceived += (_, e) => Line(e.Data);
        playwright.ErrorDataReceived += (_, e) => Line(e.Data);
        playwright.BeginOutputReadLine();
        playwright.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await playwright.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            playwright.Kill(entireProcessTree: true);
            await playwright.WaitForExitAsync();
        }
        // Let the last lines of output arrive before reading the report.
        playwright.WaitForExit();
        lock (log) finished = true;

        Assert.True(playwright.ExitCode == 0 && !timeout.IsCancellationRequested,
            $"Playwright {(timeout.IsCancellationRequested ? $"ran past {Limit.TotalMinutes} minutes" : $"failed (exit {playwright.ExitCode})")}:\n{log}");
    }
}
