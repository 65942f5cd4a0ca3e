namespace Snmp;

/// <summary>
/// A variable binding (RFC 3416 section 3, VarBind): an object instance name and its value, or
/// NULL in a request, or one of the exceptions in a response.
/// </summary>
public readonly struct VarBind : IEquatable<VarBind>
{
    /// <summary>Binds <paramref name="oid"/> to <paramref name="value"/>.</summary>
    public VarBind(ObjectIdentifier oid, SnmpValue value)
    {
        Oid = oid ?? throw new ArgumentNullException(nameof(oid));
        Value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Binds <paramref name="oid"/> to NULL, as every varbind of a Get, GetNext or GetBulk request is.</summary>
    public VarBind(ObjectIdentifier oid)
        : this(oid, Null.Instance)
    {
    }

    /// <summary>The object instance name.</summary>
    public ObjectIdentifier Oid { get; }

    /// <summary>The value (NULL in requests other than Set).</summary>
    public SnmpValue Value { get; }

    /// <summary>Deconstructs into name and value.</summary>
    public void Deconstruct(out ObjectIdentifier oid, out SnmpValue value)
    {
        oid = Oid;
        value = Value;
    }

    /// <inheritdoc />
    public bool Equals(VarBind other) => Equals(Oid, other.Oid) && Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is VarBind other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Oid, Value);

    /// <summary>"oid = Type: value", in the spirit of Net-SNMP's output.</summary>
    public override string ToString() => Value is null ? string.Empty : $"{Oid} = {Value.Type}: {Value}";

    /// <summary>True when both have the same name and the same value (<see cref="Equals(VarBind)"/>).</summary>
    public static bool operator ==(VarBind left, VarBind right) => left.Equals(right);

    /// <summary>True when the names or the values differ (<see cref="Equals(VarBind)"/>).</summary>
    public static bool operator !=(VarBind left, VarBind right) => !left.Equals(right);
}
