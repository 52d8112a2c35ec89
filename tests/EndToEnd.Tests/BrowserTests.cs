using Xunit.Abstractions;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// The web app in a real browser: the verdict of <see cref="BrowserSuite"/>, Playwright (web/tests) driving Debian's
/// Chromium against this platform, which started beside the other tests (or starts here when this class runs alone).
/// Its output goes to the test's output; a failure carries Playwright's report. Screenshots land in web/screenshots.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BrowserTests(PlatformFixture platform, ITestOutputHelper output)
{
    [Fact]
    public async Task A_creator_goes_live_from_the_web_app_and_a_viewer_watches_chats_votes_and_follows()
    {
        var suite = BrowserSuite.Start(platform);
        var exit = await suite.Exit;
        var log = suite.Log;
        output.WriteLine(log);
        Assert.True(exit == 0,
            $"Playwright {(exit is null ? $"ran past {BrowserSuite.Limit.TotalMinutes} minutes" : $"failed (exit {exit})")}:\n{log}");
    }
}
