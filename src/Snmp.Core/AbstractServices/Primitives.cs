using System.Net;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.AbstractServices;

/// <summary>
/// The IN parameters of sendPdu (RFC 3411 section 4.1.1): what an application asks the dispatcher
/// to send. pduVersion follows from the message processing model.
/// </summary>
/// <param name="TransportDomain">transportDomain.</param>
/// <param name="TransportAddress">transportAddress.</param>
/// <param name="MessageProcessingModel">messageProcessingModel (the SNMP version).</param>
/// <param name="SecurityModel">securityModel.</param>
/// <param name="SecurityName">securityName (for the Community-based Security Model, the community unless the community table maps it).</param>
/// <param name="SecurityLevel">securityLevel.</param>
/// <param name="ContextEngineId">contextEngineID.</param>
/// <param name="ContextName">contextName.</param>
/// <param name="Pdu">PDU.</param>
/// <param name="ExpectResponse">expectResponse.</param>
public sealed record SendPduParameters(
    TransportDomain TransportDomain,
    EndPoint TransportAddress,
    SnmpVersion MessageProcessingModel,
    SecurityModel SecurityModel,
    OctetString SecurityName,
    SecurityLevel SecurityLevel,
    OctetString ContextEngineId,
    OctetString ContextName,
    SnmpPdu Pdu,
    bool ExpectResponse)
{
    /// <summary>
    /// The transport mapping to send through (not an RFC element): a thread's
    /// <see cref="ITransportExchange"/>, whose borrower reads the answer itself; null (usually)
    /// for the domain's mapping.
    /// </summary>
    public ITransportMapping? TransportMapping { get; init; }

    /// <summary>
    /// The authoritative engine's snmpEngineID when it is not <see cref="ContextEngineId"/> (a
    /// request naming another engine's context, RFC 3412 section 7.1 step 9: the securityEngineID
    /// of a confirmed-class PDU is the snmpEngineID of the engine it is sent to); null: the contextEngineID.
    /// </summary>
    public OctetString? SecurityEngineId { get; init; }
}

/// <summary>
/// The parameters of processResponsePdu (RFC 3411 section 4.1.4): a response (or Report) the
/// dispatcher routes to the application that sent the request identified by <see cref="SendPduHandle"/>.
/// </summary>
/// <param name="MessageProcessingModel">messageProcessingModel.</param>
/// <param name="SecurityModel">securityModel.</param>
/// <param name="SecurityName">securityName.</param>
/// <param name="SecurityLevel">securityLevel.</param>
/// <param name="ContextEngineId">contextEngineID.</param>
/// <param name="ContextName">contextName.</param>
/// <param name="Pdu">PDU: the Response or Report.</param>
/// <param name="SendPduHandle">sendPduHandle of the request.</param>
/// <param name="TmStateReference">tmStateReference of the message (RFC 5590): where it came from.</param>
public sealed record ProcessResponsePduParameters(
    SnmpVersion MessageProcessingModel,
    SecurityModel SecurityModel,
    OctetString SecurityName,
    SecurityLevel SecurityLevel,
    OctetString ContextEngineId,
    OctetString ContextName,
    SnmpPdu Pdu,
    PduHandle SendPduHandle,
    TransportStateReference TmStateReference)
{
    /// <summary>The transport address the response came from.</summary>
    public EndPoint TransportAddress => TmStateReference.TransportAddress;
}

/// <summary>
/// The parameters of processPdu (RFC 3411 section 4.1.2): an incoming request or notification the
/// dispatcher hands to the application registered for its contextEngineID and PDU type.
/// <see cref="StateReference"/> is opaque to the application and goes back with returnResponsePdu.
/// </summary>
/// <param name="MessageProcessingModel">messageProcessingModel.</param>
/// <param name="SecurityModel">securityModel.</param>
/// <param name="SecurityName">securityName.</param>
/// <param name="SecurityLevel">securityLevel.</param>
/// <param name="ContextEngineId">contextEngineID.</param>
/// <param name="ContextName">contextName.</param>
/// <param name="Pdu">PDU.</param>
/// <param name="MaxSizeResponseScopedPdu">maxSizeResponseScopedPDU.</param>
/// <param name="StateReference">stateReference: the message processing model's state for the response.</param>
/// <param name="TmStateReference">tmStateReference of the message (RFC 5590): its transport domain, address and transport security.</param>
public sealed record ProcessPduParameters(
    SnmpVersion MessageProcessingModel,
    SecurityModel SecurityModel,
    OctetString SecurityName,
    SecurityLevel SecurityLevel,
    OctetString ContextEngineId,
    OctetString ContextName,
    SnmpPdu Pdu,
    int MaxSizeResponseScopedPdu,
    object StateReference,
    TransportStateReference TmStateReference)
{
    /// <summary>
    /// securityEngineID of the message: for SNMPv3 with USM its msgAuthoritativeEngineID (RFC 3414
    /// 2.3: the sender of a trap, the receiver of an inform); empty for SNMPv1 and SNMPv2c. Not one
    /// of processPdu's RFC 3411 parameters: the security model's output (RFC 3412 7.2 step 6),
    /// kept for a Notification Receiver to tell its trap senders apart.
    /// </summary>
    public OctetString SecurityEngineId { get; init; } = OctetString.Empty;

    /// <summary>transportDomain of the message.</summary>
    public TransportDomain TransportDomain => TmStateReference.TransportDomain;

    /// <summary>transportAddress the message came from.</summary>
    public EndPoint TransportAddress => TmStateReference.TransportAddress;
}

