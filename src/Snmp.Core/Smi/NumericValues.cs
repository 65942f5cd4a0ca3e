using System.Globalization;

namespace Snmp;

/// <summary>INTEGER / Integer32 (RFC 2578 section 7.1.1): -2^31 .. 2^31-1.</summary>
public sealed class Integer32(int value) : SnmpValue
{
    /// <summary>The signed 32-bit value.</summary>
    public int Value { get; } = value;

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.Integer32;

    /// <inheritdoc />
    public override bool Equals(SnmpValue? other) => other is Integer32 o && o.Value == Value;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Counter32 (RFC 2578 section 7.1.6): a wrapping non-negative 32-bit counter.</summary>
public sealed class Counter32(uint value) : SnmpValue
{
    /// <summary>The counter value.</summary>
    public uint Value { get; } = value;

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.Counter32;

    /// <inheritdoc />
    public override bool Equals(SnmpValue? other) => other is Counter32 o && o.Value == Value;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Gauge32, and Unsigned32 which is the same type on the wire (RFC 2578 sections 7.1.7 and 7.1.11):
/// a non-negative 32-bit value that latches at its maximum.
/// </summary>
public sealed class Gauge32(uint value) : SnmpValue
{
    /// <summary>The gauge value.</summary>
    public uint Value { get; } = value;

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.Gauge32;

    /// <inheritdoc />
    public override bool Equals(SnmpValue? other) => other is Gauge32 o && o.Value == Value;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>TimeTicks (RFC 2578 section 7.1.8): hundredths of a second, modulo 2^32.</summary>
public sealed class TimeTicks(uint value) : SnmpValue
{
    /// <summary>The number of hundredths of a second.</summary>
    public uint Value { get; } = value;

    /// <summary>Creates TimeTicks from a duration, truncated to hundredths of a second.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is negative or beyond 2^32-1 hundredths.</exception>
    public static TimeTicks FromTimeSpan(TimeSpan duration)
    {
        long ticks = duration.Ticks / (TimeSpan.TicksPerMillisecond * 10);
        ArgumentOutOfRangeException.ThrowIfNegative(ticks, nameof(duration));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ticks, uint.MaxValue, nameof(duration));
        return new TimeTicks((uint)ticks);
    }

    /// <summary>The value as a duration.</summary>
    public TimeSpan ToTimeSpan() => TimeSpan.FromTicks(Value * TimeSpan.TicksPerMillisecond * 10);

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.TimeTicks;

    /// <inheritdoc />
    public override bool Equals(SnmpValue? other) => other is TimeTicks o && o.Value == Value;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Counter64 (RFC 2578 section 7.1.10). SNMPv1 cannot carry it (RFC 3584 section 4.2.2).</summary>
public sealed class Counter64(ulong value) : SnmpValue
{
    /// <summary>The counter value.</summary>
    public ulong Value { get; } = value;

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.Counter64;

    /// <inheritdoc />
    public override bool Equals(SnmpValue? other) => other is Counter64 o && o.Value == Value;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
