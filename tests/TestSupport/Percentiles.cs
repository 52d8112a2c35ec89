namespace AeThexLive.TestSupport;

/// <summary>Nearest-rank percentiles and the one-line summaries the benchmarks print.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static string Header(int nameWidth) => $"{"measure".PadRight(nameWidth)} {"p50",9} {"p95",9} {"p99",9} {"max",9}";

    public static string Row(string name, IReadOnlyCollection<double> values, int nameWidth) =>
        $"{name.PadRight(nameWidth)} {Of(values, 0.5),9:0.0} {Of(values, 0.95),9:0.0} {Of(values, 0.99),9:0.0} {values.DefaultIfEmpty(double.NaN).Max(),9:0.0}";
}
