using System.Buffers.Binary;

namespace Snmp.AgentX.Protocol;

/// <summary>
/// Reads the AgentX encodings of RFC 2741 section 5 from one PDU's payload in the byte order its
/// header names. Every read is bounded by the payload: a field running past it throws
/// <see cref="AgentXDecodeException"/> naming the offset from the PDU's first octet.
/// </summary>
internal ref struct AgentXReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private readonly bool _networkByteOrder;
    private int _position;

    public AgentXReader(ReadOnlySpan<byte> payload, bool networkByteOrder)
    {
        _payload = payload;
        _networkByteOrder = networkByteOrder;
        _position = 0;
    }

    /// <summary>Whether payload is left.</summary>
    public readonly bool HasData => _position < _payload.Length;

    /// <summary>The offset of the next field from the PDU's first octet.</summary>
    public readonly int Offset => AgentXHeader.Length + _position;

    public byte ReadByte() => Take(1, "an octet")[0];

    public void Skip(int count) => Take(count, "reserved octets");

    public ushort ReadUInt16()
    {
        var bytes = Take(2, "a 2-octet integer");
        return _networkByteOrder ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    }

    public uint ReadUInt32()
    {
        var bytes = Take(4, "a 4-octet integer");
        return _networkByteOrder ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    public ulong ReadUInt64()
    {
        var bytes = Take(8, "an 8-octet integer");
        return _networkByteOrder ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>An Object Identifier (5.1): n_subid, prefix, include, reserved, then the sub-identifiers.</summary>
    public ObjectIdentifier ReadObjectIdentifier(out bool include)
    {
        int offset = Offset;
        byte count = ReadByte();
        byte prefix = ReadByte();
        byte includeOctet = ReadByte();
        Skip(1);
        include = includeOctet != 0;
        int total = count + (prefix == 0 ? 0 : 5);
        if (total > ObjectIdentifier.MaxSubIdentifiers)
        {
            throw new AgentXDecodeException($"an object identifier of {total} sub-identifiers (at most {ObjectIdentifier.MaxSubIdentifiers})", offset);
        }

        Span<uint> subIdentifiers = stackalloc uint[total];
        int i = 0;
        if (prefix != 0)
        {
            // RFC 2741 5.1: a non-zero prefix stands for 1.3.6.1.<prefix>.
            subIdentifiers[0] = 1;
            subIdentifiers[1] = 3;
            subIdentifiers[2] = 6;
            subIdentifiers[3] = 1;
            subIdentifiers[4] = prefix;
            i = 5;
        }

        if (count * 4 > _payload.Length - _position)
        {
            throw new AgentXDecodeException($"an object identifier of {count} sub-identifiers runs past the payload (truncated)", offset);
        }

        for (; i < total; i++)
        {
            subIdentifiers[i] = ReadUInt32();
        }

        return new ObjectIdentifier(subIdentifiers);
    }

    public ObjectIdentifier ReadObjectIdentifier() => ReadObjectIdentifier(out _);

    /// <summary>An Octet String (5.3): a 4-octet length, the octets, padding to a multiple of 4.</summary>
    public ReadOnlySpan<byte> ReadOctets()
    {
        int offset = Offset;
        uint length = ReadUInt32();
        if (length > (uint)(_payload.Length - _position))
        {
            throw new AgentXDecodeException($"an octet string of {length} octets runs past the payload (truncated)", offset);
        }

        var octets = Take((int)length, "octets");
        int padding = (int)((4 - length % 4) % 4);
        Take(padding, "an octet string's padding");
        return octets;
    }

    public OctetString ReadOctetString()
    {
        int offset = Offset;
        var octets = ReadOctets();
        if (octets.Length > OctetString.MaxLength)
        {
            throw new AgentXDecodeException($"an octet string of {octets.Length} octets (at most {OctetString.MaxLength})", offset);
        }

        return new OctetString(octets);
    }

    /// <summary>A SearchRange (5.2): two Object Identifiers, the first's include field meaningful.</summary>
    public AgentXSearchRange ReadSearchRange()
    {
        var start = ReadObjectIdentifier(out bool include);
        var end = ReadObjectIdentifier();
        return new AgentXSearchRange(start, include, end);
    }

    /// <summary>A VarBind (5.4): v.type, reserved, v.name, v.data by type.</summary>
    public VarBind ReadVarBind()
    {
        int offset = Offset;
        ushort type = ReadUInt16();
        Skip(2);
        var name = ReadObjectIdentifier();
        int dataOffset = Offset;
        SnmpValue value = type switch
        {
            2 => new Integer32(unchecked((int)ReadUInt32())),
            4 => ReadOctetString(),
            5 => Null.Instance,
            6 => ReadObjectIdentifier(),
            64 => ReadIpAddress(dataOffset),
            65 => new Counter32(ReadUInt32()),
            66 => new Gauge32(ReadUInt32()),
            67 => new TimeTicks(ReadUInt32()),
            68 => new Opaque(ReadOctets()),
            70 => new Counter64(ReadUInt64()),
            128 => NoSuchObject.Instance,
            129 => NoSuchInstance.Instance,
            130 => EndOfMibView.Instance,
            _ => throw new AgentXDecodeException($"a VarBind of unknown type {type}", offset),
        };
        return new VarBind(name, value);
    }

    private IpAddress ReadIpAddress(int offset)
    {
        var octets = ReadOctets();
        return octets.Length == 4
            ? new IpAddress(octets)
            : throw new AgentXDecodeException($"an IpAddress of {octets.Length} octets (RFC 2741 5.4: 4)", offset);
    }

    public VarBindList ReadVarBindList()
    {
        var list = new List<VarBind>();
        while (HasData)
        {
            list.Add(ReadVarBind());
        }

        return new VarBindList(list);
    }

    public IReadOnlyList<AgentXSearchRange> ReadSearchRangeList()
    {
        var list = new List<AgentXSearchRange>();
        while (HasData)
        {
            list.Add(ReadSearchRange());
        }

        return list;
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > _payload.Length - _position)
        {
            throw new AgentXDecodeException($"{what} runs past the payload (truncated)", Offset);
        }

        var slice = _payload.Slice(_position, count);
        _position += count;
        return slice;
    }
}
