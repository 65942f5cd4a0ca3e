using System.Formats.Asn1;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Ber;

/// <summary>
/// BER decoding and encoding of SNMP messages: the community-based message of RFC 1157 section 4 /
/// RFC 1901 section 3, the SNMPv3Message of RFC 3412 section 6, the ScopedPDU, and the PDUs of
/// RFC 3416 section 3 and RFC 1157 section 4.1.6. Decoding throws only
/// <see cref="SnmpDecodeException"/>; see <see cref="BerReader"/> for what is strict and lenient.
/// </summary>
public static class SnmpMessageCodec
{
    private const byte SequenceTag = 0x30;

    [ThreadStatic]
    private static AsnWriter? t_writer;

    /// <summary>
    /// Reads just msgVersion from the front of a message, so the dispatcher can choose a message
    /// processing model (RFC 3412 section 4.2.1) or count snmpInBadVersions before decoding the rest.
    /// </summary>
    public static int PeekVersion(ReadOnlyMemory<byte> message)
    {
        var reader = new BerReader(message);
        var seq = reader.ReadSequence("the message SEQUENCE");
        return seq.ReadInt32("msgVersion");
    }

    /// <summary>Decodes an SNMPv1 or SNMPv2c message.</summary>
    public static CommunityMessage DecodeCommunityMessage(ReadOnlyMemory<byte> message)
    {
        var reader = new BerReader(message);
        var seq = reader.ReadSequence("the message SEQUENCE");
        reader.EnsureEnd("the message (trailing octets after it)");
        int versionOffset = seq.Offset;
        int version = seq.ReadInt32("msgVersion");
        if (version is not (0 or 1))
        {
            throw new SnmpDecodeException($"version {version} is not a community-based SNMP version (0 or 1)", versionOffset);
        }

        var community = seq.ReadOctetString("community");
        var snmpVersion = (SnmpVersion)version;
        var pdu = ReadPdu(ref seq, snmpVersion);
        seq.EnsureEnd("the message");
        return new CommunityMessage(snmpVersion, community, pdu);
    }

    /// <summary>
    /// Decodes an SNMPv3 message. msgSecurityParameters are returned as octets for the security
    /// model; msgData is decoded as a ScopedPDU, or kept as encryptedPDU octets when it is an OCTET
    /// STRING.
    /// </summary>
    public static SnmpV3Message DecodeV3Message(ReadOnlyMemory<byte> message)
    {
        var reader = new BerReader(message);
        var seq = reader.ReadSequence("the SNMPv3Message SEQUENCE");
        reader.EnsureEnd("the message (trailing octets after it)");
        int versionOffset = seq.Offset;
        int version = seq.ReadInt32("msgVersion");
        if (version != 3)
        {
            throw new SnmpDecodeException($"msgVersion {version} is not SNMPv3 (3)", versionOffset);
        }

        var header = seq.ReadSequence("msgGlobalData");
        int msgId = header.ReadInt32("msgID", 0, int.MaxValue);
        int maxSize = header.ReadInt32("msgMaxSize", AbstractServices.MessageSize.Minimum, int.MaxValue);
        int flagsOffset = header.Offset;
        var flags = header.ReadOctetString("msgFlags");
        if (flags.Length != 1)
        {
            throw new SnmpDecodeException($"msgFlags has {flags.Length} octets instead of 1", flagsOffset);
        }

        int securityModel = header.ReadInt32("msgSecurityModel", 1, int.MaxValue);
        header.EnsureEnd("msgGlobalData");
        var globalData = new HeaderData(msgId, maxSize, (MsgFlags)flags.Span[0], securityModel);
        var securityParameters = seq.ReadOctetString("msgSecurityParameters");
        SnmpV3Message result;
        if (seq.PeekTag() == 0x04)
        {
            result = new SnmpV3Message(globalData, securityParameters, seq.ReadOctetString("encryptedPDU"));
        }
        else
        {
            result = new SnmpV3Message(globalData, securityParameters, ReadScopedPdu(ref seq));
        }

        seq.EnsureEnd("the SNMPv3Message");
        return result;
    }

