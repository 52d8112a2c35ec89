using System.Security.Claims;
using System.Text.RegularExpressions;
using AeThexLive.Contracts.Streaming;
using AeThexLive.Messaging;
using AeThexLive.ServiceDefaults;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Domain;
using AeThexLive.Streaming.Live;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Streaming.Endpoints;

public sealed record CreateChannelRequest(string? Name, string? Slug, string? Description, string? Category, string? Language);

/// <summary>Fields left out stay; an empty string clears description, category or language.</summary>
public sealed record UpdateChannelRequest(string? Name, string? Description, string? Category, string? Language);

public sealed record LiveStreamSummary(Guid Id, string Title, int ViewerCount, string? HlsUrl, DateTime? StartedAt);

public sealed record ChannelResponse(
    Guid Id, Guid OwnerId, string Name, string Slug, string? Description, string? Category, string? Language,
    bool IsLive, long TotalViews, int FollowerCount, bool Suspended, DateTime CreatedAt, DateTime UpdatedAt,
    LiveStreamSummary? LiveStream, bool? IsFollowing);

public sealed record StreamKeyResponse(string StreamKey, string IngestUrl);

public static partial class ChannelsApi
{
    private static readonly HashSet<string> ReservedSlugs = new(StringComparer.Ordinal)
    {
        "admin", "api", "hls", "media", "live", "new", "settings", "directory", "search", "login", "logout", "signup", "register",
        "help", "about", "www", "static", "internal", "health", "docs", "hubs", "me", "streams", "channels", "null", "undefined",
        "root", "system", "support", "moderator", "staff", "aethex", "official", "following", "followers", "videos", "clips",
        "verify-email", "forgot-password", "reset-password", "notifications", "unsubscribe",
    };

    public static IEndpointRouteBuilder MapChannelsApi(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/api/channels").WithTags("Channels");
        channels.MapPost("/", CreateAsync).WithName("CreateChannel").WithSummary("Open a channel (you become its owner)").RequireAuthorization();
        channels.MapGet("/", ListAsync).WithName("ListChannels")
            .WithSummary("The directory: filter by live, category, language and name (q); live channels by current viewers");
        channels.MapGet("/{slug}", GetAsync).WithName("GetChannel").WithSummary("A channel and its live stream, if any");
        channels.MapPatch("/{slug}", UpdateAsync).WithName("UpdateChannel").WithSummary("Edit a channel (owner or admin)").RequireAuthorization();
        channels.MapGet("/{slug}/stream-key", GetKeyAsync).WithName("GetStreamKey")
            .WithSummary("The channel's RTMP key and ingest URL (owner only)").RequireAuthorization();
        channels.MapPost("/{slug}/stream-key/rotate", RotateKeyAsync).WithName("RotateStreamKey")
            .WithSummary("Replace the key; a broadcast using the old one is cut (owner only)").RequireAuthorization();
        channels.MapPut("/{slug}/suspension", (string slug, StreamingDbContext db, IngestControl ingest, TimeProvider clock, CancellationToken ct) =>
                SetSuspendedAsync(slug, true, db, ingest, clock, ct))
            .WithName("SuspendChannel").WithSummary("Refuse the channel's key at ingest and cut a live broadcast (admins)")
            .RequireAuthorization(PlatformTokens.AdminPolicy);
        channels.MapDelete("/{slug}/suspension", (string slug, StreamingDbContext db, IngestControl ingest, TimeProvider clock, CancellationToken ct) =>
                SetSuspendedAsync(slug, false, db, ingest, clock, ct))
            .WithName("ReinstateChannel").WithSummary("Lift a suspension (admins)").RequireAuthorization(PlatformTokens.AdminPolicy);
        return app;
    }

