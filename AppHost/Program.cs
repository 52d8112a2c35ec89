using AeThexLive.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var settings = InfrastructureSettings.From(builder.Configuration, builder.AppHostDirectory);
var infrastructure = builder.AddInfrastructure(settings);

var identity = builder.AddService<Projects.Identity>("identity", infrastructure, "identitydb");
var streaming = builder.AddService<Projects.Streaming>("streaming", infrastructure, "streamingdb", servesGrpc: true)
    .WithEnvironment("Ingest__RtmpUrl", settings.PublicRtmpUrl);
var chat = builder.AddService<Projects.Chat>("chat", infrastructure, "chatdb");
var payments = builder.AddService<Projects.Payments>("payments", infrastructure, "paymentsdb");
var content = builder.AddService<Projects.Content>("content", infrastructure, "contentdb")
    .WithReference(streaming);
var competition = builder.AddService<Projects.Competition>("competition", infrastructure, "competitiondb");
var analytics = builder.AddService<Projects.Analytics>("analytics", infrastructure, "analyticsdb");

var ingest = builder.AddIngest(settings, streaming);

builder.AddProject<Projects.Gateway>("gateway")
    .WithHttpEndpoint(port: settings.GatewayPort, targetPort: settings.GatewayPort, name: "http", isProxied: false)
    .WithReference(identity).WithReference(streaming).WithReference(chat).WithReference(payments)
    .WithReference(content).WithReference(competition).WithReference(analytics)
    .WithReference(ingest.GetEndpoint("http"))
    .WithHttpHealthCheck("/alive")
    .WithExternalHttpEndpoints();

builder.Build().Run();
