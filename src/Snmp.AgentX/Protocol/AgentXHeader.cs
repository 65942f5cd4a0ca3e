using System.Buffers.Binary;

namespace Snmp.AgentX.Protocol;

/// <summary>
/// The fixed 20-octet AgentX header (RFC 2741 section 6.1): h.version, h.type, h.flags, a
/// reserved octet, then h.sessionID, h.transactionID, h.packetID and h.payload_length in the
/// byte order NETWORK_BYTE_ORDER names.
/// </summary>
internal readonly record struct AgentXHeader(AgentXPduType Type, AgentXFlags Flags, uint SessionId, uint TransactionId, uint PacketId, uint PayloadLength)
{
    /// <summary>The header's size in octets.</summary>
    public const int Length = 20;

    /// <summary>h.version of AgentX version 1.</summary>
    public const byte Version = 1;

    public bool NetworkByteOrder => (Flags & AgentXFlags.NetworkByteOrder) != 0;

    /// <summary>
    /// Reads a header, checking what can be checked before the payload arrives: version 1, a known
    /// type, a payload length that is a multiple of 4 (5.3, every encoding is 4-aligned) and at most
    /// <paramref name="maxPayloadLength"/>.
    /// </summary>
    /// <exception cref="AgentXDecodeException">The header is not one of AgentX version 1 or announces too much.</exception>
    public static AgentXHeader Read(ReadOnlySpan<byte> header, int maxPayloadLength)
    {
        if (header.Length < Length)
        {
            throw new AgentXDecodeException($"a header of {header.Length} octets (truncated; it has {Length})", header.Length);
        }

        if (header[0] != Version)
        {
            throw new AgentXDecodeException($"h.version {header[0]} (only AgentX version 1 is known)", 0);
        }

        if (header[1] is < (byte)AgentXPduType.Open or > (byte)AgentXPduType.Response)
        {
            throw new AgentXDecodeException($"h.type {header[1]} names no AgentX PDU", 1);
        }

        var flags = (AgentXFlags)header[2];
        bool network = (flags & AgentXFlags.NetworkByteOrder) != 0;
        uint payloadLength = Read32(header, 16, network);
        if (payloadLength % 4 != 0)
        {
            throw new AgentXDecodeException($"h.payload_length {payloadLength} is not a multiple of 4", 16);
        }

        if (payloadLength > (uint)maxPayloadLength)
        {
            throw new AgentXDecodeException($"h.payload_length {payloadLength} is over the limit of {maxPayloadLength} octets (oversize)", 16);
        }

        return new AgentXHeader((AgentXPduType)header[1], flags, Read32(header, 4, network), Read32(header, 8, network), Read32(header, 12, network), payloadLength);
    }

    private static uint Read32(ReadOnlySpan<byte> header, int offset, bool network) =>
        network ? BinaryPrimitives.ReadUInt32BigEndian(header[offset..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[offset..]);
}
