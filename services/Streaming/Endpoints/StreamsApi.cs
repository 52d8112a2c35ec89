using System.Security.Claims;
using System.Text.RegularExpressions;
using AeThexLive.ServiceDefaults;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Domain;
using AeThexLive.Streaming.Live;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Stream = AeThexLive.Streaming.Domain.Stream;

namespace AeThexLive.Streaming.Endpoints;

public sealed record ScheduleStreamRequest(string? Title, string? Description, string[]? Tags);

/// <summary>Fields left out stay as they are; tags, when given, replace the set.</summary>
public sealed record UpdateStreamRequest(string? Title, string? Description, string[]? Tags);

public sealed record HeartbeatRequest(string? ViewerId);

public sealed record HeartbeatResponse(int ViewerCount);

public sealed record StreamResponse(
    Guid Id, Guid ChannelId, string ChannelSlug, string Title, string? Description, IReadOnlyList<string> Tags, string Status,
    int ViewerCount, int PeakViewers, int UniqueViewers, string? HlsUrl, DateTime? StartedAt, DateTime? EndedAt, int? DurationSeconds,
    DateTime CreatedAt);

public static partial class StreamsApi
{
    private const int MaxTags = 10;
    private const int MaxTagLength = 25;
    private const int MaxScheduled = 10;

