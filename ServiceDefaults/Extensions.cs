using System.Text.Json.Serialization;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every AeThex LIVE service and the gateway share: telemetry, health, discovery, resilience, errors, token checks.</summary>
public static class Extensions
{
    private const string LivenessTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        // A line per query, per request or per outgoing call would swamp the console of a busy
        // service (and cost it CPU); traces carry that detail. Warnings and errors still show.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.AddDefaultHealthChecks();
        // Which server software answers is nobody's business.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => options.AddServerHeader = false);
        builder.ConfigureHttp2Endpoint();
        builder.AddDefaultAuthentication();
        builder.Services.AddPlatformOpenApi();

        // Services given Redis get the shared multiplexer with its health check and tracing.
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("redis")))
        {
            builder.AddRedisClient("redis");
        }

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        // Behind the gateway: believe X-Forwarded-* from loopback (ASP.NET's default known proxies) only.
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost);

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemTypes.Describe);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        // Malformed bodies are answered 400 with what was wrong (never a bare 400 or a 500),
        // and a field the API does not know is an error rather than silently ignored.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // A key given twice is refused too (which one would the client have meant?), and every
        // string obeys the shared text rule.
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.AllowDuplicateProperties = false;
            options.SerializerOptions.Converters.Add(new RequestText.CleanStringConverter());
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", "AeThexLive.*")
                .AddView(instrument => IsPerBufferInstrument(instrument) ? OpenTelemetry.Metrics.MetricStreamConfiguration.Drop : null))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, "MassTransit", "AeThexLive.*")
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsUntraced(context.Request.Path))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request =>
                    request.RequestUri is null || !IsUntraced(request.RequestUri.AbsolutePath)));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>
    /// Kestrel's memory pool counts every buffer it lends and takes back: a chat message to a
    /// thousand viewers is thousands of those in Chat and in the gateway, and recording them
    /// showed up in the chat benchmark's profiles. What the pool allocates and evicts stays.
    /// </summary>
    private static bool IsPerBufferInstrument(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Meter.Name == "Microsoft.AspNetCore.MemoryPool" && instrument.Name is "aspnetcore.memory_pool.rented" or "aspnetcore.memory_pool.pooled";

    /// <summary>
    /// Health probes, and the HLS segments and media files the gateway relays by the thousand:
    /// a span each would cost more than the relay itself and tell nobody anything.
    /// </summary>
    private static bool IsUntraced(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || path.StartsWithSegments("/hls") || path.StartsWithSegments("/media");

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LivenessTag]);
        return builder;
    }

    /// <summary>
    /// HTTP/2 over cleartext (gRPC, and the gateway's WebSocket tunnels to Chat) needs an
    /// HTTP/2-only endpoint. When the AppHost gives the service HTTP2_PORT, Kestrel listens
    /// there with HTTP/2 beside its ordinary HTTP/1.1 addresses.
    /// </summary>
    private static void ConfigureHttp2Endpoint(this IHostApplicationBuilder builder)
    {
        var http2Port = builder.Configuration["HTTP2_PORT"];
        if (string.IsNullOrEmpty(http2Port)) return;

        var endpoints = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:http2:Url"] = $"http://localhost:{http2Port}",
            ["Kestrel:Endpoints:http2:Protocols"] = "Http2",
        };
        var urls = (builder.Configuration["ASPNETCORE_URLS"] ?? builder.Configuration["URLS"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < urls.Length; i++)
        {
            endpoints[$"Kestrel:Endpoints:http{i}:Url"] = urls[i];
            endpoints[$"Kestrel:Endpoints:http{i}:Protocols"] = "Http1AndHttp2";
        }
        builder.Configuration.AddInMemoryCollection(endpoints);
    }

    /// <summary>
    /// /health (readiness: every registered check, with the service's database, Redis and
    /// RabbitMQ) and /alive (liveness), mapped in every environment; errors as problem+json.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(RequestText.RefuseDirtyQueriesAsync);
        app.UseMiddleware<UnsupportedBodyFallback>();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync })
            .DisableHttpMetrics();
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LivenessTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).DisableHttpMetrics();
        app.MapOpenApi(OpenApiDescription.DocumentPath);
        return app;
    }
}
