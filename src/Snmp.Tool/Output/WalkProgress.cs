using System.Diagnostics;
using System.Globalization;
using Snmp.Tool.Cli;

namespace Snmp.Tool.Output;

/// <summary>
/// The progress line of a long walk (varbinds, rate, elapsed) on standard error, rewritten in
/// place at most four times a second, only when standard error is a terminal: piped or
/// redirected output never sees it. Cleared when the walk ends.
/// </summary>
internal sealed class WalkProgress(ToolConsole console)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private readonly bool _enabled = console.ErrorIsTerminal;
    private readonly long _started = Stopwatch.GetTimestamp();
    private TimeSpan _lastShown;
    private long _count;
    private bool _shown;

    public void Add()
    {
        _count++;
        if (!_enabled || (_count & 63) != 0)
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(_started);
        if (elapsed < Delay || elapsed - _lastShown < Interval)
        {
            return;
        }

        _lastShown = elapsed;
        _shown = true;
        console.Error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{_count} varbinds, {_count / elapsed.TotalSeconds:0} /s, {elapsed.TotalSeconds:0.0} s "));
        console.Error.Flush();
    }

    public void End()
    {
        if (_shown)
        {
            console.Error.Write("\r\u001b[K");
            console.Error.Flush();
        }
    }
}
