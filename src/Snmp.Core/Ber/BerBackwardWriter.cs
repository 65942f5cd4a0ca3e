using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Ber;

/// <summary>
/// Writes BER from the end of a buffer towards its start, so that every constructed element's
/// length is known when its header is written (the contents are already there): one pass over
/// a message, no size computed beforehand and no contents moved when a length needs the long
/// form. Elements are written in reverse order (the last VarBind first, a SEQUENCE's header
/// after its contents). The encodings are those of X.690 in the forms <see cref="BerSize"/>
/// counts: definite lengths and INTEGER contents in the fewest octets, one identifier octet.
/// </summary>
/// <remarks>
/// Over a growable array (<see cref="BerBackwardWriter(byte[])"/>) the writer moves what it has
/// written into a larger array when it runs out of room; over a fixed span it throws
/// <see cref="BerBufferFullException"/> instead.
/// </remarks>
internal ref struct BerBackwardWriter
{
    private byte[]? _array;
    private Span<byte> _buffer;
    private int _start;

    /// <summary>A writer over <paramref name="array"/>, which it replaces by a larger one when it is full (<see cref="Array"/>).</summary>
    public BerBackwardWriter(byte[] array)
    {
        _array = array;
        _buffer = array;
        _start = array.Length;
    }

    /// <summary>A writer over a fixed <paramref name="buffer"/>, which throws <see cref="BerBufferFullException"/> when it is full.</summary>
    public BerBackwardWriter(Span<byte> buffer)
    {
        _array = null;
        _buffer = buffer;
        _start = buffer.Length;
    }

    /// <summary>The array written into, when the writer was made over one (the last, after growing).</summary>
    public readonly byte[]? Array => _array;

    /// <summary>The octets written so far.</summary>
    public readonly int Length => _buffer.Length - _start;

    /// <summary>The octets written so far, in order: the encoding.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[_start..];

    /// <summary>Zeroes what was written (a community, a plaintext scopedPDU), so a buffer kept for the next message holds nothing of this one.</summary>
    public readonly void ClearWritten() => _buffer[_start..].Clear();

    /// <summary>Writes an element's identifier and length octets in front of its <paramref name="contentLength"/> contents octets, already written.</summary>
    public void WriteHeader(byte tag, int contentLength)
    {
        // Exactly the octets needed, so an encoding fits a buffer of exactly its size.
        Reserve(contentLength < 0x80 ? 2 : 1 + BerSize.OfLength(contentLength));
        var buffer = _buffer;
        int start = _start;
        if (contentLength < 0x80)
        {
            buffer[--start] = (byte)contentLength;
        }
        else
        {
            // X.690 8.1.3.5: the long form in the fewest octets.
            int octets = 0;
            for (int rest = contentLength; rest != 0; rest >>= 8)
            {
                buffer[--start] = (byte)rest;
                octets++;
            }

            buffer[--start] = (byte)(0x80 | octets);
        }

        buffer[--start] = tag;
        _start = start;
    }

    /// <summary>Writes a constructed element's header in front of everything written since <paramref name="lengthBefore"/> (a <see cref="Length"/> read before its contents).</summary>
    public void WriteConstructed(byte tag, int lengthBefore) => WriteHeader(tag, Length - lengthBefore);

    /// <summary>An INTEGER, or an implicitly tagged one (X.690 8.3: two's complement in the fewest octets).</summary>
    public void WriteInteger(byte tag, long value)
    {
        int octets = BerSize.OfInteger(value) - 2;
        Reserve(octets + 2);
        var buffer = _buffer;
        int start = _start;
        for (int i = 0; i < octets; i++, value >>= 8)
        {
            buffer[--start] = (byte)value;
        }

        buffer[--start] = (byte)octets;
        buffer[--start] = tag;
        _start = start;
    }

    /// <summary>An unsigned 64-bit value as INTEGER contents (Counter64: a leading zero octet when the top bit is set).</summary>
    public void WriteUnsigned(byte tag, ulong value)
    {
        int octets = BerSize.OfCounter64(value) - 2;
        Reserve(octets + 2);
        var buffer = _buffer;
        int start = _start;
        for (int i = 0; i < octets; i++)
        {
            buffer[--start] = i < 8 ? (byte)value : (byte)0;
            value = i < 8 ? value >> 8 : 0;
        }

        buffer[--start] = (byte)octets;
        buffer[--start] = tag;
        _start = start;
    }

    /// <summary>A primitive element holding <paramref name="contents"/> (OCTET STRING, IpAddress, Opaque).</summary>
    public void WritePrimitive(byte tag, scoped ReadOnlySpan<byte> contents)
    {
        Reserve(contents.Length);
        _start -= contents.Length;
        contents.CopyTo(_buffer[_start..]);
        WriteHeader(tag, contents.Length);
    }

    /// <summary>An element with no contents octets (NULL and the RFC 3416 exceptions).</summary>
    public void WriteEmpty(byte tag)
    {
        Reserve(2);
        _buffer[--_start] = 0;
        _buffer[--_start] = tag;
    }

    /// <summary>An OBJECT IDENTIFIER (X.690 8.19).</summary>
    /// <exception cref="ArgumentException">Fewer than two sub-identifiers, or first arcs X.690 cannot encode.</exception>
    public void WriteOid(scoped ReadOnlySpan<uint> ids)
    {
        if (ids.Length < 2)
        {
            throw new ArgumentException($"An OBJECT IDENTIFIER on the wire needs at least two sub-identifiers; '{string.Join('.', ids.ToArray())}' has {ids.Length}.", nameof(ids));
        }

        if (ids[0] > 2 || (ids[0] < 2 && ids[1] >= 40) || (ids[0] == 2 && ids[1] > uint.MaxValue - 80))
        {
            throw new ArgumentException($"The OBJECT IDENTIFIER {string.Join('.', ids.ToArray())} cannot be encoded: the first arc must be 0, 1 or 2 and the second below 40 unless the first is 2 (X.690 8.19.4).", nameof(ids));
        }

        int lengthBefore = Length;
        for (int i = ids.Length - 1; i >= 1; i--)
        {
            // X.690 8.19.2: base 128, most significant group first, every octet but the last
            // with its top bit set; the first two arcs share one sub-identifier (8.19.4).
            uint value = i == 1 ? (ids[0] * 40) + ids[1] : ids[i];
            Reserve(BerSize.OfSubIdentifier(value));
            var buffer = _buffer;
            int start = _start;
            buffer[--start] = (byte)(value & 0x7F);
            for (value >>= 7; value != 0; value >>= 7)
            {
                buffer[--start] = (byte)(0x80 | (value & 0x7F));
            }

            _start = start;
        }

        WriteHeader(0x06, Length - lengthBefore);
    }

    /// <summary>A variable binding's value.</summary>
    /// <exception cref="ArgumentException">An SNMPv1 message cannot carry the value (RFC 3584 section 4.2.2).</exception>
    public void WriteValue(SnmpValue value, bool v1)
    {
        switch (value)
        {
            case Integer32 i:
                WriteInteger(0x02, i.Value);
                break;
            case OctetString s:
                WritePrimitive(0x04, s.Span);
                break;
            case Null:
                WriteEmpty(0x05);
                break;
            case ObjectIdentifier o:
                WriteOid(o.SubIdentifiers);
                break;
            case IpAddress a:
                Span<byte> addr = stackalloc byte[4];
                a.WriteAddressBytes(addr);
                WritePrimitive(0x40, addr);
                break;
            case Counter32 c:
                WriteInteger(0x41, c.Value);
                break;
            case Gauge32 g:
                WriteInteger(0x42, g.Value);
                break;
            case TimeTicks t:
                WriteInteger(0x43, t.Value);
                break;
            case Opaque o:
                WritePrimitive(0x44, o.Span);
                break;
            case Counter64 c when !v1:
                WriteUnsigned(0x46, c.Value);
                break;
            case NoSuchObject when !v1:
                WriteEmpty(0x80);
                break;
            case NoSuchInstance when !v1:
                WriteEmpty(0x81);
                break;
            case EndOfMibView when !v1:
                WriteEmpty(0x82);
                break;
            default:
                throw new ArgumentException($"SNMPv1 cannot carry a {value.Type} value (RFC 3584 section 4.2.2).", nameof(value));
        }
    }

    /// <summary>A PDU of any type (RFC 3416 section 3, RFC 1157 section 4.1.6) for a message of <paramref name="version"/>.</summary>
    /// <exception cref="ArgumentException">The version cannot carry the PDU or one of its values.</exception>
    public void WritePdu(SnmpPdu pdu, SnmpVersion version)
    {
        bool v1 = version == SnmpVersion.SNMPv1;
        if (v1 && pdu.Type is PduType.GetBulkRequest or PduType.InformRequest or PduType.SNMPv2Trap or PduType.Report)
        {
            throw new ArgumentException($"SNMPv1 cannot carry a {pdu.Type} PDU (RFC 3584 section 4).", nameof(pdu));
        }

        if (!v1 && pdu.Type == PduType.TrapV1)
        {
            throw new ArgumentException("The SNMPv1 Trap-PDU is carried only by SNMPv1 messages; use an SNMPv2-Trap.", nameof(pdu));
        }

        int pduEnd = Length;
        var varBinds = pdu.VarBinds.AsSpan();
        for (int i = varBinds.Length - 1; i >= 0; i--)
        {
            int varBindEnd = Length;
            WriteValue(varBinds[i].Value, v1);
            WriteOid(varBinds[i].Oid.SubIdentifiers);
            WriteConstructed(0x30, varBindEnd);
        }

        WriteConstructed(0x30, pduEnd);
        switch (pdu)
        {
            case Pdu p:
                WriteInteger(0x02, p.ErrorIndex);
                WriteInteger(0x02, (int)p.ErrorStatus);
                WriteInteger(0x02, p.RequestId);
                break;
            case BulkPdu b:
                WriteInteger(0x02, b.MaxRepetitions);
                WriteInteger(0x02, b.NonRepeaters);
                WriteInteger(0x02, b.RequestId);
                break;
            case TrapV1Pdu t:
                WriteInteger(0x43, t.TimeStamp.Value);
                WriteInteger(0x02, t.SpecificTrap);
                WriteInteger(0x02, (int)t.GenericTrap);
                Span<byte> addr = stackalloc byte[4];
                t.AgentAddress.WriteAddressBytes(addr);
                WritePrimitive(0x40, addr);
                WriteOid(t.Enterprise.SubIdentifiers);
                break;
            default:
                throw new ArgumentException($"{pdu.GetType().Name} is not a PDU the codec encodes.", nameof(pdu));
        }

        // The context-specific constructed tags [0] to [8] are the PduType values (0xA0 | n).
        WriteConstructed((byte)pdu.Type, pduEnd);
    }

    /// <summary>A ScopedPDU (RFC 3412 section 6).</summary>
    public void WriteScopedPdu(ScopedPdu scoped)
    {
        int end = Length;
        WritePdu(scoped.Pdu, SnmpVersion.SNMPv3);
        WritePrimitive(0x04, scoped.ContextName.Span);
        WritePrimitive(0x04, scoped.ContextEngineId.Span);
        WriteConstructed(0x30, end);
    }

    private void Reserve(int octets)
    {
        if (_start < octets)
        {
            Grow(octets);
        }
    }

    private void Grow(int octets)
    {
        if (_array is null)
        {
            throw new BerBufferFullException();
        }

        int length = Length;
        int size = (int)Math.Min(Math.Max(2L * _buffer.Length, (long)length + octets + 256), System.Array.MaxLength);
        if (size - length < octets)
        {
            throw new InvalidOperationException("The encoding does not fit in an array.");
        }

        var larger = new byte[size];
        Written.CopyTo(larger.AsSpan(size - length));
        _array = larger;
        _buffer = larger;
        _start = size - length;
    }
}

/// <summary>A fixed buffer cannot hold what a <see cref="BerBackwardWriter"/> writes.</summary>
internal sealed class BerBufferFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BerBufferFullException()
        : base("The buffer cannot hold the encoding.")
    {
    }
}
