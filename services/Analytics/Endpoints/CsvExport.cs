using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AeThexLive.Analytics.Endpoints;

/// <summary>CSV answers (RFC 4180, a header row, UTC times in ISO 8601), for a client that asks with Accept: text/csv or ?format=csv.</summary>
internal static class CsvExport
{
    public const string ContentType = "text/csv";

    /// <summary>Whether the request asks for CSV; anything but csv or json in ?format= is the caller's error (null).</summary>
    public static bool? Wanted(HttpRequest request, string? format) => format?.ToLowerInvariant() switch
    {
        "csv" => true,
        "json" => false,
        null or "" => request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase)),
        _ => null,
    };

    public static FileContentHttpResult File<T>(IEnumerable<T> rows, string fileName)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, CsvWriterOptions.Default, leaveOpen: true))
        {
            // The header first, even for no rows: a spreadsheet opened on an empty range still shows its columns.
            csv.WriteHeader<T>();
            csv.WriteRecords(rows);
        }
        return TypedResults.File(buffer.ToArray(), $"{ContentType}; charset=utf-8", fileName);
    }
}
