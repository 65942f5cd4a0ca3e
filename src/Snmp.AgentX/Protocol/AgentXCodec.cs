using System.Buffers.Binary;

namespace Snmp.AgentX.Protocol;

/// <summary>
/// Encodes and decodes whole AgentX PDUs (RFC 2741 sections 5 and 6), beside the core's SNMP BER
/// codec: a sender picks its byte order (NETWORK_BYTE_ORDER), a receiver reads the one the header
/// names. Decoding is bounded: nothing is read past the announced payload, and a payload with
/// octets left over is as malformed as one that ends too soon.
/// </summary>
internal static class AgentXCodec
{
    /// <summary>The largest payload accepted unless the caller says otherwise: 1 MiB.</summary>
    public const int DefaultMaxPayloadLength = 1 << 20;

    /// <summary>Encodes <paramref name="pdu"/>, in network byte order unless told otherwise.</summary>
    public static byte[] Encode(AgentXPdu pdu, bool networkByteOrder = true)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        var writer = new AgentXWriter(networkByteOrder);
        var flags = pdu.Flags & ~(AgentXFlags.NonDefaultContext | AgentXFlags.NetworkByteOrder);
        bool context = pdu.Context is not null && AgentXPdu.HasContextField(pdu.Type);
        if (pdu.Context is not null && !AgentXPdu.HasContextField(pdu.Type))
        {
            throw new ArgumentException($"An AgentX {pdu.Type} PDU carries no context.", nameof(pdu));
        }

        if (context)
        {
            flags |= AgentXFlags.NonDefaultContext;
        }

        if (networkByteOrder)
        {
            flags |= AgentXFlags.NetworkByteOrder;
        }

        writer.WriteByte(AgentXHeader.Version);
        writer.WriteByte((byte)pdu.Type);
        writer.WriteByte((byte)flags);
        writer.WriteByte(0);
        writer.WriteUInt32(pdu.SessionId);
        writer.WriteUInt32(pdu.TransactionId);
        writer.WriteUInt32(pdu.PacketId);
        writer.WriteUInt32(0); // h.payload_length, filled in below
        if (context)
        {
            writer.WriteOctets(pdu.Context!.Span);
        }

