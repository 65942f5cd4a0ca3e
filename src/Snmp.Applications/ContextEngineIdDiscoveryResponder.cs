using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Applications;

/// <summary>
/// The answering side of RFC 5343 context EngineID discovery for an SNMP engine without a
/// Command Responder (a notification receiver). Registered for GetRequest under the engine's
/// snmpEngineID, which is what the SNMPv3 message processing model makes of the localEngineID
/// '8000000006'H (RFC 5343 section 3), it answers the discovery request, an SNMPv3 Get of
/// snmpEngineID.0 alone in the default context, with the engine's snmpEngineID. Net-SNMP's
/// snmpinform over TLS or DTLS sends that request before its inform, to learn the contextEngineID
/// to put in it.
/// </summary>
/// <remarks>
/// Any SNMPv3 principal the security model accepted gets the answer, as from the Agent: the
/// engine's id is no secret (USM discovery, RFC 3414 section 4, gives it to anyone). Every other
/// GetRequest is what it was before this application registered: no application's
/// (RFC 3412 4.2.2.1 step 2), counted in snmpUnknownPDUHandlers, and answered with a Report of
/// it when it is SNMPv3.
/// </remarks>
public sealed class ContextEngineIdDiscoveryResponder(IDispatcher dispatcher, SnmpStatistics statistics, OctetString snmpEngineId, ILogger? logger = null) : IPduProcessor
{
    /// <summary>The PDU type the responder registers for.</summary>
    public static IReadOnlyCollection<PduType> PduTypes { get; } = [PduType.GetRequest];

    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private long _answered;

    /// <summary>Discovery requests answered.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <inheritdoc />
    public void ProcessPdu(ProcessPduParameters pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        if (IsDiscoveryRequest(pdu))
        {
            Interlocked.Increment(ref _answered);
            var response = new Pdu(PduType.Response, pdu.Pdu.RequestId, ErrorStatus.NoError, 0,
                new VarBindList(new VarBind(ContextEngineIdDiscovery.SnmpEngineIdInstance, snmpEngineId)));
            _ = RespondAsync(pdu, response);
            return;
        }

        var value = statistics.Increment(SnmpCounter.SnmpUnknownPDUHandlers);
        _logger.LogDebug("Dropped a GetRequest from {Source} ({Counter}): the notification receiver answers only the RFC 5343 discovery request", pdu.TransportAddress, SnmpCounter.SnmpUnknownPDUHandlers);
        if (pdu.MessageProcessingModel == SnmpVersion.SNMPv3)
        {
            _ = RespondAsync(pdu, SnmpCounterObjects.ReportPdu(pdu.Pdu.RequestId, SnmpCounter.SnmpUnknownPDUHandlers, value));
        }
    }

    private bool IsDiscoveryRequest(ProcessPduParameters request) =>
        request.MessageProcessingModel == SnmpVersion.SNMPv3 &&
        request.SecurityModel != SecurityModel.SNMPv1 && request.SecurityModel != SecurityModel.SNMPv2c &&
        request.Pdu.Type == PduType.GetRequest &&
        request.ContextEngineId.Equals(snmpEngineId) &&
        request.ContextName.Length == 0 &&
        request.Pdu.VarBinds.Count == 1 &&
        request.Pdu.VarBinds[0].Oid.Equals(ContextEngineIdDiscovery.SnmpEngineIdInstance);

    private async Task RespondAsync(ProcessPduParameters request, SnmpPdu response)
    {
        try
        {
            await dispatcher.ReturnResponsePduAsync(request, response, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The engine is shutting down.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning(e, "The answer to a GetRequest from {Source} could not be sent", request.TransportAddress);
        }
    }
}