/// <summary>
/// What prepareDataElements (RFC 3411 section 4.2.2) extracts from an incoming message: the
/// dispatcher routes on <see cref="Pdu"/>'s class, <see cref="SendPduHandle"/> (responses) or
/// contextEngineID (everything else).
/// </summary>
public sealed record PreparedDataElements(
    SnmpVersion MessageProcessingModel,
    SecurityModel SecurityModel,
    OctetString SecurityName,
    SecurityLevel SecurityLevel,
    OctetString ContextEngineId,
    OctetString ContextName,
    SnmpPdu Pdu,
    PduHandle SendPduHandle,
    int MaxSizeResponseScopedPdu,
    object? StateReference,
    TransportStateReference TmStateReference)
{
    /// <summary>securityEngineID the security model returned (RFC 3412 7.2 step 6); empty for community-based messages.</summary>
    public OctetString SecurityEngineId { get; init; } = OctetString.Empty;
}

/// <summary>
/// The OUT parameters of prepareOutgoingMessage and prepareResponseMessage (RFC 3411 sections
/// 4.2.1 and 4.2.3, with RFC 5590's tmStateReference): the serialized message and where and how
/// the transport sends it.
/// </summary>
/// <param name="Message">outgoingMessage.</param>
/// <param name="TmStateReference">tmStateReference: destTransportDomain, destTransportAddress and the transport security asked for.</param>
public sealed record OutgoingMessage(ReadOnlyMemory<byte> Message, TransportStateReference TmStateReference)
{
    /// <summary>destTransportDomain.</summary>
    public TransportDomain DestTransportDomain => TmStateReference.TransportDomain;

    /// <summary>destTransportAddress.</summary>
    public EndPoint DestTransportAddress => TmStateReference.TransportAddress;
}

/// <summary>
/// The IN parameters generateRequestMsg and generateResponseMsg share (RFC 3411 sections 4.4.1
/// and 4.4.2, RFC 5590 section 5.2): what the security model secures and serializes.
/// </summary>
/// <param name="MessageProcessingModel">messageProcessingModel: the version of the message to build.</param>
/// <param name="GlobalData">globalData: SNMPv3 msgGlobalData; null for community-based messages, whose only global datum is the version.</param>
/// <param name="MaxMessageSize">maxMessageSize of the sending engine.</param>
/// <param name="SecurityEngineId">securityEngineID: the authoritative engine.</param>
/// <param name="SecurityName">securityName.</param>
/// <param name="SecurityLevel">securityLevel.</param>
/// <param name="ScopedPdu">scopedPDU (for community-based messages, only its PDU is sent).</param>
/// <param name="TmStateReference">tmStateReference: where the message goes; a security model may fill in the transport security it needs.</param>
public sealed record OutgoingSecurityParameters(
    SnmpVersion MessageProcessingModel,
    HeaderData? GlobalData,
    int MaxMessageSize,
    OctetString SecurityEngineId,
    OctetString SecurityName,
    SecurityLevel SecurityLevel,
    ScopedPdu ScopedPdu,
    TransportStateReference TmStateReference);

/// <summary>The OUT parameters of generateRequestMsg and generateResponseMsg (RFC 3411 4.4, RFC 5590 5.2): the whole message and its tmStateReference.</summary>
/// <param name="WholeMsg">wholeMsg.</param>
/// <param name="TmStateReference">tmStateReference for the transport's send.</param>
public sealed record SecuredMessage(byte[] WholeMsg, TransportStateReference TmStateReference);

