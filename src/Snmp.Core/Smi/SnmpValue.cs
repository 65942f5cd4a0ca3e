namespace Snmp;

/// <summary>
/// The value half of a variable binding: one of the SMI types of RFC 2578 or one of the
/// exceptions of RFC 3416 section 3. Every value is immutable and compares by value.
/// </summary>
public abstract class SnmpValue : IEquatable<SnmpValue>
{
    private protected SnmpValue()
    {
    }

    /// <summary>The BER tag that identifies this value's type on the wire.</summary>
    public abstract SnmpType Type { get; }

    /// <summary>
    /// True for noSuchObject, noSuchInstance and endOfMibView: the RFC 3416 exceptions an agent
    /// returns instead of a value.
    /// </summary>
    public bool IsException => Type is SnmpType.NoSuchObject or SnmpType.NoSuchInstance or SnmpType.EndOfMibView;

    /// <inheritdoc />
    public abstract bool Equals(SnmpValue? other);

    /// <inheritdoc />
    public sealed override bool Equals(object? obj) => Equals(obj as SnmpValue);

    /// <inheritdoc />
    public abstract override int GetHashCode();

    /// <summary>Value equality.</summary>
    public static bool operator ==(SnmpValue? left, SnmpValue? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(SnmpValue? left, SnmpValue? right) => !(left == right);
}
