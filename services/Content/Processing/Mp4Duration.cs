using System.Buffers.Binary;

namespace AeThexLive.Content.Processing;

/// <summary>
/// Reads an MP4's duration from its movie header (moov/mvhd) without starting ffprobe: a
/// faststart file has it within its first kilobytes, and a clip is ready a process start sooner.
/// </summary>
public static class Mp4Duration
{
    /// <returns>The duration in seconds, or null when the file has no readable movie header.</returns>
    public static double? Read(string path)
    {
        using var file = File.OpenRead(path);
        var moov = FindBox(file, file.Length, "moov");
        if (moov is not { } movie) return null;
        var mvhd = FindBox(file, movie.End, "mvhd");
        if (mvhd is not { } header || header.End - file.Position < 32) return null;

        Span<byte> bytes = stackalloc byte[32];
        file.ReadExactly(bytes);
        // version 0: 4-byte creation and modification times and duration; version 1: 8-byte ones.
        var (timescale, duration) = bytes[0] == 1
            ? (BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]))
            : (BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]));
        return timescale == 0 ? null : duration / (double)timescale;
    }

    /// <summary>Walks the boxes from the current position up to <paramref name="end"/>; leaves the stream at the found box's body.</summary>
    private static (long Start, long End)? FindBox(FileStream file, long end, string type)
    {
        Span<byte> head = stackalloc byte[16];
        while (file.Position + 8 <= end)
        {
            var start = file.Position;
            file.ReadExactly(head[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(head);
            var bodyStart = start + 8;
            if (size == 1)
            {
                file.ReadExactly(head[8..16]);
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(head[8..]);
                bodyStart += 8;
            }
            else if (size == 0)
            {
                size = end - start;
            }
            if (size < bodyStart - start || start + size > end) return null;
            if (head[4] == type[0] && head[5] == type[1] && head[6] == type[2] && head[7] == type[3])
            {
                file.Position = bodyStart;
                return (bodyStart, start + size);
            }
            file.Position = start + size;
        }
        return null;
    }
}
