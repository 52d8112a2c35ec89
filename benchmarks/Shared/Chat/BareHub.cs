using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AeThexLive.Benchmarks.Chat;

/// <summary>
/// The yardstick: a SignalR hub that only broadcasts — no gateway, no sign-in, no checks, no
/// database, no backplane. It speaks the same hub methods and sends the same message shape as
/// Chat, so the load and the client code are identical; only what lies behind the hub differs.
/// </summary>
public static class BareHub
{
    public const string ReadyLine = "bare hub ready";

    /// <summary>The argument that makes a benchmark's program host the hub (see <see cref="RunAsync"/>) instead of benchmarking.</summary>
    public const string Command = "bare-hub";

    /// <summary>
    /// Starts the hub in a child process of this program (which must hand <c>[Command, port]</c> to
    /// <see cref="RunAsync"/>), so its CPU is its own and not the load generator's; returns once it listens.
    /// </summary>
    public static Process StartProcess(int port)
    {
        var start = SelfLaunch.Start([Command, SelfLaunch.Argument(port)]);
        start.RedirectStandardOutput = true;
        var process = Process.Start(start)!;
        var ready = process.StandardOutput.ReadLine();
        if (ready != ReadyLine) throw new InvalidOperationException($"The bare hub did not start: {ready}");
        return process;
    }

    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapHub<BroadcastHub>("/hubs/chat");
        await app.StartAsync();
        Console.WriteLine(ReadyLine);
        await app.WaitForShutdownAsync();
    }

    public sealed class BroadcastHub : Hub
    {
        public Task JoinStream(Guid streamId) => Groups.AddToGroupAsync(Context.ConnectionId, streamId.ToString());

        public async Task<SendReply> SendMessage(Guid streamId, string text)
        {
            var message = new RoomMessage(Guid.CreateVersion7(), streamId, Guid.Empty, "bare", text, DateTime.UtcNow);
            await Clients.Group(streamId.ToString()).SendAsync("MessageReceived", message);
            return new SendReply(true, message, null);
        }
    }
}

/// <summary>The shape of Chat's MessageReceived payload (ChatMessageView).</summary>
public sealed record RoomMessage(Guid Id, Guid StreamId, Guid UserId, string Username, string Message, DateTime CreatedAt, bool Held = false);

/// <summary>The shape of Chat's answer to SendMessage (HubReply of the message, or a refusal with its code and reason).</summary>
public sealed record SendReply(bool Ok, RoomMessage? Value, SendRefusal? Refusal);

public sealed record SendRefusal(string Code, string Reason);
