using System.Buffers;
using System.Buffers.Binary;

namespace Snmp.AgentX.Protocol;

/// <summary>Writes the AgentX encodings of RFC 2741 section 5 in one byte order.</summary>
internal sealed class AgentXWriter(bool networkByteOrder)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteZeros(int count)
    {
        _buffer.GetSpan(count)[..count].Clear();
        _buffer.Advance(count);
    }

    public void WriteUInt16(ushort value)
    {
        var span = _buffer.GetSpan(2);
        if (networkByteOrder)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, value);
        }

        _buffer.Advance(2);
    }

    public void WriteUInt32(uint value)
    {
        var span = _buffer.GetSpan(4);
        if (networkByteOrder)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        }

        _buffer.Advance(4);
    }

    public void WriteUInt64(ulong value)
    {
        var span = _buffer.GetSpan(8);
        if (networkByteOrder)
        {
            BinaryPrimitives.WriteUInt64BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        }

        _buffer.Advance(8);
    }

    /// <summary>An Object Identifier (5.1), using the 1.3.6.1.&lt;prefix&gt; short form where it applies.</summary>
    public void WriteObjectIdentifier(ObjectIdentifier oid, bool include = false)
    {
        var ids = oid.SubIdentifiers;
        byte prefix = 0;
        if (ids.Length >= 5 && ids[0] == 1 && ids[1] == 3 && ids[2] == 6 && ids[3] == 1 && ids[4] is > 0 and <= byte.MaxValue)
        {
            prefix = (byte)ids[4];
            ids = ids[5..];
        }

        WriteByte((byte)ids.Length);
        WriteByte(prefix);
        WriteByte(include ? (byte)1 : (byte)0);
        WriteByte(0);
        foreach (uint id in ids)
        {
            WriteUInt32(id);
        }
    }

    /// <summary>An Octet String (5.3), padded to a multiple of 4 octets.</summary>
    public void WriteOctets(ReadOnlySpan<byte> octets)
    {
        WriteUInt32((uint)octets.Length);
        octets.CopyTo(_buffer.GetSpan(octets.Length));
        _buffer.Advance(octets.Length);
        WriteZeros((4 - octets.Length % 4) % 4);
    }

    public void WriteSearchRange(AgentXSearchRange range)
    {
        WriteObjectIdentifier(range.Start, range.Include);
        WriteObjectIdentifier(range.End);
    }

    /// <summary>A VarBind (5.4).</summary>
    public void WriteVarBind(VarBind varBind)
    {
        var value = varBind.Value ?? Null.Instance;
        WriteUInt16((ushort)value.Type);
        WriteUInt16(0);
        WriteObjectIdentifier(varBind.Oid);
        switch (value)
        {
            case Integer32 i:
                WriteUInt32(unchecked((uint)i.Value));
                break;
            case OctetString s:
                WriteOctets(s.Span);
                break;
            case ObjectIdentifier o:
                WriteObjectIdentifier(o);
                break;
            case IpAddress a:
                Span<byte> address = stackalloc byte[4];
                a.WriteAddressBytes(address);
                WriteOctets(address);
                break;
            case Counter32 c:
                WriteUInt32(c.Value);
                break;
            case Gauge32 g:
                WriteUInt32(g.Value);
                break;
            case TimeTicks t:
                WriteUInt32(t.Value);
                break;
            case Opaque q:
                WriteOctets(q.Span);
                break;
            case Counter64 c64:
                WriteUInt64(c64.Value);
                break;
            case EmptyValue:
                break;
            default:
                throw new ArgumentException($"AgentX has no encoding for {value.Type}.", nameof(varBind));
        }
    }
}
