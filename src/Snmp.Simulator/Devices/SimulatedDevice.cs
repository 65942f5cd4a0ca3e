using System.Collections.Concurrent;

namespace Snmp.Simulator;

/// <summary>
/// One simulated device: a shared <see cref="Recording"/> and only what is its own (the values
/// written to it, its misbehaviour). Values are computed when asked: sysUpTime from the
/// simulator's start, snmpsim's numeric variation and, with live counters, every counter at its
/// recorded average rate.
/// </summary>
internal sealed class SimulatedDevice
{
    private readonly SimulatorClock _clock;
    private readonly SimulatorSettings _settings;
    private ConcurrentDictionary<int, SnmpValue>? _written;

    public SimulatedDevice(string name, Recording recording, SimulatorClock clock, SimulatorSettings settings, DeviceBehaviour? behaviour, SimulatorCounters counters)
    {
        Name = name;
        Recording = recording;
        _clock = clock;
        _settings = settings;
        Behaviour = behaviour is { IsActive: true } ? behaviour : null;
        Counters = counters;
    }

    public string Name { get; }

    public Recording Recording { get; }

    public SimulatorCounters Counters { get; }

    public DeviceBehaviour? Behaviour { get; }

    public TimeProvider TimeProvider => _clock.TimeProvider;

    /// <summary>How many values were written to this device (its own state).</summary>
    public int WrittenCount => _written?.Count ?? 0;

    public SnmpValue ValueAt(int index)
    {
        if (_written is { } written && written.TryGetValue(index, out var value))
        {
            return value;
        }

        var recorded = Recording.ValueAt(index);
        if (Recording.VariationAt(index) is { Module: "numeric" } numeric)
        {
            return Variations.Numeric(numeric, recorded, _clock.ElapsedSeconds, Random.Shared);
        }

        if (!_settings.Live)
        {
            return recorded;
        }

        if (recorded is TimeTicks && Recording.OidAt(index).Equals(Recording.SysUpTime))
        {
            return new TimeTicks(_clock.UpTimeTicks);
        }

        // A counter moves at the average rate it had when recorded (its value over sysUpTime), and wraps.
        double upTime = Recording.RecordedUpTimeSeconds;
        if (upTime > 0 && recorded is Counter32 or Counter64)
        {
            double factor = _clock.ElapsedSeconds / upTime;
            if (recorded is Counter32 c32)
            {
                return new Counter32(unchecked((uint)(c32.Value + Wrapped(c32.Value * factor, 4294967296.0))));
            }

            var c64 = (Counter64)recorded;
            return new Counter64(unchecked(c64.Value + Wrapped(c64.Value * factor, 18446744073709551616.0)));
        }

        return recorded;
    }

    private static ulong Wrapped(double increment, double modulus) => (ulong)(increment % modulus);

    public bool IsWritable(int index) => _settings.Writable || Recording.VariationAt(index) is { Module: "writecache" };

    public void Write(int index, SnmpValue value)
    {
        var written = _written ?? Interlocked.CompareExchange(ref _written, new ConcurrentDictionary<int, SnmpValue>(), null) ?? _written!;
        written[index] = value;
    }

    public bool TryRestore(int index, SnmpValue? previous)
    {
        if (previous is null)
        {
            return _written?.TryRemove(index, out _) ?? false;
        }

        Write(index, previous);
        return true;
    }

    public SnmpValue? WrittenAt(int index) => _written is { } written && written.TryGetValue(index, out var value) ? value : null;
}
