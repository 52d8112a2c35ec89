using AeThexLive.AppHost;
using AeThexLive.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);
var settings = InfrastructureSettings.From(builder.Configuration, builder.AppHostDirectory);
var platform = new Platform(builder, settings, builder.AddInfrastructure(settings));
var stripe = builder.AddStripe(settings);
var mail = builder.AddMail(settings);

// The gateway and Chat carry every chat frame (a message to a 1,000-viewer room is 1,000 socket
// writes in each). Running socket continuations on the I/O thread instead of queueing them to
// the thread pool cut send→last-viewer latency by a quarter in the chat benchmark; both are
// fully asynchronous, so nothing blocks those threads.
const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

platform.AddService<Projects.Identity>(PlatformServices.Identity, identity => mail.Configure(identity));
var ingestCallbackSecret = settings.Secret("ingest-callback");
var streaming = platform.AddService<Projects.Streaming>(PlatformServices.Streaming, streaming => streaming
    .WithEnvironment("Ingest__RtmpUrl", settings.PublicRtmpUrl)
    .WithEnvironment("Ingest__CallbackSecret", ingestCallbackSecret)
    .WithEnvironment("Ingest__RelaySecret", settings.Secret("ingest-relay"))
    .WithEnvironment("Ingest__StreamKeyEncryptionKey", settings.Secret("stream-key-encryption"))
    .WithEnvironment("Ingest__AbrLadder", settings.AbrLadder.ToString()));
platform.AddService<Projects.Chat>(PlatformServices.Chat, settings.ChatReplicas, chat => chat.WithEnvironment(InlineSocketCompletions, "1"));
// Payments asks Streaming who is watching a live stream when a community gift is bought.
platform.AddService<Projects.Payments>(PlatformServices.Payments, payments =>
{
    stripe.Configure(payments);
    payments.WithReference(streaming);
});
// Content reads recordings and the clip buffer from the ingest's data folder, publishes media there,
// and signs private media URLs with the secret nginx checks them against.
var mediaSigningSecret = settings.Secret("media-signing");
platform.AddService<Projects.Content>(PlatformServices.Content, content => content.WithReference(streaming)
    .WithEnvironment("Media__IngestDirectory", settings.IngestDataDirectory)
    .WithEnvironment("Media__SigningSecret", mediaSigningSecret));
platform.AddService<Projects.Competition>(PlatformServices.Competition);
platform.AddService<Projects.Analytics>(PlatformServices.Analytics);

var ingest = builder.AddIngest(settings, streaming, ingestCallbackSecret, mediaSigningSecret);
streaming.WithEnvironment("Ingest__ControlUrl", ingest.GetEndpoint("http"));

var gateway = platform.AddGateway<Projects.Gateway>(settings.GatewayPort, ingest)
    .WithEnvironment(InlineSocketCompletions, "1");
stripe.DeliverWebhooksThrough(gateway);
if (!settings.ExportTelemetry) builder.WithoutTelemetryExport();

builder.Build().Run();
