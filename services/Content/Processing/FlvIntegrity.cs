using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace AeThexLive.Content.Processing;

/// <summary>
/// Checks that an FLV recording is whole: every tag its header announces is there to the last
/// byte. ffmpeg reads a truncated FLV without complaint and remuxes whatever precedes the cut,
/// so a recording cut short (disk full, nginx killed) would otherwise become a VOD that silently
/// stops early. Reads 11 bytes per tag with positioned reads: milliseconds for an hour of video.
/// </summary>
public static class FlvIntegrity
{
    private const int TagHeaderSize = 11;
    private const int PreviousTagSizeField = 4;

    public enum Verdict { Whole, NotFlv, Truncated }

    public static Verdict Check(string path)
    {
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(file);
        Span<byte> header = stackalloc byte[TagHeaderSize];
        if (RandomAccess.Read(file, header[..9], 0) < 9 || header[0] != 'F' || header[1] != 'L' || header[2] != 'V') return Verdict.NotFlv;

        long position = BinaryPrimitives.ReadUInt32BigEndian(header[5..9]) + PreviousTagSizeField;
        while (position < length)
        {
            if (length - position < TagHeaderSize || RandomAccess.Read(file, header, position) < TagHeaderSize) return Verdict.Truncated;
            var dataSize = (header[1] << 16) | (header[2] << 8) | header[3];
            position += TagHeaderSize + dataSize + PreviousTagSizeField;
            if (position > length) return Verdict.Truncated;
        }
        return Verdict.Whole;
    }
}