    public static IEndpointRouteBuilder MapStreamsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/channels/{slug}/streams", ListAsync).WithTags("Streams").WithName("ListStreams")
            .WithSummary("A channel's streams, newest first (status=live|scheduled|ended to filter)");
        app.MapPost("/api/channels/{slug}/streams", ScheduleAsync).WithTags("Streams").WithName("ScheduleStream")
            .WithSummary("Prepare the next broadcast's title, description and tags (owner)").RequireAuthorization();
        var streams = app.MapGroup("/api/streams/{id:guid}").WithTags("Streams");
        streams.MapGet("/", GetAsync).WithName("GetStream").WithSummary("A stream, with its current viewer count while live");
        streams.MapPatch("/", UpdateAsync).WithName("UpdateStream")
            .WithSummary("Edit title, description and tags while scheduled or live (owner)").RequireAuthorization();
        streams.MapPost("/viewers/heartbeat", HeartbeatAsync).WithName("ViewerHeartbeat")
            .WithSummary("A player says it is still watching (every ~15 s; anonymous or signed in)");
        return app;
    }

    internal static async Task<Results<Ok<Page<StreamResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string slug, string? status, int? limit, string? cursor, StreamingDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        errors.Check(status is not (null or StreamStatuses.Live or StreamStatuses.Scheduled or StreamStatuses.Ended), "status",
            "Status must be live, scheduled or ended.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var channel = await ChannelsApi.FindAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        var streams = db.Streams.AsNoTracking().Include(s => s.Tags).Where(s => s.ChannelId == channel.Id);
        if (status is not null) streams = streams.Where(s => s.Status == status);
        if (page.AfterTime is { } afterTime && page.AfterId is { } afterId)
        {
            streams = streams.Where(s => EF.Functions.LessThan(ValueTuple.Create(s.CreatedAt, s.Id), ValueTuple.Create(afterTime, afterId)));
        }
        var rows = await streams.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows.Select(s => ToResponse(s, channel.Slug, null)).ToList(), s => (s.CreatedAt, s.Id)));
    }

    internal static async Task<Results<Created<StreamResponse>, ValidationProblem, ProblemHttpResult>> ScheduleAsync(
        string slug, ScheduleStreamRequest request, ClaimsPrincipal principal, StreamingDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var title = request.Title?.Trim() ?? "";
        errors.Check(title.Length is 0 or > 140, "title", "Title must be 1–140 characters.");
        var description = ValidateDescription(request.Description, errors);
        var tags = ValidateTags(request.Tags, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var channel = await ChannelsApi.FindAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!channel.IsOwnedBy(principal.UserId())) return ApiProblems.Forbidden("Only the channel's owner may schedule its streams.");
        if (await db.Streams.CountAsync(s => s.ChannelId == channel.Id && s.Status == StreamStatuses.Scheduled, cancellationToken) >= MaxScheduled)
        {
            return ApiProblems.Conflict("too-many-scheduled", $"A channel may have at most {MaxScheduled} scheduled streams.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        var stream = Stream.Schedule(id, channel.Id, title, description is { Length: > 0 } ? description : null, $"s_{id:N}", now);
        if (tags is not null) stream.ReplaceTags(tags, now);
        db.Streams.Add(stream);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/streams/{stream.Id}", ToResponse(stream, channel.Slug, null));
    }

    internal static async Task<Results<Ok<StreamResponse>, ProblemHttpResult>> GetAsync(
        Guid id, StreamingDbContext db, ViewerTracker viewers, CancellationToken cancellationToken)
    {
        var found = await db.Streams.AsNoTracking().Include(s => s.Tags).Where(s => s.Id == id)
            .Join(db.Channels, s => s.ChannelId, c => c.Id, (s, c) => new { Stream = s, c.Slug })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null) return ApiProblems.NotFound("stream");
        int? current = found.Stream.IsLive ? await viewers.CurrentViewersAsync(id) : null;
        return TypedResults.Ok(ToResponse(found.Stream, found.Slug, current));
    }

    internal static async Task<Results<Ok<StreamResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateStreamRequest request, ClaimsPrincipal principal, StreamingDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var title = request.Title?.Trim();
        errors.Check(title is { Length: 0 or > 140 }, "title", "Title must be 1–140 characters.");
        var description = ValidateDescription(request.Description, errors);
        var tags = ValidateTags(request.Tags, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var stream = await db.Streams.Include(s => s.Tags).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (stream is null) return ApiProblems.NotFound("stream");
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == stream.ChannelId, cancellationToken);
        if (!channel.IsOwnedBy(principal.UserId())) return ApiProblems.Forbidden("Only the channel's owner may edit its streams.");
        if (stream.Status == StreamStatuses.Ended) return ApiProblems.Conflict("stream-ended", "An ended stream cannot be edited.");

        var now = clock.GetUtcNow().UtcDateTime;
        stream.UpdateDetails(title ?? stream.Title, description is null ? stream.Description : description.Length == 0 ? null : description, now);
        if (tags is not null) stream.ReplaceTags(tags, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(stream, channel.Slug, null));
    }

    internal static async Task<Results<Ok<HeartbeatResponse>, ValidationProblem, ProblemHttpResult>> HeartbeatAsync(
        Guid id, HeartbeatRequest request, HttpContext context, ViewerTracker viewers, CancellationToken cancellationToken)
    {
        var signedIn = context.User.UserIdOrNull();
        if (signedIn is null && (request.ViewerId is null || !ViewerIdPattern().IsMatch(request.ViewerId)))
        {
            return TypedResults.ValidationProblem(new FieldErrors()
                .Add("viewerId", "An anonymous viewer sends a viewerId of 8–64 characters of A–Z, a–z, 0–9, - and _.").ToDictionary());
        }
        // Signed-in viewers count once per account whatever id their players send.
        var viewerKey = signedIn is { } userId ? $"u:{userId}" : $"a:{request.ViewerId}";
        var address = signedIn is null ? context.Connection.RemoteIpAddress?.ToString() ?? "unknown" : null;
        var result = await viewers.HeartbeatAsync(id, viewerKey, address);
        return result.Outcome switch
        {
            HeartbeatOutcome.Counted => TypedResults.Ok(new HeartbeatResponse(result.Viewers)),
            HeartbeatOutcome.TooManyFromAddress => ApiProblems.Of(StatusCodes.Status429TooManyRequests, "too-many-viewers-from-address",
                "Too many anonymous viewers from this address are watching this stream."),
            _ => ApiProblems.Of(StatusCodes.Status404NotFound, "stream-not-live", "No live stream has that id."),
        };
    }

    private static StreamResponse ToResponse(Stream s, string slug, int? currentViewers) => new(
        s.Id, s.ChannelId, slug, s.Title, s.Description, s.Tags.Select(t => t.Tag).Order().ToList(), s.Status,
        currentViewers ?? s.ViewerCount, s.PeakViewers, s.UniqueViewers, s.HlsUrl, s.StartedAt, s.EndedAt, s.DurationSeconds, s.CreatedAt);

    private static string? ValidateDescription(string? description, FieldErrors errors)
    {
        var d = description?.Trim();
        errors.Check(d is { Length: > 2000 }, "description", "Description must be at most 2000 characters.");
        return d;
    }

    private static List<string>? ValidateTags(string[]? tags, FieldErrors errors)
    {
        if (tags is null) return null;
        var cleaned = tags.Select(t => t?.Trim().ToLowerInvariant() ?? "").Distinct().ToList();
        errors.Check(cleaned.Count > MaxTags, "tags", $"At most {MaxTags} tags.");
        errors.Check(cleaned.Any(t => !TagPattern().IsMatch(t)), "tags", $"Each tag is 1–{MaxTagLength} letters, digits, - or _.");
        return cleaned;
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{8,64}$")]
    private static partial Regex ViewerIdPattern();

    [GeneratedRegex(@"^[\p{L}\p{N}_-]{1,25}$")]
    private static partial Regex TagPattern();
}
