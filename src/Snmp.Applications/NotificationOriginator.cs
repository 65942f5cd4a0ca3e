using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Applications;

/// <summary>
/// The Notification Originator application of RFC 3413 section 3.3 for community-based
/// targets: sends SNMPv1 Trap-PDUs and SNMPv2-Trap-PDUs through sendPdu without expecting a
/// response, and InformRequest-PDUs as confirmed-class PDUs that are retransmitted until the
/// receiver's Response arrives or the timeout passes. Informs go through the confirmed-class
/// sender the engine's Command Generator uses (one request-id space, the same retransmission
/// schedule and response matching), so they fail with the same typed exceptions as requests.
/// Thread-safe.
/// </summary>
public sealed class NotificationOriginator
{
    private readonly IDispatcher _dispatcher;
    private readonly ConfirmedPduSender _confirmedSender;
    private readonly ILogger _logger;

    /// <summary>Creates a notification originator.</summary>
    /// <param name="dispatcher">The engine's dispatcher (sendPdu).</param>
    /// <param name="commandGenerator">The engine's command generator, whose request-ids and retransmission the informs share.</param>
    /// <param name="logger">Where to log; nothing per notification above Debug.</param>
    public NotificationOriginator(IDispatcher dispatcher, CommandGenerator commandGenerator, ILogger<NotificationOriginator>? logger = null)
    {
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        _confirmedSender = (commandGenerator ?? throw new ArgumentNullException(nameof(commandGenerator))).Sender;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// The variable-bindings of an SNMPv2 notification (RFC 3416 section 4.2.6): sysUpTime.0 and
    /// snmpTrapOID.0 first, then <paramref name="varBinds"/>.
    /// </summary>
    public static VarBindList Notification(TimeTicks sysUpTime, ObjectIdentifier trapOid, IEnumerable<VarBind>? varBinds = null)
    {
        ArgumentNullException.ThrowIfNull(sysUpTime);
        ArgumentNullException.ThrowIfNull(trapOid);
        var list = new List<VarBind>
        {
            new(Rfc3584NotificationTranslation.SysUpTime0, sysUpTime),
            new(Rfc3584NotificationTranslation.SnmpTrapOid0, trapOid),
        };
        if (varBinds is not null)
        {
            list.AddRange(varBinds);
        }

        return new VarBindList(list);
    }

    /// <summary>
    /// Sends an unconfirmed notification (RFC 3413 section 3.3): an SNMPv2-Trap-PDU for SNMPv2c,
    /// or, for an SNMPv1 target, the Trap-PDU that RFC 3584 section 3.2 maps it to.
    /// </summary>
    /// <param name="target">The notification receiver.</param>
    /// <param name="notification">The variable-bindings, starting with sysUpTime.0 and snmpTrapOID.0 (<see cref="Notification"/>).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <exception cref="ArgumentException">The notification does not start with sysUpTime.0 and snmpTrapOID.0.</exception>
    public ValueTask SendTrapAsync(SnmpTarget target, VarBindList notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(notification);
        var trap = Rfc3584NotificationTranslation.ToSnmpV1(notification); // also checks the first two varbinds
        return target.MessageProcessingModel == SnmpVersion.SNMPv1
            ? SendUnconfirmedAsync(target, trap, cancellationToken)
            : SendUnconfirmedAsync(target, new Pdu(PduType.SNMPv2Trap, _confirmedSender.NextRequestId(), notification), cancellationToken);
    }

    /// <summary>
    /// Sends an SNMPv1 Trap-PDU (RFC 1157 section 4.1.6) to an SNMPv1 target, or to an SNMPv2c
    /// target the SNMPv2-Trap-PDU that RFC 3584 section 3.1 maps it to.
    /// </summary>
    public ValueTask SendV1TrapAsync(SnmpTarget target, TrapV1Pdu trap, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(trap);
        return target.MessageProcessingModel == SnmpVersion.SNMPv1
            ? SendUnconfirmedAsync(target, trap, cancellationToken)
            : SendUnconfirmedAsync(target, new Pdu(PduType.SNMPv2Trap, _confirmedSender.NextRequestId(), Rfc3584NotificationTranslation.ToSnmpV2(trap)), cancellationToken);
    }

    /// <summary>
    /// Sends an InformRequest-PDU (RFC 3416 section 4.2.7) and returns the receiver's Response,
    /// retransmitting on <paramref name="policy"/>'s refresh period until it arrives.
    /// </summary>
    /// <exception cref="NotSupportedException">The target speaks SNMPv1, which has no InformRequest.</exception>
    /// <exception cref="ArgumentException">The notification does not start with sysUpTime.0 and snmpTrapOID.0.</exception>
    /// <exception cref="SnmpTimeoutException">No Response within the policy's timeout.</exception>
    /// <exception cref="SnmpErrorResponseException">The receiver answered with an error-status.</exception>
    /// <exception cref="SnmpImproperResponseException">The Response does not carry the inform's variable-bindings.</exception>
    public async Task<Pdu> InformAsync(SnmpTarget target, VarBindList notification, RetransmissionPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(notification);
        if (target.MessageProcessingModel == SnmpVersion.SNMPv1)
        {
            throw new NotSupportedException("SNMPv1 has no InformRequest (RFC 3584 section 3); send a trap or use SNMPv2c.");
        }

        _ = Rfc3584NotificationTranslation.ToSnmpV1(notification); // checks sysUpTime.0 and snmpTrapOID.0 come first
        var inform = new Pdu(PduType.InformRequest, 0, notification);
        var response = await _confirmedSender.SendAsync(target, inform, policy, cancellationToken).ConfigureAwait(false);
        // RFC 3416 4.2.7: the Response carries the inform's variable-bindings.
        return ResponseValidation.Validate(inform, response.Pdu, target.MessageProcessingModel);
    }

    private async ValueTask SendUnconfirmedAsync(SnmpTarget target, SnmpPdu pdu, CancellationToken cancellationToken)
    {
        var parameters = new SendPduParameters(target.TransportDomain, target.TransportAddress, target.MessageProcessingModel, target.SecurityModel,
            target.SecurityName, target.SecurityLevel, target.ContextEngineId, target.ContextName, pdu, ExpectResponse: false);
        var handle = await _dispatcher.SendPduAsync(parameters, responseProcessor: null, cancellationToken).ConfigureAwait(false);
        _dispatcher.ReleasePduHandle(handle);
        _logger.LogDebug("Sent {PduType} to {Target}", pdu.Type, target.TransportAddress);
    }
}
