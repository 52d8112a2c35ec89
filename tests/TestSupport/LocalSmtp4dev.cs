using System.Diagnostics;
using Xunit;

namespace AeThexLive.TestSupport;

/// <summary>
/// A real development mail server (smtp4dev, from the repository's tool manifest) for one test
/// project, started with the same launcher the AppHost uses, on ports of its own. It can be
/// stopped and started again in a test, as a mail server that goes away and comes back.
/// </summary>
public class LocalSmtp4dev : IAsyncLifetime
{
    private readonly string[] _options;

    public LocalSmtp4dev() : this([]) { }

    /// <summary>A server started with extra smtp4dev options (e.g. <c>--maxmessagesize=2000</c>).</summary>
    protected LocalSmtp4dev(string[] options) => _options = options;

    private readonly string _dataDirectory = RepositoryPaths.NewDataDirectory("mail");
    private Process? _server;

    public int SmtpPort { get; } = LocalPostgres.FreePort();
    public int WebPort { get; } = LocalPostgres.FreePort();

    public MailInbox Inbox { get; private set; } = null!;

    /// <summary>The process the start script became, while it runs.</summary>
    public Process? Server => _server;

    public async Task InitializeAsync()
    {
        Inbox = new MailInbox(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{WebPort}") });
        await StartAsync();
    }

    /// <summary>Starts the server unless it runs already (a test's clean-up may start it again without leaving a second one).</summary>
    public async Task StartAsync()
    {
        if (_server is { HasExited: false }) return;
        var start = new ProcessStartInfo("bash",
            [Path.Combine(RepositoryPaths.LocalScripts, "smtp4dev.sh"), _dataDirectory, SmtpPort.ToString(), WebPort.ToString(), .. _options])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _server = Process.Start(start) ?? throw new InvalidOperationException("Could not start smtp4dev.");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                await Inbox.AllAsync();
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_server.HasExited)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Stops the server (its messages are kept in memory, so they go with it).</summary>
    public async Task StopAsync()
    {
        if (_server is { HasExited: false })
        {
            Process.Start("kill", ["-TERM", _server.Id.ToString()])?.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _server.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { _server.Kill(entireProcessTree: true); }
        }
        _server?.Dispose();
        _server = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
