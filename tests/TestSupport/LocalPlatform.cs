namespace AeThexLive.TestSupport;

/// <summary>AppHost arguments for a whole platform of its own: local servers on free ports and a private data folder.</summary>
public static class LocalPlatform
{
    public static string[] Arguments(string dataDirectory, int postgresPort, params string[] settings) =>
    [
        "--Infrastructure:Mode=local",
        $"--Infrastructure:DataDirectory={dataDirectory}",
        "--Infrastructure:Ephemeral=true",
        $"--Infrastructure:Ports:Postgres={postgresPort}",
        "--Infrastructure:Ports:Redis=0",
        "--Infrastructure:Ports:RabbitMq=0",
        "--Infrastructure:Ports:RabbitMqDistribution=0",
        "--Infrastructure:Ports:RabbitMqEpmd=0",
        "--Infrastructure:Ports:Rtmp=0",
        "--Infrastructure:Ports:IngestHttp=0",
        "--Infrastructure:Ports:Gateway=0",
        "--Infrastructure:Ports:StripeSandbox=0",
        "--Infrastructure:Ports:Smtp=0",
        "--Infrastructure:Ports:MailUi=0",
        // The testing builder starts no dashboard, so nothing would receive the services' telemetry.
        "--Infrastructure:ExportTelemetry=false",
        .. settings,
    ];
}
