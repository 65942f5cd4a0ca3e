using System.Numerics;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Ber;

/// <summary>
/// The sizes of the BER encodings <see cref="SnmpMessageCodec"/> writes, computed without
/// encoding: the one place for what an element costs on the wire (X.690 section 8.1: identifier,
/// length and contents octets). Every figure is exact, not an estimate, because the codec writes
/// the definite length form with the fewest length octets (X.690 8.1.3), INTEGER contents in the
/// fewest octets (X.690 8.3.2), and every tag SNMP uses (RFC 3416 section 3, RFC 2578 section 7.1)
/// has a number below 31, so one identifier octet (X.690 8.1.2.2). Nothing here allocates, so a
/// Command Responder can size a response per variable binding as it builds it.
/// </summary>
public static class BerSize
{
    /// <summary>Length octets for <paramref name="contentLength"/> contents octets (X.690 8.1.3): one below 128, else one plus the length's octets.</summary>
    public static int OfLength(int contentLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(contentLength);
        return contentLength < 0x80 ? 1 : 1 + ((32 - BitOperations.LeadingZeroCount((uint)contentLength) + 7) / 8);
    }

    /// <summary>A whole element (identifier, length and contents octets) with <paramref name="contentLength"/> contents octets.</summary>
    public static int OfElement(int contentLength) => 1 + OfLength(contentLength) + contentLength;

    /// <summary>
    /// The most contents octets an element may have and still be at most
    /// <paramref name="elementLength"/> octets long (0 when not even an empty element fits, which
    /// callers see as a budget nothing fits in).
    /// </summary>
    public static int MaxContentLength(int elementLength)
    {
        // The element grows with its contents, so at most four steps back from the short form
        // (in long arithmetic: near int.MaxValue the element's size does not fit an int).
        int contents = elementLength - 2;
        while (contents > 0 && 1L + OfLength(contents) + contents > elementLength)
        {
            contents--;
        }

        return Math.Max(contents, 0);
    }

    /// <summary>An INTEGER (and Counter32, Gauge32, TimeTicks, which share its contents) with <paramref name="value"/>.</summary>
    public static int OfInteger(long value) => 2 + IntegerContents(value < 0 ? ~(ulong)value : (ulong)value);

    /// <summary>A Counter64 (RFC 2578 section 7.1.10) with <paramref name="value"/>: up to nine contents octets, as the top bit needs a leading zero.</summary>
    public static int OfCounter64(ulong value) => 2 + IntegerContents(value);

    /// <summary>An OCTET STRING (or IpAddress, Opaque) of <paramref name="length"/> octets.</summary>
    public static int OfOctetString(int length) => OfElement(length);

    /// <summary>An OBJECT IDENTIFIER (X.690 8.19), for every OID the codec can encode (two or more sub-identifiers).</summary>
    public static int OfObjectIdentifier(ObjectIdentifier oid)
    {
        ArgumentNullException.ThrowIfNull(oid);
        return OfElement(ObjectIdentifierContents(oid.SubIdentifiers));
    }

    /// <summary>A variable binding's value: any SMI type or RFC 3416 exception.</summary>
    public static int Of(SnmpValue value) => value switch
    {
        Integer32 i => OfInteger(i.Value),
        Counter32 c => OfInteger(c.Value),
        Gauge32 g => OfInteger(g.Value),
        TimeTicks t => OfInteger(t.Value),
        Counter64 c => OfCounter64(c.Value),
        OctetString s => OfOctetString(s.Length),
        Opaque o => OfOctetString(o.Value.Length),
        IpAddress => OfOctetString(4),
        ObjectIdentifier o => OfObjectIdentifier(o),
        EmptyValue => 2,
        null => throw new ArgumentNullException(nameof(value)),
        _ => throw new ArgumentException($"{value.Type} is not a value SNMP can carry.", nameof(value)),
    };

    /// <summary>A VarBind SEQUENCE of name and value (RFC 3416 section 3).</summary>
    public static int Of(VarBind varBind) => OfElement(OfObjectIdentifier(varBind.Oid) + Of(varBind.Value));

    /// <summary>The contents of a variable-bindings SEQUENCE: the sum of its VarBinds (the list's own header is in <see cref="OfPdu"/>).</summary>
    public static int OfVarBindsContents(VarBindList varBinds)
    {
        ArgumentNullException.ThrowIfNull(varBinds);
        int length = 0;
        foreach (var varBind in varBinds.AsSpan())
        {
            length += Of(varBind);
        }

        return length;
    }

