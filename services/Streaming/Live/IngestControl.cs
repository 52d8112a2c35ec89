using Microsoft.Extensions.Options;

namespace AeThexLive.Streaming.Live;

/// <summary>
/// nginx-rtmp's control module: cuts a publisher at once (key rotated, channel suspended).
/// The update callback refuses the same publisher within 10 s should this call fail.
/// </summary>
public sealed partial class IngestControl(HttpClient http, IOptions<IngestOptions> options, ILogger<IngestControl> logger)
{
    public async Task DropPublisherAsync(string clientId, CancellationToken cancellationToken)
    {
        if (options.Value.ControlUrl is not { Length: > 0 } controlUrl) return;
        try
        {
            using var response = await http.GetAsync(
                $"{controlUrl.TrimEnd('/')}/control/drop/client?app=live&clientid={Uri.EscapeDataString(clientId)}", cancellationToken);
            if (!response.IsSuccessStatusCode) LogDropFailed(clientId, (int)response.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            LogDropUnreachable(ex, clientId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest control refused to drop client {ClientId}: {Status}")]
    private partial void LogDropFailed(string clientId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest control unreachable while dropping client {ClientId}")]
    private partial void LogDropUnreachable(Exception exception, string clientId);
}
