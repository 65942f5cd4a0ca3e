using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Applications.Proxy;

/// <summary>
/// What a proxy forwarder does to a PDU when the incoming and outgoing SNMP versions differ
/// (RFC 3413 3.5.1.1 step 3 and 3.5.1.2 step 3 defer to RFC 3584 section 4.2).
/// </summary>
internal static class ProxyPduTranslation
{
    /// <summary>
    /// The request to send to a downstream agent of version <paramref name="downstream"/>, or
    /// null when it cannot carry it. RFC 3584 4.2.1: a GetBulkRequest-PDU for an SNMPv1 agent
    /// becomes a GetNextRequest-PDU of the same variable-bindings (non-repeaters and
    /// max-repetitions dropped); SNMPv1 has no Counter64, so a SetRequest writing one cannot go.
    /// The request-id is replaced when sent.
    /// </summary>
    public static SnmpPdu? ForDownstream(SnmpPdu request, SnmpVersion downstream)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (downstream != SnmpVersion.SNMPv1)
        {
            return request;
        }

        if (request is BulkPdu bulk)
        {
            return new Pdu(PduType.GetNextRequest, bulk.RequestId, bulk.VarBinds);
        }

        return request.Type == PduType.SetRequest && request.VarBinds.Any(v => v.Value is Counter64) ? null : request;
    }

    /// <summary>
    /// The Response to return upstream (RFC 3413 3.5.1.2 step 4): <paramref name="response"/>
    /// with the incoming request's request-id, translated for an SNMPv1 requester of an SNMPv2c
    /// or SNMPv3 agent (RFC 3584 4.2.2: Counter64 values are out of view, SNMPv2 exceptions become
    /// noSuchName, SNMPv2 error-status values the SNMPv1 ones of section 4.4). An SNMPv2c or SNMPv3
    /// requester gets an SNMPv1 agent's answer as it is: noSuchName, badValue and readOnly are in
    /// SNMPv2's error-status for proxy compatibility (RFC 3416 section 3).
    /// </summary>
    public static Pdu ForUpstream(Pdu response, SnmpPdu incomingRequest, SnmpVersion upstream, SnmpVersion downstream)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(incomingRequest);
        var answer = response.WithRequestId(incomingRequest.RequestId);
        if (upstream != SnmpVersion.SNMPv1 || downstream == SnmpVersion.SNMPv1)
        {
            return answer;
        }

        if (answer.ErrorStatus == ErrorStatus.NoError && answer.VarBinds.Any(v => v.Value is Counter64))
        {
            // RFC 3584 4.2.2.1: a Counter64 instance is out of view for SNMPv1 (a GetNext's were skipped before this).
            answer = new Pdu(PduType.Response, answer.RequestId, ErrorStatus.NoError, 0,
                new VarBindList(answer.VarBinds.Select(v => v.Value is Counter64 ? new VarBind(v.Oid, NoSuchObject.Instance) : v)));
        }

        return Rfc3584Translation.ToSnmpV1Response(answer, incomingRequest);
    }

    /// <summary>The positions (0-based) of the Counter64 values of an answer without error: what an SNMPv1 GetNext must skip (RFC 3584 4.2.2.1).</summary>
    public static int[] Counter64Positions(Pdu response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.ErrorStatus != ErrorStatus.NoError)
        {
            return [];
        }

        var positions = new List<int>();
        for (int i = 0; i < response.VarBinds.Count; i++)
        {
            if (response.VarBinds[i].Value is Counter64)
            {
                positions.Add(i);
            }
        }

        return [.. positions];
    }

    /// <summary>
    /// The SNMPv2 notification variable-bindings an SNMPv1 Trap-PDU is forwarded as to an SNMPv2c or
    /// SNMPv3 target (RFC 3584 section 3.1, with snmpTrapAddress.0 and snmpTrapCommunity.0, which a
    /// proxy forwarder adds: SNMP-COMMUNITY-MIB's snmpProxyTrapForwardGroup).
    /// </summary>
    public static VarBindList NotificationOf(TrapV1Pdu trap, OctetString community) => Rfc3584NotificationTranslation.ToSnmpV2(trap, community);
}
