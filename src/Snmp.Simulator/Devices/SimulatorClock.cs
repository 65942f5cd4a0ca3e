namespace Snmp.Simulator;

/// <summary>The simulator's start on its TimeProvider: what sysUpTime and moving values count from.</summary>
internal sealed class SimulatorClock(TimeProvider timeProvider)
{
    private readonly long _start = timeProvider.GetTimestamp();

    public TimeProvider TimeProvider { get; } = timeProvider;

    public double ElapsedSeconds => TimeProvider.GetElapsedTime(_start).TotalSeconds;

    /// <summary>Hundredths of a second since the start, modulo 2^32 as TimeTicks are.</summary>
    public uint UpTimeTicks => (uint)((ulong)(ElapsedSeconds * 100) & uint.MaxValue);
}