    internal static async Task<Results<Created<ChannelResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateChannelRequest request, ClaimsPrincipal principal, StreamingDbContext db, StreamKeyVault vault, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = request.Name?.Trim() ?? "";
        var slug = request.Slug?.Trim().ToLowerInvariant() ?? "";
        errors.Check(name.Length is 0 or > 100, "name", "Name must be 1–100 characters.");
        if (errors.Check(!SlugPattern().IsMatch(slug), "slug", "Slug must be 3–40 characters of a–z, 0–9 and -, not starting or ending with -."))
        {
            errors.Check(ReservedSlugs.Contains(slug), "slug", "That slug is reserved.");
        }
        var (description, category, language) = ValidateDetails(request.Description, request.Category, request.Language, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var now = clock.GetUtcNow().UtcDateTime;
        var channel = new Channel(Guid.CreateVersion7(), principal.UserId(), name, slug, Blank(description), Blank(category), Blank(language), now);
        var key = vault.Generate();
        db.Channels.Add(channel);
        db.StreamKeys.Add(new StreamKey(channel.Id, key.Hash, key.Encrypted, now));
        db.AddEvent(new ChannelCreated(channel.Id, channel.UserId, channel.Slug, channel.Name, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return ApiProblems.Conflict("already-taken", "That slug is already taken.");
        }
        return TypedResults.Created($"/api/channels/{channel.Slug}", ToResponse(channel, null, null));
    }

    internal static async Task<Results<Ok<Page<ChannelResponse>>, ValidationProblem>> ListAsync(
        bool? live, string? category, string? language, string? q, int? limit, string? cursor, StreamingDbContext db,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Check(limit is < 1 or > PageRequest.MaxLimit, "limit", $"Limit must be between 1 and {PageRequest.MaxLimit}.");
        var offset = 0;
        errors.Check(cursor is not null && !OffsetCursor.TryRead(cursor, out offset), "cursor", "The cursor is not one this API gave out.");
        errors.Check(q is { Length: > 100 }, "q", "Search text must be at most 100 characters.");
        errors.Check(category is { Length: > 100 }, "category", "Category must be at most 100 characters.");
        errors.Check(language is { Length: > 50 }, "language", "Language must be at most 50 characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var take = limit ?? PageRequest.DefaultLimit;
        var channels = db.Channels.AsNoTracking().Where(c => c.SuspendedAt == null);
        if (live is not null) channels = channels.Where(c => c.IsLive == live);
        if (!string.IsNullOrWhiteSpace(category)) channels = channels.Where(c => c.Category == category.Trim().ToLowerInvariant());
        if (!string.IsNullOrWhiteSpace(language)) channels = channels.Where(c => c.Language == language.Trim().ToLowerInvariant());
        if (!string.IsNullOrWhiteSpace(q)) channels = channels.Where(c => EF.Functions.ILike(c.Name, "%" + EscapeLike(q.Trim()) + "%", "\\"));

        var rows = await channels
            .Select(c => new { Channel = c, Live = db.Streams.Where(s => s.ChannelId == c.Id && s.Status == StreamStatuses.Live).FirstOrDefault() })
            .OrderByDescending(x => x.Live != null ? x.Live.ViewerCount : -1).ThenByDescending(x => x.Channel.FollowerCount).ThenBy(x => x.Channel.Id)
            .Skip(offset).Take(take + 1)
            .ToListAsync(cancellationToken);
        var items = rows.Take(take).Select(x => ToResponse(x.Channel, x.Live, null)).ToList();
        return TypedResults.Ok(new Page<ChannelResponse>(items, rows.Count > take ? OffsetCursor.Write(offset + take) : null));
    }

    private sealed record ChannelWithLive(Channel Channel, Domain.Stream? Live);

    // Every viewer arriving at a channel page reads this: one round trip, translated once.
    private static readonly Func<StreamingDbContext, string, CancellationToken, Task<ChannelWithLive?>> ChannelAndLiveStream =
        EF.CompileAsyncQuery((StreamingDbContext db, string slug, CancellationToken _) => db.Channels.AsNoTracking()
            .Where(c => c.Slug == slug)
            .Select(c => new ChannelWithLive(c, db.Streams.AsNoTracking().FirstOrDefault(s => s.ChannelId == c.Id && s.Status == StreamStatuses.Live)))
            .SingleOrDefault());

    internal static async Task<Results<Ok<ChannelResponse>, ProblemHttpResult>> GetAsync(
        string slug, ClaimsPrincipal principal, StreamingDbContext db, ViewerTracker viewers, CancellationToken cancellationToken)
    {
        if (await ChannelAndLiveStream(db, slug.ToLowerInvariant(), cancellationToken) is not { Channel: var channel, Live: var live }) return ApiProblems.NotFound("channel");
        if (live is not null) live.RecordAudience(await viewers.CurrentViewersAsync(live.Id), 0, 0, live.UpdatedAt);
        bool? following = principal.UserIdOrNull() is { } me
            ? await db.Followers.AnyAsync(f => f.FollowerId == me && f.ChannelId == channel.Id, cancellationToken)
            : null;
        return TypedResults.Ok(ToResponse(channel, live, following));
    }

    internal static async Task<Results<Ok<ChannelResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string slug, UpdateChannelRequest request, ClaimsPrincipal principal, StreamingDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = request.Name?.Trim();
        errors.Check(name is { Length: 0 or > 100 }, "name", "Name must be 1–100 characters.");
        var (description, category, language) = ValidateDetails(request.Description, request.Category, request.Language, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var channel = await FindAsync(db, slug, cancellationToken, tracked: true);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!channel.IsOwnedBy(principal.UserId()) && !principal.IsInRole(Roles.Admin)) return ApiProblems.Forbidden("Only the channel's owner may edit it.");

        var now = clock.GetUtcNow().UtcDateTime;
        channel.UpdateDetails(name ?? channel.Name,
            description is null ? channel.Description : Blank(description),
            category is null ? channel.Category : Blank(category),
            language is null ? channel.Language : Blank(language), now);
        db.AddEvent(new ChannelUpdated(channel.Id, channel.UserId, channel.Slug, channel.Name, channel.Category, channel.Language, now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(channel, null, null));
    }

    internal static async Task<Results<Ok<StreamKeyResponse>, ProblemHttpResult>> GetKeyAsync(
        string slug, ClaimsPrincipal principal, StreamingDbContext db, StreamKeyVault vault, IOptions<IngestOptions> ingest,
        CancellationToken cancellationToken)
    {
        var channel = await FindAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!channel.IsOwnedBy(principal.UserId())) return ApiProblems.Forbidden("Only the channel's owner may see its stream key.");
        var key = await db.StreamKeys.AsNoTracking().SingleAsync(k => k.ChannelId == channel.Id, cancellationToken);
        return TypedResults.Ok(new StreamKeyResponse(vault.Decrypt(key.EncryptedKey), ingest.Value.RtmpUrl));
    }

    internal static async Task<Results<Ok<StreamKeyResponse>, ProblemHttpResult>> RotateKeyAsync(
        string slug, ClaimsPrincipal principal, StreamingDbContext db, StreamKeyVault vault, IngestControl control,
        IOptions<IngestOptions> ingest, TimeProvider clock, CancellationToken cancellationToken)
    {
        var channel = await FindAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!channel.IsOwnedBy(principal.UserId())) return ApiProblems.Forbidden("Only the channel's owner may rotate its stream key.");

        var key = await db.StreamKeys.SingleAsync(k => k.ChannelId == channel.Id, cancellationToken);
        var fresh = vault.Generate();
        key.Rotate(fresh.Hash, fresh.Encrypted, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await CutPublisherAsync(db, control, channel.Id, cancellationToken);
        return TypedResults.Ok(new StreamKeyResponse(fresh.Key, ingest.Value.RtmpUrl));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> SetSuspendedAsync(
        string slug, bool suspended, StreamingDbContext db, IngestControl control, TimeProvider clock, CancellationToken cancellationToken)
    {
        var channel = await FindAsync(db, slug, cancellationToken, tracked: true);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (suspended) channel.Suspend(clock.GetUtcNow().UtcDateTime);
        else channel.Reinstate(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        if (suspended) await CutPublisherAsync(db, control, channel.Id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task CutPublisherAsync(StreamingDbContext db, IngestControl control, Guid channelId, CancellationToken cancellationToken)
    {
        var clientId = await db.Streams.Where(s => s.ChannelId == channelId && s.Status == StreamStatuses.Live && s.IngestClientId != null)
            .Select(s => s.IngestClientId).SingleOrDefaultAsync(cancellationToken);
        if (clientId is not null) await control.DropPublisherAsync(clientId, cancellationToken);
    }

    internal static Task<Channel?> FindAsync(StreamingDbContext db, string slug, CancellationToken cancellationToken, bool tracked = false)
    {
        var normalized = slug.ToLowerInvariant();
        var channels = tracked ? db.Channels : db.Channels.AsNoTracking();
        return channels.SingleOrDefaultAsync(c => c.Slug == normalized, cancellationToken);
    }

    internal static ChannelResponse ToResponse(Channel c, Domain.Stream? live, bool? following) => new(
        c.Id, c.UserId, c.Name, c.Slug, c.Description, c.Category, c.Language, c.IsLive, c.TotalViews, c.FollowerCount,
        c.SuspendedAt is not null, c.CreatedAt, c.UpdatedAt,
        live is null ? null : new LiveStreamSummary(live.Id, live.Title, live.ViewerCount, live.HlsUrl, live.StartedAt), following);

    private static (string? Description, string? Category, string? Language) ValidateDetails(
        string? description, string? category, string? language, FieldErrors errors)
    {
        var d = description?.Trim();
        var c = category?.Trim().ToLowerInvariant();
        var l = language?.Trim().ToLowerInvariant();
        errors.Check(d is { Length: > 1000 }, "description", "Description must be at most 1000 characters.");
        errors.Check(c is { Length: > 0 } && !CategoryPattern().IsMatch(c), "category", "Category must be up to 100 characters of a–z, 0–9 and -.");
        errors.Check(l is { Length: > 0 } && !LanguagePattern().IsMatch(l), "language", "Language must be a language tag such as en or pt-br.");
        return (d, c, l);
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex CategoryPattern();

    [GeneratedRegex("^[a-z]{2,3}(-[a-z0-9]{2,8})?$")]
    private static partial Regex LanguagePattern();
}
