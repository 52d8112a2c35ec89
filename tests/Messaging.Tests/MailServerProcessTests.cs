using System.Net.Sockets;
using AeThexLive.TestSupport;

namespace AeThexLive.Messaging.Tests;

/// <summary>
/// The AppHost runs smtp4dev through <c>smtp4dev.sh</c> and stops it as it stops any resource, at worst with SIGKILL. The
/// script must become the server, or a stop would reach only the script and leave the server running after the platform.
/// </summary>
public sealed class MailServerProcessTests
{
    [Fact]
    public async Task A_mail_server_killed_outright_leaves_no_server_behind()
    {
        var mailServer = new LocalSmtp4dev();
        await mailServer.InitializeAsync();
        try
        {
            var server = mailServer.Server!;
            Assert.Contains("Rnwood.Smtp4dev", await File.ReadAllTextAsync($"/proc/{server.Id}/cmdline"));
            Assert.True(await AcceptsAsync(mailServer.SmtpPort));

            server.Kill(entireProcessTree: false);
            await server.WaitForExitAsync();

            Assert.True(await Eventually.HoldsAsync(async () => !await AcceptsAsync(mailServer.SmtpPort), TimeSpan.FromSeconds(5)),
                "the SMTP port still answers after the server's process was killed");
        }
        finally
        {
            await mailServer.DisposeAsync();
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
