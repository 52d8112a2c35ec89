using System.Diagnostics;
using System.Globalization;

namespace AeThexLive.Benchmarks;

/// <summary>
/// CPU time spent by this run's processes during a window, per part of the platform, read from
/// /proc (Linux). A process belongs to the run when it descends from this program or from a process
/// whose command line holds one of the run's markers (its data folder, its services' executables,
/// a server's address); DCP, which starts the AppHost's resources, leaves this program's tree. It is
/// named by the nearest recognised part of its ancestry (a PostgreSQL backend counts as postgres,
/// an nginx worker as its nginx). Processes born during the window count from zero; one that ends
/// between two samples loses its last fraction of a second, so short-lived processes are
/// slightly under-counted.
/// </summary>
public sealed class ProcessCpu : IAsyncDisposable
{
    private static readonly double TicksPerSecond = ReadTicksPerSecond();

    private readonly Func<int, string, string?> _name;
    private readonly string[] _markers;
    private readonly int _self = Environment.ProcessId;
    private readonly Dictionary<int, (string? Name, bool MentionsData, long StartTime)> _known = [];
    private readonly Dictionary<(int Pid, long StartTime), (string Name, long First, long Last)> _ticks = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long _machineBusyAtStart;
    private readonly long _machineTotalAtStart;
    private Task _sampling = Task.CompletedTask;
    private bool _firstScan = true;

    private ProcessCpu(string[] markers, Func<int, string, string?> name)
    {
        _markers = markers;
        _name = name;
        (_machineBusyAtStart, _machineTotalAtStart) = MachineTicks();
    }

    /// <summary>Starts counting now, sampling every half second until <see cref="StopAsync"/>.</summary>
    /// <param name="name">
    /// Names a process from its id and command line ("gateway", "postgres"…), or null when the
    /// command line says nothing: then it takes its nearest named ancestor's name.
    /// </param>
    /// <param name="markers">Text only this run's processes have in their command lines.</param>
    public static ProcessCpu Start(string[] markers, Func<int, string, string?> name)
    {
        var sampler = new ProcessCpu(markers, name);
        sampler.Scan();
        sampler._firstScan = false;
        sampler._sampling = sampler.SampleAsync();
        return sampler;
    }

    /// <summary>Stops and returns CPU seconds per name, the window's length, and the whole machine's busy share (0–1) over it.</summary>
    public async Task<CpuWindow> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        Scan();
        var seconds = _clock.Elapsed.TotalSeconds;
        var (busy, total) = MachineTicks();
        var perName = _ticks.Values.GroupBy(t => t.Name)
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Last - t.First) / TicksPerSecond);
        return new CpuWindow(perName, seconds, (double)(busy - _machineBusyAtStart) / Math.Max(1, total - _machineTotalAtStart));
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) Scan();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Scan()
    {
        var stats = new Dictionary<int, (int Parent, long StartTime, long Ticks)>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && ReadStat(pid) is { } stat) stats[pid] = stat;
        }
        foreach (var (pid, stat) in stats)
        {
            if (NameOf(pid, stats) is not { } name) continue;
            var key = (pid, stat.StartTime);
            _ticks[key] = _ticks.TryGetValue(key, out var seen) ? seen with { Last = stat.Ticks } : (name, _firstScan ? stat.Ticks : 0, stat.Ticks);
        }
    }

    /// <summary>The part a process belongs to, or null when it is not this run's.</summary>
    private string? NameOf(int pid, Dictionary<int, (int Parent, long StartTime, long Ticks)> stats)
    {
        if (pid == _self) return "load generator + AppHost";
        string? name = null;
        var ours = false;
        var depth = 0;
        for (var current = pid; current > 1 && stats.TryGetValue(current, out var stat) && depth++ < 64; current = stat.Parent)
        {
            if (current == _self)
            {
                ours = true;
                break;
            }
            var (own, mentionsData) = Identify(current, stat.StartTime);
            name ??= own;
            ours |= mentionsData;
        }
        return ours ? name ?? "other" : null;
    }

    /// <summary>A process's own name (null when its command line says nothing) and whether its command line holds a marker of the run.</summary>
    private (string? Name, bool MentionsData) Identify(int pid, long startTime)
    {
        if (_known.TryGetValue(pid, out var known) && known.StartTime == startTime) return (known.Name, known.MentionsData);
        string commandLine;
        try
        {
            commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            commandLine = "";
        }
        known = (_name(pid, commandLine), _markers.Any(m => commandLine.Contains(m, StringComparison.Ordinal)), startTime);
        _known[pid] = known;
        return (known.Name, known.MentionsData);
    }

    /// <summary>Parent, start time and user+system ticks from /proc/&lt;pid&gt;/stat (fields 4, 22, 14 and 15).</summary>
    private static (int Parent, long StartTime, long Ticks)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    /// <summary>Busy and total ticks of all cores since boot, from /proc/stat's first line.</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Take(8).Sum();
        return (total - idle, total);
    }

    /// <summary>USER_HZ; 100 on every Linux this runs on, asked of getconf when it can be.</summary>
    private static double ReadTicksPerSecond()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
            var answer = getconf.StandardOutput.ReadToEnd();
            getconf.WaitForExit();
            return double.TryParse(answer.Trim(), CultureInfo.InvariantCulture, out var hz) && hz > 0 ? hz : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}