/// <summary>The IN parameters of processIncomingMsg (RFC 3411 section 4.4.3, RFC 5590 section 5.2).</summary>
/// <param name="Message">The decoded message (its securityParameters, and the msgData to check or decrypt).</param>
/// <param name="WholeMsg">wholeMsg: the octets as received (digests cover them).</param>
/// <param name="MaxMessageSize">maxMessageSize of the receiving engine.</param>
/// <param name="TmStateReference">tmStateReference from the transport.</param>
public sealed record IncomingSecurityParameters(SnmpMessage Message, ReadOnlyMemory<byte> WholeMsg, int MaxMessageSize, TransportStateReference TmStateReference)
{
    /// <summary>
    /// The outstanding request whose msgID the message carries, from the address it was sent to
    /// (the cached data RFC 3412 7.2 steps 12 and 13 match Responses and Reports with); null
    /// when it answers none. USM trusts only such an answer with a clock behind its notion of
    /// the agent's (RFC 3414 3.2 step 7b): a replayed message cannot answer a msgID just sent.
    /// </summary>
    public OutstandingRequest? AnsweredRequest { get; init; }
}

/// <summary>What the SNMPv3 Message Processing Model cached of an outstanding request (RFC 3412 7.1 step 9).</summary>
/// <param name="SecurityEngineId">securityEngineID: the authoritative engine the request went to.</param>
/// <param name="SecurityName">securityName the request was sent as.</param>
public sealed record OutstandingRequest(OctetString SecurityEngineId, OctetString SecurityName);

/// <summary>
/// The statusInformation of a message that cannot be processed (RFC 3412 section 4.2): which
/// statistics counter to increment. Thrown by prepareDataElements and processIncomingMsg; the
/// dispatcher counts it and drops the message. The message never contains secrets.
/// </summary>
public class MessageDroppedException : SnmpException
{
    /// <summary>Creates a drop counted in a MIB counter of this library.</summary>
    public MessageDroppedException(SnmpCounter counter, string reason)
        : this(counter, reason, null)
    {
    }

    /// <summary>Creates a drop counted in a MIB counter of this library, caused by <paramref name="innerException"/>.</summary>
    public MessageDroppedException(SnmpCounter counter, string reason, Exception? innerException)
        : base($"Message dropped ({counter}): {reason}", innerException)
    {
        Counter = counter;
        CounterInstance = SnmpCounterObjects.InstanceOf(counter);
        Reason = reason;
    }

    /// <summary>Creates a drop counted in one of this library's own statistics (no Report can carry it).</summary>
    public MessageDroppedException(EngineCounter counter, string reason)
        : this(counter, reason, null)
    {
    }

    /// <summary>Creates a drop counted in one of this library's own statistics, caused by <paramref name="innerException"/>.</summary>
    public MessageDroppedException(EngineCounter counter, string reason, Exception? innerException)
        : base($"Message dropped ({counter}): {reason}", innerException)
    {
        EngineCounter = counter;
        Reason = reason;
    }

    /// <summary>
    /// Creates a drop counted in a plug-in model's own MIB counter, named by its instance OID (for
    /// example a Transport Security Model's snmpTsmStats counter); Reports carry it like any other.
    /// </summary>
    public MessageDroppedException(ObjectIdentifier counterInstance, string reason)
        : this(counterInstance, reason, null)
    {
    }

    /// <summary>Creates a drop counted in a plug-in model's own MIB counter, caused by <paramref name="innerException"/>.</summary>
    public MessageDroppedException(ObjectIdentifier counterInstance, string reason, Exception? innerException)
        : base($"Message dropped ({counterInstance}): {reason}", innerException)
    {
        CounterInstance = counterInstance ?? throw new ArgumentNullException(nameof(counterInstance));
        Reason = reason;
    }

    /// <summary>Why the message was dropped (never containing secrets).</summary>
    public string Reason { get; }

    /// <summary>The library's MIB counter incremented for this drop, if it is one.</summary>
    public SnmpCounter? Counter { get; }

    /// <summary>The library's own statistic incremented for this drop, if it is one.</summary>
    public EngineCounter? EngineCounter { get; }

    /// <summary>The MIB counter instance incremented for this drop (also for <see cref="Counter"/>); null for <see cref="EngineCounter"/>s.</summary>
    public ObjectIdentifier? CounterInstance { get; }

    /// <summary>Counts the drop in <paramref name="statistics"/> (its counter and the drops by cause, <see cref="SnmpStatistics.CountDrop(SnmpCounter)"/>) and returns the counter's new value.</summary>
    public long CountIn(SnmpStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return Counter is { } counter ? statistics.CountDrop(counter)
            : EngineCounter is { } own ? statistics.CountDrop(own)
            : statistics.CountDrop(CounterInstance!);
    }

    /// <summary>
    /// Set by a security model acting as the authoritative engine (RFC 3414 3.2): the security
    /// parameters a Report about this drop must be sent with, when the message was reportable.
    /// </summary>
    public ReportSecurity? ReportSecurity { get; init; }

    /// <summary>
    /// Set by a message processing model (RFC 3412 7.1 step 3, 7.2): builds the Report-PDU message
    /// from the counter's new value; the dispatcher sends it after counting the drop.
    /// </summary>
    public Func<long, OutgoingMessage>? ReportMessage { get; set; }
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
