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

    /// <summary>The size of a thread's encoding buffer: most messages fit, a larger one grows it.</summary>
    private const int ScratchSize = 2048;

    /// <summary>The largest buffer a thread keeps for the next message (a large GetBulk page grew it).</summary>
    private const int ScratchKeptLimit = 16384;

    [ThreadStatic]
    private static byte[]? t_scratch;

    [ThreadStatic]
    private static VarBind[]? t_varBinds;

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
        if (!list.HasData)
        {
            return VarBindList.Empty;
        }

        // The varbinds go into this thread's array (taken while in use, so a nested decode gets
        // its own), then into one of their number: no list growing its array on the way.
        var items = t_varBinds ?? new VarBind[64];
        t_varBinds = null;
        int count = 0;
        while (list.HasData)
        {
            var vb = list.ReadSequence("a VarBind");
            var name = vb.ReadObjectIdentifier("a VarBind name");
            var value = vb.ReadValue(allowCounter64AndExceptions: !v1);
            vb.EnsureEnd("a VarBind");
            if (count == items.Length)
            {
                Array.Resize(ref items, items.Length * 2);
            }

            items[count++] = new VarBind(name, value);
        }

        var result = items.AsSpan(0, count).ToArray();
        if (items.Length <= 1024)
        {
            // Kept without the values it held: they belong to the message just decoded.
            Array.Clear(items, 0, count);
            t_varBinds = items;
        }

        return VarBindList.FromOwnedArray(result);
    }

    /// <summary>Encodes an SNMPv1 or SNMPv2c message.</summary>
    /// <exception cref="ArgumentException">The message holds something its version cannot carry (Counter64 or GetBulk in SNMPv1, say).</exception>
    public static byte[] Encode(CommunityMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = RentWriter();
        // Written back to front (BerBackwardWriter): the PDU, then the fields before it.
        writer.WritePdu(message.Pdu, message.Version);
        writer.WritePrimitive(0x04, message.Community.Span);
        writer.WriteInteger(0x02, (int)message.Version);
        writer.WriteHeader(SequenceTag, writer.Length);
        return EncodeAndReturn(ref writer);
    }

    // A writer over this thread's buffer, taken while in use (a nested call gets a new one).
    private static BerBackwardWriter RentWriter()
    {
        var scratch = t_scratch ?? new byte[ScratchSize];
        t_scratch = null;
        return new BerBackwardWriter(scratch);
    }

    private static byte[] EncodeAndReturn(ref BerBackwardWriter writer)
    {
        var encoded = writer.Written.ToArray();
        ReturnWriter(ref writer);
        return encoded;
    }

    private static void ReturnWriter(ref BerBackwardWriter writer)
    {
        // Kept for the next message unless a large PDU grew it past the limit, zeroed first (as
        // AsnWriter.Reset did): a message may carry a community or a scopedPDU to be encrypted.
        // A writer an exception left half-written is never returned.
        if (writer.Array is { Length: <= ScratchKeptLimit } array)
        {
            writer.ClearWritten();
            t_scratch = array;
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
        var g = message.GlobalData;
        var writer = RentWriter();
        // Back to front (RFC 3412 section 6): msgData, msgSecurityParameters, msgGlobalData,
        // msgVersion; the security parameters' contents start where the message's last
        // (length - tail - parameters) octets do.
        if (message.ScopedPdu is { } scoped)
        {
            writer.WriteScopedPdu(scoped);
        }
        else
        {
            writer.WritePrimitive(0x04, message.EncryptedPdu.Span);
        }

        int afterParameters = writer.Length + message.SecurityParameters.Length;
        writer.WritePrimitive(0x04, message.SecurityParameters.Span);
        int headerEnd = writer.Length;
        writer.WriteInteger(0x02, g.MsgSecurityModel);
        writer.WritePrimitive(0x04, [(byte)g.MsgFlags]);
        writer.WriteInteger(0x02, g.MsgMaxSize);
        writer.WriteInteger(0x02, g.MsgId);
        writer.WriteConstructed(SequenceTag, headerEnd);
        writer.WriteInteger(0x02, 3);
        writer.WriteHeader(SequenceTag, writer.Length);
        securityParametersOffset = writer.Length - afterParameters;
        return EncodeAndReturn(ref writer);
    }

    /// <summary>Encodes a ScopedPDU on its own, as the plaintext that privacy protocols encrypt.</summary>
    public static byte[] Encode(ScopedPdu scopedPdu)
    {
        ArgumentNullException.ThrowIfNull(scopedPdu);
        var writer = RentWriter();
        writer.WriteScopedPdu(scopedPdu);
        return EncodeAndReturn(ref writer);
    }

    /// <summary>
    /// Encodes a ScopedPDU into <paramref name="destination"/> (it needs
    /// <see cref="BerSize.Of(ScopedPdu)"/> octets) and returns the octets written, without
    /// allocating. For a security model that writes the scopedPDU straight into its message, or
    /// encrypts it there (RFC 3414 section 3.1.1).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small, or the PDU cannot be encoded.</exception>
    public static int Encode(ScopedPdu scopedPdu, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(scopedPdu);
        return TryEncode(scopedPdu, destination, out int written)
            ? written
            : throw new ArgumentException($"A ScopedPDU of {BerSize.Of(scopedPdu)} octets does not fit in {destination.Length}.", nameof(destination));
    }

    /// <summary>
    /// Encodes a ScopedPDU at the start of <paramref name="destination"/> if it fits, without
    /// allocating and without sizing it first: a security model can encode into a buffer of its
    /// own and size its message from <paramref name="bytesWritten"/>. False (and 0) when it does
    /// not fit; the destination's octets are then unspecified.
    /// </summary>
    /// <exception cref="ArgumentException">The PDU cannot be encoded (a value its version cannot carry, an OID X.690 cannot encode).</exception>
    public static bool TryEncode(ScopedPdu scopedPdu, Span<byte> destination, out int bytesWritten)
    {
        ArgumentNullException.ThrowIfNull(scopedPdu);
        // Written back to front from the end of the destination, then moved to its start.
        var writer = new BerBackwardWriter(destination);
        try
        {
            writer.WriteScopedPdu(scopedPdu);
        }
        catch (BerBufferFullException)
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = writer.Length;
        writer.Written.CopyTo(destination);
        return true;
    }

    /// <summary>Encodes a PDU on its own.</summary>
    public static byte[] Encode(SnmpPdu pdu, SnmpVersion version)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        var writer = RentWriter();
        writer.WritePdu(pdu, version);
        return EncodeAndReturn(ref writer);
    }
}