    /// <summary>Decodes a plaintext ScopedPDU, for example one just decrypted from an encryptedPDU.</summary>
    public static ScopedPdu DecodeScopedPdu(ReadOnlyMemory<byte> scopedPdu)
    {
        var reader = new BerReader(scopedPdu);
        var result = ReadScopedPdu(ref reader);
        // A decrypted ScopedPDU may carry cipher padding after it (RFC 3414 section 8.1.1.2), so
        // trailing octets here are legitimate and ignored.
        return result;
    }

    /// <summary>Decodes a PDU on its own.</summary>
    public static SnmpPdu DecodePdu(ReadOnlyMemory<byte> pdu, SnmpVersion version)
    {
        var reader = new BerReader(pdu);
        var result = ReadPdu(ref reader, version);
        reader.EnsureEnd("the PDU");
        return result;
    }

    private static ScopedPdu ReadScopedPdu(ref BerReader reader)
    {
        var seq = reader.ReadSequence("ScopedPDU");
        var contextEngineId = seq.ReadOctetString("contextEngineID");
        var contextName = seq.ReadOctetString("contextName");
        var pdu = ReadPdu(ref seq, SnmpVersion.SNMPv3);
        seq.EnsureEnd("the ScopedPDU");
        return new ScopedPdu(contextEngineId, contextName, pdu);
    }

    private static SnmpPdu ReadPdu(ref BerReader reader, SnmpVersion version)
    {
        int offset = reader.Offset;
        byte tag = reader.PeekTag();
        bool v1 = version == SnmpVersion.SNMPv1;
        var type = (PduType)tag;
        bool known = tag is >= 0xA0 and <= 0xA8;
        if (!known)
        {
            throw new SnmpDecodeException($"tag 0x{tag:X2} is not a PDU", offset);
        }

        if (v1 && type is PduType.GetBulkRequest or PduType.InformRequest or PduType.SNMPv2Trap or PduType.Report)
        {
            throw new SnmpDecodeException($"{type} is not an SNMPv1 PDU", offset);
        }

        if (!v1 && type == PduType.TrapV1)
        {
            throw new SnmpDecodeException("the SNMPv1 Trap-PDU appears in a message that is not SNMPv1", offset);
        }

        var body = reader.ReadConstructed(tag, NameOf(type));
        SnmpPdu pdu;
        if (type == PduType.TrapV1)
        {
            var enterprise = body.ReadObjectIdentifier("enterprise");
            int addrOffset = body.Offset;
            var addr = body.ReadPrimitive(0x40, "agent-addr");
            if (addr.Length != 4)
            {
                throw new SnmpDecodeException($"agent-addr has {addr.Length} octets instead of 4", addrOffset);
            }

            int generic = body.ReadInt32("generic-trap", 0, int.MaxValue);
            int specific = body.ReadInt32("specific-trap");
            int ticksOffset = body.Offset;
            var ticks = BerReader.DecodeUnsigned(body.ReadPrimitive(0x43, "time-stamp").Span, ticksOffset, "time-stamp", 32);
            var varBinds = ReadVarBindList(ref body, v1);
            pdu = new TrapV1Pdu(enterprise, new IpAddress(addr.Span), (GenericTrap)generic, specific, new TimeTicks((uint)ticks), varBinds);
        }
        else if (type == PduType.GetBulkRequest)
        {
            int requestId = body.ReadInt32("request-id");
            // RFC 3416 4.2.3: "If the value in the non-repeaters field is less than zero, then the
            // value of the field is set to zero. Similarly, if the value in the max-repetitions
            // field is less than zero, then the value of the field is set to zero."
            int nonRepeaters = Math.Max(0, body.ReadInt32("non-repeaters"));
            int maxRepetitions = Math.Max(0, body.ReadInt32("max-repetitions"));
            pdu = new BulkPdu(requestId, nonRepeaters, maxRepetitions, ReadVarBindList(ref body, v1));
        }
        else
        {
            int requestId = body.ReadInt32("request-id");
            int errorStatus = body.ReadInt32("error-status", 0, int.MaxValue);
            int errorIndex = body.ReadInt32("error-index", 0, int.MaxValue);
            pdu = new Pdu(type, requestId, (ErrorStatus)errorStatus, errorIndex, ReadVarBindList(ref body, v1));
        }

        body.EnsureEnd(NameOf(type));
        return pdu;
    }

