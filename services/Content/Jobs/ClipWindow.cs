namespace AeThexLive.Content.Jobs;

/// <summary>
/// What a clip job cuts: Seconds from OffsetSeconds into its VOD, or (live) Seconds from From in
/// the channel's live buffer, using only fragments of the broadcast that began at NotBefore.
/// </summary>
public sealed record ClipWindow(double Seconds, double? OffsetSeconds = null, DateTime? From = null, DateTime? NotBefore = null);
