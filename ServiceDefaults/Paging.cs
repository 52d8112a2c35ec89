using System.Buffers.Binary;
using System.Buffers.Text;

namespace AeThexLive.ServiceDefaults;

/// <summary>A page of a list: <c>{ "items": [...], "nextCursor": ... }</c>; no next cursor means the end.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Keyset paging on (time, id), newest first: a cursor is the last row's position, opaque to
/// clients, so pages stay stable while rows are added.
/// </summary>
public readonly record struct PageRequest(int Limit, DateTime? AfterTime, Guid? AfterId)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Reads <c>limit</c> and <c>cursor</c>, adding field errors for bad values.</summary>
    public static PageRequest Read(int? limit, string? cursor, FieldErrors errors)
    {
        errors.Check(limit is < 1 or > MaxLimit, "limit", $"Limit must be between 1 and {MaxLimit}.");
        DateTime? time = null;
        Guid? id = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (TryDecode(cursor, out var t, out var i)) (time, id) = (t, i);
            else errors.Add("cursor", "The cursor is not one this API gave out.");
        }
        return new PageRequest(Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit), time, id);
    }

    /// <summary>Builds the page from up to Limit + 1 rows fetched in order.</summary>
    public Page<T> ToPage<T>(IReadOnlyList<T> rows, Func<T, (DateTime Time, Guid Id)> position)
    {
        if (rows.Count <= Limit) return new Page<T>(rows, null);
        var items = rows.Take(Limit).ToList();
        var (time, id) = position(items[^1]);
        return new Page<T>(items, Encode(time, id));
    }

    public static string Encode(DateTime time, Guid id)
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, time.Ticks);
        id.TryWriteBytes(bytes[8..]);
        return Base64Url.EncodeToString(bytes);
    }

    private static bool TryDecode(string cursor, out DateTime time, out Guid id)
    {
        (time, id) = (default, default);
        Span<byte> bytes = stackalloc byte[24];
        if (!TryDecodeExactly(cursor, bytes)) return false;
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
        time = new DateTime(ticks, DateTimeKind.Utc);
        id = new Guid(bytes[8..]);
        return true;
    }

    /// <summary>
    /// Decodes a cursor of exactly <paramref name="bytes"/>' length. Anything else a client sends is
    /// false, never an exception: Base64Url's decoder throws on characters outside its alphabet.
    /// </summary>
    internal static bool TryDecodeExactly(string cursor, Span<byte> bytes) =>
        cursor.Length == Base64Url.GetEncodedLength(bytes.Length)
        && Base64Url.IsValid(cursor)
        && Base64Url.TryDecodeFromChars(cursor, bytes, out var written) && written == bytes.Length;
}

/// <summary>A position in a list ordered by something that moves (viewer counts), as an opaque cursor.</summary>
public static class OffsetCursor
{
    public static string Write(int offset) => Base64Url.EncodeToString(BitConverter.GetBytes(offset));

    public static bool TryRead(string cursor, out int offset)
    {
        Span<byte> bytes = stackalloc byte[4];
        offset = PageRequest.TryDecodeExactly(cursor, bytes) ? BitConverter.ToInt32(bytes) : -1;
        return offset >= 0;
    }
}
