namespace Snmp;

/// <summary>
/// One component of a conceptual row's INDEX clause, encoded into instance sub-identifiers as
/// RFC 2578 section 7.7 says: an integer as one sub-identifier; an OCTET STRING as its length
/// followed by one sub-identifier per octet (no length when the string has a fixed size or is the
/// IMPLIED last index); an OBJECT IDENTIFIER as its length followed by its sub-identifiers (no
/// length when IMPLIED); an IpAddress as its four octets.
/// </summary>
public readonly struct IndexValue
{
    private enum Kind : byte
    {
        Integer,
        String,
        FixedString,
        ImpliedString,
        Oid,
        ImpliedOid,
        IpAddress,
    }

    private readonly Kind _kind;
    private readonly uint _integer;
    private readonly SnmpValue? _value;

    private IndexValue(Kind kind, uint integer, SnmpValue? value)
    {
        _kind = kind;
        _integer = integer;
        _value = value;
    }

    /// <summary>An INTEGER-valued index (Integer32 with a non-negative range, Unsigned32, Gauge32, TimeTicks, enumerations).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative: RFC 2578 7.7 allows only non-negative integer indexes.</exception>
    public static IndexValue Integer(long value)
    {
        if (value is < 0 or > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "An integer index must be 0 to 4294967295 (RFC 2578 section 7.7).");
        }

        return new(Kind.Integer, (uint)value, null);
    }

    /// <summary>A variable-length OCTET STRING index: its length, then its octets.</summary>
    public static IndexValue String(OctetString value) => new(Kind.String, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A fixed-size OCTET STRING index (SIZE(n) with a single n): its octets only.</summary>
    /// <exception cref="ArgumentException">The value is not <paramref name="size"/> octets long.</exception>
    public static IndexValue FixedString(OctetString value, int size)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != size)
        {
            throw new ArgumentException($"The fixed-size index needs {size} octets, not {value.Length}.", nameof(value));
        }

        return new(Kind.FixedString, 0, value);
    }

    /// <summary>An IMPLIED OCTET STRING index (the last index only): its octets without a length.</summary>
    public static IndexValue ImpliedString(OctetString value) => new(Kind.ImpliedString, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>An OBJECT IDENTIFIER index: its length, then its sub-identifiers.</summary>
    public static IndexValue Oid(ObjectIdentifier value) => new(Kind.Oid, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>An IMPLIED OBJECT IDENTIFIER index (the last index only): its sub-identifiers without a length.</summary>
    public static IndexValue ImpliedOid(ObjectIdentifier value) => new(Kind.ImpliedOid, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>An IpAddress index: its four octets.</summary>
    public static IndexValue Address(IpAddress value) => new(Kind.IpAddress, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>An integer index.</summary>
    public static implicit operator IndexValue(int value) => Integer(value);

    /// <summary>A variable-length string index holding the UTF-8 encoding of <paramref name="value"/>.</summary>
    public static implicit operator IndexValue(string value) => String(new OctetString(value));

    internal bool IsImplied => _kind is Kind.ImpliedString or Kind.ImpliedOid;

    internal void AppendTo(List<uint> subIdentifiers)
    {
        switch (_kind)
        {
            case Kind.Integer:
                subIdentifiers.Add(_integer);
                break;
            case Kind.String or Kind.FixedString or Kind.ImpliedString:
                var octets = ((OctetString)_value!).Span;
                if (_kind == Kind.String)
                {
                    subIdentifiers.Add((uint)octets.Length);
                }

                foreach (byte b in octets)
                {
                    subIdentifiers.Add(b);
                }

                break;
            case Kind.Oid or Kind.ImpliedOid:
                var oid = (ObjectIdentifier)_value!;
                if (_kind == Kind.Oid)
                {
                    subIdentifiers.Add((uint)oid.Length);
                }

                foreach (uint id in oid.SubIdentifiers)
                {
                    subIdentifiers.Add(id);
                }

                break;
            case Kind.IpAddress:
                Span<byte> address = stackalloc byte[4];
                ((IpAddress)_value!).WriteAddressBytes(address);
                foreach (byte b in address)
                {
                    subIdentifiers.Add(b);
                }

                break;
        }
    }
}

/// <summary>An instance OID whose index does not decode as the INDEX clause says (RFC 2578 section 7.7).</summary>
public sealed class SnmpIndexException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SnmpIndexException(string problem, int position)
        : base($"Invalid table index at index sub-identifier {position}: {problem}")
    {
        Position = position;
    }

    /// <summary>The position, counted from the first index sub-identifier, where decoding failed.</summary>
    public int Position { get; }
}

/// <summary>
/// Reads the components of a row's index from the sub-identifiers that follow the entry (or
/// column) OID, in the order of the INDEX clause (RFC 2578 section 7.7). Every read checks the
/// remaining sub-identifiers and throws <see cref="SnmpIndexException"/> rather than reading past
/// them.
/// </summary>
public sealed class IndexReader
{
    private readonly uint[] _index;
    private int _position;

    internal IndexReader(ReadOnlySpan<uint> index) => _index = index.ToArray();

    /// <summary>The number of index sub-identifiers not read yet.</summary>
    public int Remaining => _index.Length - _position;

    /// <summary>True when every index sub-identifier has been read.</summary>
    public bool IsAtEnd => Remaining == 0;

    /// <summary>Reads an integer index as an unsigned 32-bit value.</summary>
    public uint ReadUnsigned32() => Take(1, "an integer")[0];

    /// <summary>Reads an integer index that must fit an Integer32 (0 to 2147483647).</summary>
    public int ReadInteger()
    {
        int at = _position;
        uint value = ReadUnsigned32();
        return value <= int.MaxValue ? (int)value : throw new SnmpIndexException($"{value} is not a non-negative Integer32", at);
    }

    /// <summary>Reads a variable-length OCTET STRING index (length, then octets).</summary>
    public OctetString ReadString()
    {
        int at = _position;
        uint length = ReadUnsigned32();
        if (length > Remaining)
        {
            throw new SnmpIndexException($"a string of length {length} with only {Remaining} sub-identifiers left", at);
        }

        return Octets((int)length);
    }

    /// <summary>Reads a fixed-size OCTET STRING index of <paramref name="size"/> octets.</summary>
    public OctetString ReadFixedString(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return Octets(size);
    }

    /// <summary>Reads an IMPLIED OCTET STRING index: every remaining sub-identifier.</summary>
    public OctetString ReadImpliedString() => Octets(Remaining);

    /// <summary>Reads an OBJECT IDENTIFIER index (length, then sub-identifiers).</summary>
    public ObjectIdentifier ReadObjectIdentifier()
    {
        int at = _position;
        uint length = ReadUnsigned32();
        if (length > Remaining)
        {
            throw new SnmpIndexException($"an OID of length {length} with only {Remaining} sub-identifiers left", at);
        }

        return Oid((int)length, at);
    }

    /// <summary>Reads an IMPLIED OBJECT IDENTIFIER index: every remaining sub-identifier.</summary>
    public ObjectIdentifier ReadImpliedObjectIdentifier() => Oid(Remaining, _position);

    /// <summary>Reads an IpAddress index (four octets).</summary>
    public IpAddress ReadIpAddress() => new(Octets(4).Span);

    /// <summary>Throws <see cref="SnmpIndexException"/> if sub-identifiers remain unread.</summary>
    public void EnsureAtEnd()
    {
        if (!IsAtEnd)
        {
            throw new SnmpIndexException($"{Remaining} sub-identifiers left after the last index", _position);
        }
    }

    private ReadOnlySpan<uint> Take(int count, string what)
    {
        if (count > Remaining)
        {
            throw new SnmpIndexException($"expected {what} but only {Remaining} sub-identifiers are left", _position);
        }

        var span = _index.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private OctetString Octets(int count)
    {
        int at = _position;
        var ids = Take(count, $"{count} octets");
        var octets = new byte[count];
        for (int i = 0; i < count; i++)
        {
            if (ids[i] > 255)
            {
                throw new SnmpIndexException($"{ids[i]} is not an octet", at + i);
            }

            octets[i] = (byte)ids[i];
        }

        return OctetString.FromOwnedArray(octets);
    }

    private ObjectIdentifier Oid(int count, int at)
    {
        var ids = Take(count, $"{count} sub-identifiers");
        if (count == 0)
        {
            throw new SnmpIndexException("an empty OBJECT IDENTIFIER", at);
        }

        try
        {
            return new ObjectIdentifier(ids);
        }
        catch (ArgumentException e)
        {
            throw new SnmpIndexException(e.Message, at);
        }
    }
}