        WritePayload(writer, pdu);
        var bytes = writer.Written.ToArray();
        uint payloadLength = (uint)(bytes.Length - AgentXHeader.Length);
        if (networkByteOrder)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), payloadLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), payloadLength);
        }

        return bytes;
    }

    private static void WritePayload(AgentXWriter writer, AgentXPdu pdu)
    {
        switch (pdu)
        {
            case AgentXOpenPdu open:
                writer.WriteByte(open.Timeout);
                writer.WriteZeros(3);
                writer.WriteObjectIdentifier(open.Id);
                writer.WriteOctets(open.Description.Span);
                break;
            case AgentXClosePdu close:
                writer.WriteByte((byte)close.Reason);
                writer.WriteZeros(3);
                break;
            case AgentXRegisterPdu register:
                writer.WriteByte(register.Type == AgentXPduType.Register ? register.Timeout : (byte)0);
                writer.WriteByte(register.Priority);
                writer.WriteByte(register.RangeSubId);
                writer.WriteByte(0);
                writer.WriteObjectIdentifier(register.Subtree);
                if (register.RangeSubId != 0)
                {
                    writer.WriteUInt32(register.UpperBound);
                }

                break;
            case AgentXGetPdu get:
                foreach (var range in get.Ranges)
                {
                    writer.WriteSearchRange(range);
                }

                break;
            case AgentXGetBulkPdu bulk:
                writer.WriteUInt16(bulk.NonRepeaters);
                writer.WriteUInt16(bulk.MaxRepetitions);
                foreach (var range in bulk.Ranges)
                {
                    writer.WriteSearchRange(range);
                }

                break;
            case AgentXVarBindPdu list:
                foreach (var varBind in list.VarBinds)
                {
                    writer.WriteVarBind(varBind);
                }

                break;
            case AgentXHeaderOnlyPdu:
                break;
            case AgentXAgentCapsPdu caps:
                writer.WriteObjectIdentifier(caps.Id);
                if (caps.Type == AgentXPduType.AddAgentCaps)
                {
                    writer.WriteOctets((caps.Description ?? OctetString.Empty).Span);
                }

                break;
            case AgentXResponsePdu response:
                writer.WriteUInt32(response.SysUpTime);
                writer.WriteUInt16((ushort)response.Error);
                writer.WriteUInt16(response.Index);
                foreach (var varBind in response.VarBinds)
                {
                    writer.WriteVarBind(varBind);
                }

                break;
            default:
                throw new ArgumentException($"No encoding for {pdu.GetType().Name}.", nameof(pdu));
        }
    }

    /// <summary>Decodes one whole PDU (header and payload).</summary>
    /// <exception cref="AgentXDecodeException">It is not a valid AgentX PDU, or its payload is over <paramref name="maxPayloadLength"/>.</exception>
    public static AgentXPdu Decode(ReadOnlySpan<byte> pdu, int maxPayloadLength = DefaultMaxPayloadLength)
    {
        var header = AgentXHeader.Read(pdu, maxPayloadLength);
        var payload = pdu[AgentXHeader.Length..];
        if (payload.Length != header.PayloadLength)
        {
            throw new AgentXDecodeException(
                payload.Length < header.PayloadLength
                    ? $"a payload of {payload.Length} octets where h.payload_length says {header.PayloadLength} (truncated)"
                    : $"{payload.Length - header.PayloadLength} octets after the payload h.payload_length announces", AgentXHeader.Length + Math.Min(payload.Length, (int)header.PayloadLength));
        }

        return DecodePayload(header, payload);
    }

    /// <summary>Decodes the payload of a PDU whose header has been read already (a stream reader's path).</summary>
    public static AgentXPdu DecodePayload(AgentXHeader header, ReadOnlySpan<byte> payload)
    {
        var reader = new AgentXReader(payload, header.NetworkByteOrder);
        OctetString? context = null;
        if ((header.Flags & AgentXFlags.NonDefaultContext) != 0)
        {
            if (!AgentXPdu.HasContextField(header.Type))
            {
                throw new AgentXDecodeException($"NON_DEFAULT_CONTEXT set on a {header.Type} PDU, which has no context field", 2);
            }

            context = reader.ReadOctetString();
        }

        AgentXPdu pdu = header.Type switch
        {
            AgentXPduType.Open => ReadOpen(ref reader),
            AgentXPduType.Close => ReadClose(ref reader),
            AgentXPduType.Register or AgentXPduType.Unregister => ReadRegister(ref reader, header.Type),
            AgentXPduType.Get or AgentXPduType.GetNext => new AgentXGetPdu(header.Type, reader.ReadSearchRangeList()),
            AgentXPduType.GetBulk => new AgentXGetBulkPdu(reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadSearchRangeList()),
            AgentXPduType.TestSet or AgentXPduType.Notify or AgentXPduType.IndexAllocate or AgentXPduType.IndexDeallocate =>
                new AgentXVarBindPdu(header.Type, reader.ReadVarBindList()),
            AgentXPduType.CommitSet or AgentXPduType.UndoSet or AgentXPduType.CleanupSet or AgentXPduType.Ping => new AgentXHeaderOnlyPdu(header.Type),
            AgentXPduType.AddAgentCaps => new AgentXAgentCapsPdu(header.Type, reader.ReadObjectIdentifier(), reader.ReadOctetString()),
            AgentXPduType.RemoveAgentCaps => new AgentXAgentCapsPdu(header.Type, reader.ReadObjectIdentifier(), null),
            AgentXPduType.Response => new AgentXResponsePdu(reader.ReadUInt32(), (AgentXError)reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadVarBindList()),
            _ => throw new AgentXDecodeException($"h.type {(byte)header.Type} names no AgentX PDU", 1),
        };
        if (reader.HasData)
        {
            throw new AgentXDecodeException($"octets left over after a {header.Type} PDU's fields", reader.Offset);
        }

        return pdu with
        {
            Flags = header.Flags & ~(AgentXFlags.NonDefaultContext | AgentXFlags.NetworkByteOrder),
            SessionId = header.SessionId,
            TransactionId = header.TransactionId,
            PacketId = header.PacketId,
            Context = context,
        };
    }

    private static AgentXOpenPdu ReadOpen(ref AgentXReader reader)
    {
        byte timeout = reader.ReadByte();
        reader.Skip(3);
        return new AgentXOpenPdu(timeout, reader.ReadObjectIdentifier(), reader.ReadOctetString());
    }

    private static AgentXClosePdu ReadClose(ref AgentXReader reader)
    {
        int offset = reader.Offset;
        byte reason = reader.ReadByte();
        reader.Skip(3);
        return reason is >= (byte)AgentXCloseReason.Other and <= (byte)AgentXCloseReason.ByManager
            ? new AgentXClosePdu((AgentXCloseReason)reason)
            : throw new AgentXDecodeException($"c.reason {reason} is none of RFC 2741 6.2.2's", offset);
    }

    private static AgentXRegisterPdu ReadRegister(ref AgentXReader reader, AgentXPduType type)
    {
        byte timeout = reader.ReadByte();
        byte priority = reader.ReadByte();
        int rangeOffset = reader.Offset;
        byte rangeSubId = reader.ReadByte();
        reader.Skip(1);
        var subtree = reader.ReadObjectIdentifier();
        uint upperBound = 0;
        if (rangeSubId != 0)
        {
            if (rangeSubId > subtree.Length)
            {
                throw new AgentXDecodeException($"r.range_subid {rangeSubId} is past the subtree's {subtree.Length} sub-identifiers", rangeOffset);
            }

            upperBound = reader.ReadUInt32();
        }

        return new AgentXRegisterPdu(type, type == AgentXPduType.Register ? timeout : (byte)0, priority, rangeSubId, subtree, upperBound);
    }
}
