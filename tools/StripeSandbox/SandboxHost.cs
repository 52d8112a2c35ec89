using AeThexLive.StripeSandbox.Controls;
using AeThexLive.StripeSandbox.Endpoints;

namespace AeThexLive.StripeSandbox;

/// <summary>The sandbox as an application, so tests can start the very same thing on a port of their own.</summary>
public static class SandboxHost
{
    /// <summary>Where the sandbox listens when nothing (<c>--urls</c>, ASPNETCORE_URLS, HTTP_PORTS) says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:12111";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.AddStripeSandbox();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseCors();
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive");
        app.MapStripeApi();
        app.MapSandboxControls();
        app.MapStripeJs();
        return app.SeedSandbox();
    }
}