/// <summary>CPU seconds per part of the platform over a window of <paramref name="Seconds"/>; <paramref name="MachineBusy"/> is all cores' busy share (0–1).</summary>
public sealed record CpuWindow(IReadOnlyDictionary<string, double> CpuSeconds, double Seconds, double MachineBusy)
{
    /// <summary>Lines "name  1.23 s  61.5 % of a core  30.8 % of the machine", busiest first, then the sum and the machine's total.</summary>
    public IEnumerable<string> Lines()
    {
        var cores = Environment.ProcessorCount;
        // Helpers that did nothing in the window (shells, df) are left out.
        foreach (var (name, seconds) in CpuSeconds.Where(p => p.Value >= 0.01).OrderByDescending(p => p.Value))
        {
            yield return $"{name,-22} {seconds,7:0.00} s CPU {100 * seconds / Seconds,7:0.0} % of a core {100 * seconds / Seconds / cores,6:0.0} % of the machine";
        }
        var ours = CpuSeconds.Values.Sum();
        yield return $"{"this run, all parts",-22} {ours,7:0.00} s CPU {100 * ours / Seconds,7:0.0} % of a core {100 * ours / Seconds / cores,6:0.0} % of the machine";
        yield return $"{"whole machine",-22} {MachineBusy * cores * Seconds,7:0.00} s CPU {100 * MachineBusy * cores,7:0.0} % of a core {100 * MachineBusy,6:0.0} % of the machine"
            + " (the rest is other work on this machine)";
    }
}

/// <summary>
/// A platform that has just reported healthy is still busy for a minute or more (the JIT's
/// second tier, first relays and consumers, caches filling): measuring then mixes its start-up
/// into the figures. A running platform that a crowd arrives at has long settled.
/// </summary>
public static class Settling
{
    /// <summary>
    /// Waits until the run's processes spend at most <paramref name="idleShareOfACore"/> of a core over
    /// a window of <paramref name="window"/>, or <paramref name="limit"/> has passed.
    /// </summary>
    /// <returns>How long it took, whether it settled, and the last window (what the platform spends idle).</returns>
    public static async Task<(TimeSpan Waited, bool Settled, CpuWindow Last)> WaitAsync(Func<ProcessCpu> sample, TimeSpan window, TimeSpan limit,
        double idleShareOfACore = 0.25)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var cpu = sample();
            await Task.Delay(window);
            var last = await cpu.StopAsync();
            var settled = last.CpuSeconds.Values.Sum() / last.Seconds <= idleShareOfACore;
            if (settled || clock.Elapsed >= limit) return (clock.Elapsed, settled, last);
        }
    }
}