    // The PDU's name for error messages, without Enum.ToString: that boxes the value and looks
    // the name up on every PDU decoded, though the name is read only when the PDU is malformed.
    private static string NameOf(PduType type) => type switch
    {
        PduType.GetRequest => nameof(PduType.GetRequest),
        PduType.GetNextRequest => nameof(PduType.GetNextRequest),
        PduType.Response => nameof(PduType.Response),
        PduType.SetRequest => nameof(PduType.SetRequest),
        PduType.TrapV1 => nameof(PduType.TrapV1),
        PduType.GetBulkRequest => nameof(PduType.GetBulkRequest),
        PduType.InformRequest => nameof(PduType.InformRequest),
        PduType.SNMPv2Trap => nameof(PduType.SNMPv2Trap),
        PduType.Report => nameof(PduType.Report),
        _ => "PDU",
    };

    private static VarBindList ReadVarBindList(ref BerReader reader, bool v1)
    {
        var list = reader.ReadSequence("variable-bindings");
        var items = new List<VarBind>();
        while (list.HasData)
        {
            var vb = list.ReadSequence("a VarBind");
            var name = vb.ReadObjectIdentifier("a VarBind name");
            var value = vb.ReadValue(allowCounter64AndExceptions: !v1);
            vb.EnsureEnd("a VarBind");
            items.Add(new VarBind(name, value));
        }

        return VarBindList.FromOwnedArray([.. items]);
    }

    /// <summary>Encodes an SNMPv1 or SNMPv2c message.</summary>
    /// <exception cref="ArgumentException">The message holds something its version cannot carry (Counter64 or GetBulk in SNMPv1, say).</exception>
    public static byte[] Encode(CommunityMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = RentWriter();
        using (writer.PushSequence())
        {
            writer.WriteInteger((int)message.Version);
            writer.WriteOctetString(message.Community.Span);
            WritePdu(writer, message.Pdu, message.Version);
        }

        return EncodeAndReturn(writer);
    }

    // This thread's writer, taken while in use (a nested call gets a new one): an AsnWriter
    // allocates itself, its buffer and its nesting stack, about 400 octets per message when
    // made anew, on every request and response (issue 13).
    private static AsnWriter RentWriter()
    {
        var writer = t_writer ?? new AsnWriter(AsnEncodingRules.BER, initialCapacity: 512);
        t_writer = null;
        return writer;
    }

    private static byte[] EncodeAndReturn(AsnWriter writer)
    {
        var encoded = writer.Encode();
        ReturnWriter(writer, encoded.Length);
        return encoded;
    }

    private static void ReturnWriter(AsnWriter writer, int length)
    {
        writer.Reset();
        // Kept for the next message unless a large PDU grew it (a writer keeps its buffer); a
        // writer an exception left half-written is never returned, so never kept.
        if (length <= 8192)
        {
            t_writer = writer;
        }
    }

    /// <summary>Encodes an SNMPv3 message.</summary>
    public static byte[] Encode(SnmpV3Message message) => Encode(message, out _);

    /// <summary>
    /// Encodes an SNMPv3 message and reports where the msgSecurityParameters contents start in
    /// the result, so a security model can fill in a digest over the whole message (RFC 3414
    /// section 6.3.1).
    /// </summary>
    public static byte[] Encode(SnmpV3Message message, out int securityParametersOffset)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new AsnWriter(AsnEncodingRules.BER, initialCapacity: 256);
        var g = message.GlobalData;
        byte[] tail;
        {
            // Everything after msgSecurityParameters is encoded first so the offset of the
            // security parameters' contents can be computed from the tail's length.
            var tailWriter = new AsnWriter(AsnEncodingRules.BER, initialCapacity: 256);
            if (message.ScopedPdu is { } scoped)
            {
                WriteScopedPdu(tailWriter, scoped);
            }
            else
            {
                tailWriter.WriteOctetString(message.EncryptedPdu.Span);
            }

            tail = tailWriter.Encode();
        }

        using (writer.PushSequence())
        {
            writer.WriteInteger(3);
            using (writer.PushSequence())
            {
                writer.WriteInteger(g.MsgId);
                writer.WriteInteger(g.MsgMaxSize);
                writer.WriteOctetString([(byte)g.MsgFlags]);
                writer.WriteInteger(g.MsgSecurityModel);
            }

            writer.WriteOctetString(message.SecurityParameters.Span);
            writer.WriteEncodedValue(tail);
        }

