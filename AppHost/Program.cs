using AeThexLive.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var settings = InfrastructureSettings.From(builder.Configuration, builder.AppHostDirectory);
var infrastructure = builder.AddInfrastructure(settings);

var identity = builder.AddService<Projects.Identity>("identity", infrastructure, "identitydb", http2Endpoint: "grpc");
var ingestCallbackSecret = settings.Secret("ingest-callback");
var streaming = builder.AddService<Projects.Streaming>("streaming", infrastructure, "streamingdb", http2Endpoint: "grpc")
    .WithEnvironment("Ingest__RtmpUrl", settings.PublicRtmpUrl)
    .WithEnvironment("Ingest__CallbackSecret", ingestCallbackSecret)
    .WithEnvironment("Ingest__StreamKeyEncryptionKey", settings.Secret("stream-key-encryption"))
    .WithEnvironment("Ingest__AbrLadder", settings.AbrLadder.ToString());
var chat = builder.AddService<Projects.Chat>("chat", infrastructure, "chatdb", http2Endpoint: "hubs");
// Further chat instances are resources of their own (each on its own port) that the gateway
// balances with cookie affinity; they share rooms over Redis and queues over RabbitMQ.
var chatInstances = Enumerable.Range(2, settings.ChatReplicas - 1)
    .Select(i => builder.AddService<Projects.Chat>($"chat-{i}", infrastructure, "chatdb", http2Endpoint: "hubs")).ToList();
var payments = builder.AddService<Projects.Payments>("payments", infrastructure, "paymentsdb");
var content = builder.AddService<Projects.Content>("content", infrastructure, "contentdb")
    .WithReference(streaming);
var competition = builder.AddService<Projects.Competition>("competition", infrastructure, "competitiondb");
var analytics = builder.AddService<Projects.Analytics>("analytics", infrastructure, "analyticsdb");

// Every service checks access tokens against the keys Identity publishes.
foreach (var service in new[] { streaming, chat, payments, content, competition, analytics }.Concat(chatInstances))
{
    service.WithReference(identity);
}

var ingest = builder.AddIngest(settings, streaming, ingestCallbackSecret);
streaming.WithEnvironment("Ingest__ControlUrl", ingest.GetEndpoint("http"));

var gateway = builder.AddProject<Projects.Gateway>("gateway", launchProfileName: null)
    .WithHttpEndpoint(port: settings.GatewayPort, targetPort: settings.GatewayPort, name: "http", isProxied: false)
    .WithReference(ingest.GetEndpoint("http"))
    .WithHttpHealthCheck("/alive")
    .WithSettingsFrom(builder.Configuration)
    .WithEnvironment("Gateway__Replicas__chat", string.Join(',', chatInstances.Select(c => c.Resource.Name)))
    .WithExternalHttpEndpoints();
// The gateway opens its port once every service answers healthy: the first request a client
// sends is served, not refused with 502.
foreach (var service in new[] { identity, streaming, chat, payments, content, competition, analytics }.Concat(chatInstances))
{
    gateway.WithReference(service).WaitFor(service);
}

// The gateway and Chat carry every chat frame (a message to a 1,000-viewer room is 1,000 socket
// writes in each). Running socket continuations on the I/O thread instead of queueing them to
// the thread pool cut send→last-viewer latency by a quarter in the chat benchmark; both are
// fully asynchronous, so nothing blocks those threads.
foreach (var hot in new[] { gateway, chat }.Concat(chatInstances))
{
    hot.WithEnvironment("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

builder.Build().Run();
