using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace AeThexLive.AppHost;

/// <summary>Where the infrastructure runs and on which ports, from the "Infrastructure" configuration section.</summary>
internal sealed class InfrastructureSettings
{
    public required bool UseContainers { get; init; }
    public required string DataDirectory { get; init; }
    /// <summary>The ingest server's folder (nginx.sh lays it out): recordings, HLS, the clip buffer and media.</summary>
    public string IngestDataDirectory => Path.Combine(DataDirectory, "ingest");
    public required string ScriptsDirectory { get; init; }
    public required int PostgresPort { get; init; }
    public required int RedisPort { get; init; }
    public required int RabbitMqPort { get; init; }
    public required int RabbitMqDistributionPort { get; init; }
    public required int RabbitMqEpmdPort { get; init; }
    public required int RtmpPort { get; init; }
    public required int IngestHttpPort { get; init; }
    public required int GatewayPort { get; init; }
    /// <summary>The Stripe sandbox, started when no Stripe:SecretKey is configured.</summary>
    public required int StripeSandboxPort { get; init; }
    /// <summary>smtp4dev's SMTP port and its web page and API (started when no Mail:Smtp:Host is configured).</summary>
    public required int SmtpPort { get; init; }
    public required int MailUiPort { get; init; }
    /// <summary>What a creator points OBS at.</summary>
    public string PublicRtmpUrl => $"rtmp://localhost:{RtmpPort}/live";

    /// <summary>
    /// Where clients reach the platform (Platform:PublicOrigin; the gateway on localhost by default):
    /// the token issuer and every address Identity publishes.
    /// </summary>
    public required string PublicOrigin { get; init; }

    /// <summary>Test runs: durability traded for speed.</summary>
    public required bool Ephemeral { get; init; }

    /// <summary>Whether the services send telemetry to the dashboard (false where none runs: tests, benchmarks).</summary>
    public required bool ExportTelemetry { get; init; }

    /// <summary>Transcode every broadcast to 720p/480p/360p beside the source (several cores' worth of ffmpeg per stream).</summary>
    public required bool AbrLadder { get; init; }

    /// <summary>Chat instances (rooms are shared through the Redis backplane; the gateway pins each client to one).</summary>
    public required int ChatReplicas { get; init; }

    public static InfrastructureSettings From(IConfiguration configuration, string appHostDirectory)
    {
        var section = configuration.GetSection("Infrastructure");
        var ports = section.GetSection("Ports");
        var dataDirectory = section["DataDirectory"];
        if (string.IsNullOrWhiteSpace(dataDirectory)) dataDirectory = Path.Combine(appHostDirectory, "..", ".data");

        var gatewayPort = Port(ports, "Gateway");
        return new InfrastructureSettings
        {
            PublicOrigin = (configuration["Platform:PublicOrigin"] is { Length: > 0 } origin ? origin : $"http://localhost:{gatewayPort}").TrimEnd('/'),
            UseContainers = (section["Mode"] ?? "auto").ToLowerInvariant() switch
            {
                "containers" => true,
                "local" => false,
                "auto" => ContainerRuntimeAnswers(),
                var other => throw new InvalidOperationException($"Infrastructure:Mode must be auto, local or containers, not '{other}'."),
            },
            DataDirectory = Path.GetFullPath(dataDirectory),
            ScriptsDirectory = Path.Combine(appHostDirectory, "scripts", "local"),
            PostgresPort = Port(ports, "Postgres"),
            RedisPort = Port(ports, "Redis"),
            RabbitMqPort = Port(ports, "RabbitMq"),
            RabbitMqDistributionPort = Port(ports, "RabbitMqDistribution"),
            RabbitMqEpmdPort = Port(ports, "RabbitMqEpmd"),
            RtmpPort = Port(ports, "Rtmp"),
            IngestHttpPort = Port(ports, "IngestHttp"),
            GatewayPort = gatewayPort,
            StripeSandboxPort = Port(ports, "StripeSandbox"),
            SmtpPort = Port(ports, "Smtp"),
            MailUiPort = Port(ports, "MailUi"),
            Ephemeral = section.GetValue("Ephemeral", false),
            ExportTelemetry = section.GetValue("ExportTelemetry", true),
            AbrLadder = section.GetValue("Ingest:AbrLadder", false),
            ChatReplicas = Math.Max(1, section.GetValue("Replicas:Chat", 1)),
        };
    }

    /// <summary>
    /// A secret created on first start and kept beside the data it protects: PostgreSQL and
    /// RabbitMQ store the password at first initialisation, so it must not change afterwards.
    /// </summary>
    public string Secret(string name)
    {
        Directory.CreateDirectory(DataDirectory);
        var path = Path.Combine(DataDirectory, $"{name}.secret");
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return secret;
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A free loopback port for an endpoint (services listen directly; no proxy hop). Ports are
    /// picked below Linux's ephemeral range (32768 and up): a port from that range can be taken
    /// as the local end of some outgoing connection in the seconds before its server binds it,
    /// or after it restarts. Each port is handed out once, and must be free on IPv4 and IPv6
    /// loopback alike, since "localhost" servers bind both.
    /// </summary>
    public static int FreePort()
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(20000, 32768);
                if (HandedOut.Contains(port) || !IsFree(IPAddress.Loopback, port) || !IsFree(IPAddress.IPv6Loopback, port)) continue;
                HandedOut.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException("No free loopback port between 20000 and 32767.");
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
        {
            return true; // no IPv6 loopback here: nothing can listen there either
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int Port(IConfiguration ports, string name) =>
        ports.GetValue<int?>(name) is { } port and > 0 ? port : FreePort();

    private static bool ContainerRuntimeAnswers()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (docker is null) return false;
            if (!docker.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                docker.Kill(entireProcessTree: true);
                return false;
            }
            return docker.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }
}
