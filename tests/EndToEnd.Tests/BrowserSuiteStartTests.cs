namespace AeThexLive.EndToEnd.Tests;

/// <summary>Runs right after the classes that stop services (see <see cref="OrderedTestFramework"/>).</summary>
[Collection(PlatformCollection.Name)]
public sealed class BrowserSuiteStartTests(PlatformFixture platform)
{
    [Fact]
    public void The_built_web_app_s_browser_suite_starts_beside_the_tests_that_leave_every_service_running()
    {
        Assert.True(File.Exists(Path.Combine(BrowserSuite.WebFolder, "node_modules", "@playwright", "test", "package.json")),
            "The web app's packages are not installed: run AppHost/scripts/setup.sh (npm ci in web/).");
        Assert.True(File.Exists(Path.Combine(BrowserSuite.WebFolder, "dist", "index.html")),
            "The web app is not built: run AppHost/scripts/setup.sh.");
        var suite = BrowserSuite.Start(platform);
        Assert.False(suite.Exit is { IsCompleted: true, Result: not 0 }, $"Playwright failed at once:\n{suite.Log}");
    }
}