    /// <summary>
    /// A PDU of the RFC 3416 section 3 shape whose variable-bindings contents are
    /// <paramref name="varBindsContents"/> octets: what a responder needs to know whether one more
    /// VarBind fits. For a GetBulkRequest, non-repeaters and max-repetitions take the places of
    /// error-status and error-index.
    /// </summary>
    public static int OfPdu(int requestId, int errorStatus, int errorIndex, int varBindsContents) =>
        OfElement(OfInteger(requestId) + OfInteger(errorStatus) + OfInteger(errorIndex) + OfElement(varBindsContents));

    /// <summary>A whole PDU, any type, as the codec encodes it alone or inside a message.</summary>
    public static int Of(SnmpPdu pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        int varBinds = OfVarBindsContents(pdu.VarBinds);
        return pdu switch
        {
            Pdu p => OfPdu(p.RequestId, (int)p.ErrorStatus, p.ErrorIndex, varBinds),
            BulkPdu b => OfPdu(b.RequestId, b.NonRepeaters, b.MaxRepetitions, varBinds),
            // RFC 1157 4.1.6: enterprise, agent-addr, generic-trap, specific-trap, time-stamp.
            TrapV1Pdu t => OfElement(OfObjectIdentifier(t.Enterprise) + OfOctetString(4) + OfInteger((int)t.GenericTrap) +
                OfInteger(t.SpecificTrap) + OfInteger(t.TimeStamp.Value) + OfElement(varBinds)),
            _ => throw new ArgumentException($"{pdu.GetType().Name} is not a PDU the codec encodes.", nameof(pdu)),
        };
    }

    /// <summary>A ScopedPDU (RFC 3412 section 6): contextEngineID and contextName around a PDU of <paramref name="pduLength"/> octets.</summary>
    public static int OfScopedPdu(int contextEngineIdLength, int contextNameLength, int pduLength) =>
        OfElement(OfOctetString(contextEngineIdLength) + OfOctetString(contextNameLength) + pduLength);

    /// <summary>A whole ScopedPDU.</summary>
    public static int Of(ScopedPdu scopedPdu)
    {
        ArgumentNullException.ThrowIfNull(scopedPdu);
        return OfScopedPdu(scopedPdu.ContextEngineId.Length, scopedPdu.ContextName.Length, Of(scopedPdu.Pdu));
    }

    /// <summary>A community-based message (RFC 1157 section 4, RFC 1901 section 3): version and community around a PDU of <paramref name="pduLength"/> octets.</summary>
    public static int OfCommunityMessage(SnmpVersion version, int communityLength, int pduLength) =>
        OfElement(OfInteger((int)version) + OfOctetString(communityLength) + pduLength);

    /// <summary>A whole community-based message.</summary>
    public static int Of(CommunityMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return OfCommunityMessage(message.Version, message.Community.Length, Of(message.Pdu));
    }

    /// <summary>Octets of one sub-identifier in base 128 (X.690 8.19.2): seven bits per octet.</summary>
    internal static int OfSubIdentifier(uint value) => value < 0x80 ? 1 : (32 - BitOperations.LeadingZeroCount(value) + 6) / 7;

    private static int ObjectIdentifierContents(ReadOnlySpan<uint> ids)
    {
        if (ids.Length < 2)
        {
            // The codec refuses these; count what is there so a size is still an answer.
            int octets = 0;
            foreach (uint id in ids)
            {
                octets += OfSubIdentifier(id);
            }

            return octets;
        }

        // X.690 8.19.4: the first two arcs share one sub-identifier.
        int length = OfSubIdentifier(unchecked((ids[0] * 40) + ids[1]));
        for (int i = 2; i < ids.Length; i++)
        {
            length += OfSubIdentifier(ids[i]);
        }

        return length;
    }

    // Two's complement contents in the fewest octets (X.690 8.3.2) for a value whose magnitude
    // (the value, or its complement when negative) has this many significant bits: one sign bit more.
    private static int IntegerContents(ulong magnitude) => ((64 - BitOperations.LeadingZeroCount(magnitude)) / 8) + 1;
}