        var encoded = writer.Encode();
        securityParametersOffset = encoded.Length - tail.Length - message.SecurityParameters.Length;
        return encoded;
    }

    /// <summary>Encodes a ScopedPDU on its own, as the plaintext that privacy protocols encrypt.</summary>
    public static byte[] Encode(ScopedPdu scopedPdu)
    {
        ArgumentNullException.ThrowIfNull(scopedPdu);
        var writer = RentWriter();
        WriteScopedPdu(writer, scopedPdu);
        return EncodeAndReturn(writer);
    }

    /// <summary>
    /// Encodes a ScopedPDU into <paramref name="destination"/> (it needs
    /// <see cref="BerSize.Of(ScopedPdu)"/> octets) and returns the octets written, without
    /// allocating: the writer is this thread's, reused. For a security model that writes the
    /// scopedPDU straight into its message, or encrypts it there (RFC 3414 section 3.1.1).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small, or the PDU cannot be encoded.</exception>
    public static int Encode(ScopedPdu scopedPdu, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(scopedPdu);
        var writer = RentWriter();
        WriteScopedPdu(writer, scopedPdu);
        int length = writer.GetEncodedLength();
        bool fits = writer.TryEncode(destination, out int written);
        ReturnWriter(writer, length);
        return fits ? written : throw new ArgumentException($"A ScopedPDU of {length} octets does not fit in {destination.Length}.", nameof(destination));
    }

    /// <summary>Encodes a PDU on its own.</summary>
    public static byte[] Encode(SnmpPdu pdu, SnmpVersion version)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        var writer = RentWriter();
        WritePdu(writer, pdu, version);
        return EncodeAndReturn(writer);
    }

    private static void WriteScopedPdu(AsnWriter writer, ScopedPdu scoped)
    {
        using (writer.PushSequence())
        {
            writer.WriteOctetString(scoped.ContextEngineId.Span);
            writer.WriteOctetString(scoped.ContextName.Span);
            WritePdu(writer, scoped.Pdu, SnmpVersion.SNMPv3);
        }
    }

    private static void WritePdu(AsnWriter writer, SnmpPdu pdu, SnmpVersion version)
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

        var tag = new Asn1Tag(TagClass.ContextSpecific, (int)pdu.Type & 0x1F, isConstructed: true);
        using (writer.PushSequence(tag))
        {
            switch (pdu)
            {
                case Pdu p:
                    writer.WriteInteger(p.RequestId);
                    writer.WriteInteger((int)p.ErrorStatus);
                    writer.WriteInteger(p.ErrorIndex);
                    break;
                case BulkPdu b:
                    writer.WriteInteger(b.RequestId);
                    writer.WriteInteger(b.NonRepeaters);
                    writer.WriteInteger(b.MaxRepetitions);
                    break;
                case TrapV1Pdu t:
                    WriteObjectIdentifier(writer, t.Enterprise);
                    Span<byte> addr = stackalloc byte[4];
                    t.AgentAddress.WriteAddressBytes(addr);
                    writer.WriteOctetString(addr, IpAddressTag);
                    writer.WriteInteger((int)t.GenericTrap);
                    writer.WriteInteger(t.SpecificTrap);
                    writer.WriteInteger(t.TimeStamp.Value, TimeTicksTag);
                    break;
            }

            using (writer.PushSequence())
            {
                foreach (var vb in pdu.VarBinds.AsSpan())
                {
                    using (writer.PushSequence())
                    {
                        WriteObjectIdentifier(writer, vb.Oid);
                        WriteValue(writer, vb.Value, v1);
                    }
                }
            }
        }
    }

    private static readonly Asn1Tag IpAddressTag = new(TagClass.Application, 0);
    private static readonly Asn1Tag Counter32Tag = new(TagClass.Application, 1);
    private static readonly Asn1Tag Gauge32Tag = new(TagClass.Application, 2);
    private static readonly Asn1Tag TimeTicksTag = new(TagClass.Application, 3);
    private static readonly Asn1Tag OpaqueTag = new(TagClass.Application, 4);
    private static readonly Asn1Tag Counter64Tag = new(TagClass.Application, 6);
    private static readonly Asn1Tag NoSuchObjectTag = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag NoSuchInstanceTag = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag EndOfMibViewTag = new(TagClass.ContextSpecific, 2);

    private static void WriteValue(AsnWriter writer, SnmpValue value, bool v1)
    {
        switch (value)
        {
            case Integer32 i:
                writer.WriteInteger(i.Value);
                break;
            case OctetString s:
                writer.WriteOctetString(s.Span);
                break;
            case Null:
                writer.WriteNull();
                break;
            case ObjectIdentifier o:
                WriteObjectIdentifier(writer, o);
                break;
            case IpAddress a:
                Span<byte> addr = stackalloc byte[4];
                a.WriteAddressBytes(addr);
                writer.WriteOctetString(addr, IpAddressTag);
                break;
            case Counter32 c:
                writer.WriteInteger(c.Value, Counter32Tag);
                break;
            case Gauge32 g:
                writer.WriteInteger(g.Value, Gauge32Tag);
                break;
            case TimeTicks t:
                writer.WriteInteger(t.Value, TimeTicksTag);
                break;
            case Opaque o:
                writer.WriteOctetString(o.Span, OpaqueTag);
                break;
            case Counter64 c when !v1:
                writer.WriteInteger(c.Value, Counter64Tag);
                break;
            case NoSuchObject when !v1:
                writer.WriteNull(NoSuchObjectTag);
                break;
            case NoSuchInstance when !v1:
                writer.WriteNull(NoSuchInstanceTag);
                break;
            case EndOfMibView when !v1:
                writer.WriteNull(EndOfMibViewTag);
                break;
            default:
                throw new ArgumentException($"SNMPv1 cannot carry a {value.Type} value (RFC 3584 section 4.2.2).", nameof(value));
        }
    }

    private static void WriteObjectIdentifier(AsnWriter writer, ObjectIdentifier oid)
    {
        // Up to 4 header octets, then at most 5 octets for each of up to 128 sub-identifiers, so
        // the length takes at most 3 octets (0x82 and two).
        Span<byte> buffer = stackalloc byte[4 + (5 * ObjectIdentifier.MaxSubIdentifiers)];
        int length = EncodeObjectIdentifierContents(oid.SubIdentifiers, buffer[4..]);
        int lengthOctets = BerSize.OfLength(length);
        int start = 3 - lengthOctets;
        buffer[start] = 0x06;
        if (lengthOctets == 1)
        {
            buffer[3] = (byte)length;
        }
        else
        {
            // X.690 8.1.3.5: the long form, 0x80 | how many length octets follow, big-endian.
            buffer[start + 1] = (byte)(0x80 | (lengthOctets - 1));
            for (int i = 3, rest = length; i > start + 1; i--, rest >>= 8)
            {
                buffer[i] = (byte)rest;
            }
        }

        writer.WriteEncodedValue(buffer[start..(4 + length)]);
    }

    /// <summary>Encodes OID contents (X.690 8.19); returns the number of octets written.</summary>
    internal static int EncodeObjectIdentifierContents(ReadOnlySpan<uint> ids, Span<byte> destination)
    {
        if (ids.Length < 2)
        {
            throw new ArgumentException($"An OBJECT IDENTIFIER on the wire needs at least two sub-identifiers; '{string.Join('.', ids.ToArray())}' has {ids.Length}.", nameof(ids));
        }

        if (ids[0] > 2 || (ids[0] < 2 && ids[1] >= 40) || (ids[0] == 2 && ids[1] > uint.MaxValue - 80))
        {
            throw new ArgumentException($"The OBJECT IDENTIFIER {string.Join('.', ids.ToArray())} cannot be encoded: the first arc must be 0, 1 or 2 and the second below 40 unless the first is 2 (X.690 8.19.4).", nameof(ids));
        }

        int pos = WriteBase128((ids[0] * 40) + ids[1], destination);
        for (int i = 2; i < ids.Length; i++)
        {
            pos += WriteBase128(ids[i], destination[pos..]);
        }

        return pos;
    }

    private static int WriteBase128(uint value, Span<byte> destination)
    {
        int count = BerSize.OfSubIdentifier(value);
        for (int i = count - 1; i >= 0; i--)
        {
            destination[i] = (byte)((value & 0x7F) | (i == count - 1 ? 0u : 0x80u));
            value >>= 7;
        }

        return count;
    }
}
