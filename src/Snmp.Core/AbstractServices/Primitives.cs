using System.Net;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Smi;

namespace Snmp.AbstractServices;

/// <summary>
/// The IN parameters of sendPdu (RFC 3411 section 4.1.1): what an application asks the dispatcher
/// to send. pduVersion follows from the message processing model.
/// </summary>
public sealed record SendPduRequest(
    TransportDomain TransportDomain,
    EndPoint TransportAddress,
    MessageProcessingModel MessageProcessingModel,
    SecurityModel SecurityModel,
    OctetString SecurityName,
    SecurityLevel SecurityLevel,
    OctetString ContextEngineId,
    OctetString ContextName,
    SnmpPdu Pdu,
    bool ExpectResponse);

/// <summary>
/// The parameters of processResponsePdu (RFC 3411 section 4.1.4): a response (or Report) the
/// dispatcher routes to the application that sent the request identified by <see cref="SendPduHandle"/>.
/// </summary>
public sealed record ResponsePdu(
    MessageProcessingModel MessageProcessingModel,
    SecurityModel SecurityModel,
    OctetString SecurityName,
    SecurityLevel SecurityLevel,
    OctetString ContextEngineId,
    OctetString ContextName,
    SnmpPdu Pdu,
    PduHandle SendPduHandle,
    EndPoint TransportAddress);

/// <summary>
/// The parameters of processPdu (RFC 3411 section 4.1.2): an incoming request or notification the
/// dispatcher hands to the application registered for its contextEngineID and PDU type.
/// <see cref="StateReference"/> is opaque to the application and goes back with returnResponsePdu.
/// </summary>
public sealed record IncomingPdu(
    MessageProcessingModel MessageProcessingModel,
    SecurityModel SecurityModel,
    OctetString SecurityName,
    SecurityLevel SecurityLevel,
    OctetString ContextEngineId,
    OctetString ContextName,
    SnmpPdu Pdu,
    int MaxSizeResponseScopedPdu,
    object StateReference,
    TransportDomain TransportDomain,
    EndPoint TransportAddress);

/// <summary>
/// What prepareDataElements (RFC 3411 section 4.2.2) extracts from an incoming message: the
/// dispatcher routes on <see cref="Pdu"/>'s class, <see cref="SendPduHandle"/> (responses) or
/// contextEngineID (everything else).
/// </summary>
public sealed record PreparedDataElements(
    MessageProcessingModel MessageProcessingModel,
    SecurityModel SecurityModel,
    OctetString SecurityName,
    SecurityLevel SecurityLevel,
    OctetString ContextEngineId,
    OctetString ContextName,
    SnmpPdu Pdu,
    PduHandle SendPduHandle,
    int MaxSizeResponseScopedPdu,
    object? StateReference);

/// <summary>
/// The OUT parameters of prepareOutgoingMessage and prepareResponseMessage (RFC 3411 sections
/// 4.2.1 and 4.2.3): the serialized message and where it goes.
/// </summary>
public sealed record OutgoingMessage(TransportDomain DestTransportDomain, EndPoint DestTransportAddress, ReadOnlyMemory<byte> Message);

/// <summary>
/// The statusInformation of a message that cannot be processed (RFC 3412 section 4.2): which
/// statistics counter to increment. Thrown by prepareDataElements and processIncomingMsg; the
/// dispatcher counts it and drops the message. The message never contains secrets.
/// </summary>
public class MessageDroppedException : SnmpException
{
    /// <summary>Creates a drop indication.</summary>
    public MessageDroppedException(SnmpCounter counter, string reason, Exception? innerException = null)
        : base($"Message dropped ({counter}): {reason}", innerException)
    {
        Counter = counter;
        Reason = reason;
    }

    /// <summary>Why the message was dropped (never containing secrets).</summary>
    public string Reason { get; }

    /// <summary>The counter incremented for this drop.</summary>
    public SnmpCounter Counter { get; }

    /// <summary>
    /// Set by a security model acting as the authoritative engine (RFC 3414 3.2): the security
    /// parameters a Report about this drop must be sent with, when the message was reportable.
    /// </summary>
    public ReportSecurity? ReportSecurity { get; init; }

    /// <summary>
    /// Set by a message processing model (RFC 3412 7.1 step 3, 7.2): builds the Report-PDU message
    /// from the counter's new value; the dispatcher sends it after counting the drop.
    /// </summary>
    public Func<long, OutgoingMessage>? ReportMessage { get; init; }
}

/// <summary>
/// How a Report about a dropped message is secured (RFC 3414 3.2): usually noAuthNoPriv, but
/// authNoPriv as the request's user for usmStatsNotInTimeWindows.
/// </summary>
/// <param name="SecurityEngineId">The authoritative (local) snmpEngineID.</param>
/// <param name="SecurityName">msgUserName of the Report.</param>
/// <param name="SecurityLevel">The Report's level.</param>
/// <param name="SecurityStateReference">The security model's state for generateResponseMsg.</param>
/// <param name="RequestId">The request-id of the dropped PDU where it could be read, else 0.</param>
public sealed record ReportSecurity(OctetString SecurityEngineId, OctetString SecurityName, SecurityLevel SecurityLevel, object SecurityStateReference, int RequestId = 0);
