using AeThexLive.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.UseGateway();
app.UseWebApp();
app.MapDefaultEndpoints();
app.UseEdgePolicies();
app.UsePublicReadEviction();
app.UseOutputCache();
app.MapSystemHealth();
app.MapApiDocs();
app.MapReverseProxy();

await app.RunAsync();

public partial class Program;
