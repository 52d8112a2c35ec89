using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using AeThexLive.Content.Data;
using AeThexLive.Content.Domain;
using AeThexLive.Contracts.Grpc.Streaming;
using AeThexLive.ServiceDefaults;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Content.Endpoints;

public sealed record VodResponse(
    Guid Id,
    Guid StreamId,
    string? Title,
    string? Description,
    string? ThumbnailUrl,
    int? DurationSeconds,
    int Views,
    bool IsPublic,
    string ProcessingStatus,
    DateTime CreatedAt);

public sealed record VodPage(IReadOnlyList<VodResponse> Items, string? NextCursor);

public static class VodsApi
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapVodsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("VODs");
        api.MapGet("/channels/{slug}/vods", ListChannelVodsAsync)
            .WithName("ListChannelVods")
            .WithSummary("A channel's public, ready VODs, newest first (limit 1–100, default 20; cursor from nextCursor)");
        return app;
    }

    /// <remarks><paramref name="limit"/> is read as text so that a non-number is a field error like any other.</remarks>
    internal static async Task<Results<Ok<VodPage>, ValidationProblem, ProblemHttpResult>> ListChannelVodsAsync(
        string slug,
        string? limit,
        string? cursor,
        ContentDbContext db,
        ChannelDirectory.ChannelDirectoryClient channels,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var take = DefaultLimit;
        if (limit is not null)
        {
            errors.Check(!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit,
                "limit", $"Limit must be a whole number from 1 to {MaxLimit}.");
        }
        VodCursor? after = null;
        if (cursor is not null)
        {
            errors.Check(!VodCursor.TryParse(cursor, out after), "cursor", "Cursor is not one this API returned.");
        }
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        Channel channel;
        try
        {
            channel = await channels.GetChannelAsync(new GetChannelRequest { Slug = slug.ToLowerInvariant() }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return TypedResults.Problem(
                title: "Channel not found",
                detail: $"No channel has the slug '{slug}'.",
                statusCode: StatusCodes.Status404NotFound);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (RpcException)
        {
            return TypedResults.Problem(
                title: "The channel directory is unavailable",
                detail: "Try again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var channelId = Guid.Parse(channel.Id);
        var vods = db.Vods.AsNoTracking()
            .Where(v => v.ChannelId == channelId && v.IsPublic && v.ProcessingStatus == VodProcessingStatuses.Ready);
        if (after is { } c)
        {
            vods = vods.Where(v => v.CreatedAt < c.CreatedAt || (v.CreatedAt == c.CreatedAt && v.Id.CompareTo(c.Id) < 0));
        }

        var rows = await vods
            .OrderByDescending(v => v.CreatedAt)
            .ThenByDescending(v => v.Id)
            .Take(take + 1)
            .Select(v => new VodResponse(
                v.Id, v.StreamId, v.Title, v.Description, v.ThumbnailUrl, v.DurationSeconds,
                v.Views, v.IsPublic, v.ProcessingStatus, v.CreatedAt))
            .ToListAsync(cancellationToken);

        string? nextCursor = null;
        if (rows.Count > take)
        {
            rows.RemoveAt(take);
            var last = rows[^1];
            nextCursor = new VodCursor(last.CreatedAt, last.Id).Encode();
        }
        return TypedResults.Ok(new VodPage(rows, nextCursor));
    }
}

/// <summary>
/// Keyset position after the last VOD of a page: (created_at, id), opaque to clients as
/// base64url of the creation time's ticks (8 bytes, big-endian) and the id (16 bytes).
/// </summary>
internal sealed record VodCursor(DateTime CreatedAt, Guid Id)
{
    private const int Length = sizeof(long) + 16;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, CreatedAt.Ticks);
        Id.TryWriteBytes(bytes[sizeof(long)..]);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryParse(string text, out VodCursor? cursor)
    {
        cursor = null;
        Span<byte> bytes = stackalloc byte[Length];
        // IsValid first: TryDecodeFromChars throws, rather than returning false, on characters outside the alphabet.
        if (!Base64Url.IsValid(text, out var decodedLength)
            || decodedLength != Length
            || !Base64Url.TryDecodeFromChars(text, bytes, out var written)
            || written != Length)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
        cursor = new VodCursor(new DateTime(ticks, DateTimeKind.Utc), new Guid(bytes[sizeof(long)..]));
        return true;
    }
}
