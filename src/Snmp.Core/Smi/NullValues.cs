namespace Snmp;

/// <summary>
/// A value with no content: NULL, or one of the RFC 3416 section 3 exceptions. All instances of
/// one type are equal; use the static <c>Instance</c> of each type.
/// </summary>
public abstract class EmptyValue : SnmpValue
{
    private protected EmptyValue()
    {
    }

    /// <inheritdoc />
    public sealed override bool Equals(SnmpValue? other) => other is not null && other.Type == Type;

    /// <inheritdoc />
    public sealed override int GetHashCode() => (int)Type;
}

/// <summary>NULL: the placeholder value of every variable binding in a request (RFC 3416 section 4.1).</summary>
public sealed class Null : EmptyValue
{
    private Null()
    {
    }

    /// <summary>The NULL value.</summary>
    public static Null Instance { get; } = new();

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.Null;

    /// <inheritdoc />
    public override string ToString() => "NULL";
}

/// <summary>noSuchObject: the agent implements no such object type (RFC 3416 section 4.2.1).</summary>
public sealed class NoSuchObject : EmptyValue
{
    private NoSuchObject()
    {
    }

    /// <summary>The noSuchObject exception.</summary>
    public static NoSuchObject Instance { get; } = new();

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.NoSuchObject;

    /// <inheritdoc />
    public override string ToString() => "noSuchObject";
}

/// <summary>noSuchInstance: the object type exists but not this instance (RFC 3416 section 4.2.1).</summary>
public sealed class NoSuchInstance : EmptyValue
{
    private NoSuchInstance()
    {
    }

    /// <summary>The noSuchInstance exception.</summary>
    public static NoSuchInstance Instance { get; } = new();

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.NoSuchInstance;

    /// <inheritdoc />
    public override string ToString() => "noSuchInstance";
}

/// <summary>endOfMibView: nothing follows in the agent's view (RFC 3416 section 4.2.2).</summary>
public sealed class EndOfMibView : EmptyValue
{
    private EndOfMibView()
    {
    }

    /// <summary>The endOfMibView exception.</summary>
    public static EndOfMibView Instance { get; } = new();

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.EndOfMibView;

    /// <inheritdoc />
    public override string ToString() => "endOfMibView";
}
