using System.Net;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.AbstractServices;

/// <summary>
/// The Dispatcher of RFC 3412 section 4: the one place where applications hand PDUs to the
/// engine and the engine hands incoming PDUs to applications (RFC 3411 section 4.1).
/// </summary>
public interface IDispatcher
{
    /// <summary>
    /// sendPdu (RFC 3411 section 4.1.1): prepares the message with the chosen message processing
    /// model and sends it. For a confirmed-class PDU with <see cref="SendPduParameters.ExpectResponse"/>,
    /// the response (or Report) is delivered to <paramref name="responseProcessor"/> with the
    /// returned handle; the application calls <see cref="ReleasePduHandle"/> when it stops waiting.
    /// </summary>
    ValueTask<PduHandle> SendPduAsync(SendPduParameters request, IResponsePduProcessor? responseProcessor, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets an outstanding handle (the application timed out or was cancelled), so that a late
    /// response is dropped and counted rather than delivered.
    /// </summary>
    void ReleasePduHandle(PduHandle handle);

    /// <summary>
    /// returnResponsePdu (RFC 3411 section 4.1.3): sends a Response for a PDU that
    /// <see cref="IPduProcessor.ProcessPdu"/> received.
    /// </summary>
    ValueTask ReturnResponsePduAsync(ProcessPduParameters request, SnmpPdu response, CancellationToken cancellationToken);

    /// <summary>
    /// registerContextEngineID (RFC 3411 section 4.1.5): routes incoming PDUs of
    /// <paramref name="pduTypes"/> for <paramref name="contextEngineId"/> to <paramref name="processor"/>.
    /// </summary>
    /// <returns>A registration whose disposal is unregisterContextEngineID.</returns>
    /// <exception cref="InvalidOperationException">Another application already registered one of the pairs.</exception>
    IDisposable RegisterContextEngineId(OctetString contextEngineId, IReadOnlyCollection<PduType> pduTypes, IPduProcessor processor);

    /// <summary>
    /// The entry point for incoming messages from a transport mapping (RFC 3412 section 4.2.1,
    /// with the tmStateReference of RFC 5590 section 5.2). Never throws for bad input: what
    /// cannot be processed is counted and dropped.
    /// </summary>
    void ProcessIncomingMessage(ReadOnlyMemory<byte> wholeMsg, TransportStateReference tmStateReference);

    /// <summary>
    /// Lends the calling thread an endpoint of <paramref name="domain"/>'s mapping for requests it
    /// blocks on (see <see cref="ITransportExchange"/>), or returns null when the mapping lends
    /// none (the default).
    /// </summary>
    ITransportExchange? RentExchange(TransportDomain domain) => null;
}

/// <summary>processResponsePdu (RFC 3411 section 4.1.4): the application side of a response.</summary>
public interface IResponsePduProcessor
{
    /// <summary>
    /// Called on the engine's receive path with a response to a PDU this receiver sent; must not
    /// block (complete a task and return).
    /// </summary>
    void ProcessResponsePdu(ProcessResponsePduParameters response);
}

/// <summary>processPdu (RFC 3411 section 4.1.2): the application side of a request or notification.</summary>
public interface IPduProcessor
{
    /// <summary>
    /// Called with an incoming PDU for a registered contextEngineID and PDU type. A command
    /// responder answers through <see cref="IDispatcher.ReturnResponsePduAsync"/>.
    /// </summary>
    void ProcessPdu(ProcessPduParameters pdu);
}

/// <summary>
/// A Message Processing Model (RFC 3412 section 7, RFC 3584 section 5): turns PDUs into messages
/// of one SNMP version and back (RFC 3411 section 4.2).
/// </summary>
public interface IMessageProcessingModel
{
    /// <summary>The model's number (its messages' msgVersion).</summary>
    SnmpVersion MessageProcessingModel { get; }

    /// <summary>prepareOutgoingMessage (RFC 3411 section 4.2.1) for a request or notification.</summary>
    OutgoingMessage PrepareOutgoingMessage(SendPduParameters request, PduHandle sendPduHandle);

    /// <summary>prepareResponseMessage (RFC 3411 section 4.2.3) for the response to <paramref name="request"/>.</summary>
    OutgoingMessage PrepareResponseMessage(ProcessPduParameters request, SnmpPdu response);

    /// <summary>
    /// prepareDataElements (RFC 3411 section 4.2.2, RFC 5590 section 5.2). Throws
    /// <see cref="MessageDroppedException"/> naming the counter to increment when the message
    /// must be discarded.
    /// </summary>
    PreparedDataElements PrepareDataElements(ReadOnlyMemory<byte> wholeMsg, TransportStateReference tmStateReference);

    /// <summary>Drops the cached state of an outstanding request (its application stopped waiting).</summary>
    void ReleaseState(PduHandle sendPduHandle);
}

/// <summary>The OUT parameters of processIncomingMsg (RFC 3411 section 4.4.3).</summary>
public sealed record IncomingSecurityResult(
    OctetString SecurityEngineId,
    OctetString SecurityName,
    ScopedPdu ScopedPdu,
    int MaxSizeResponseScopedPdu,
    object SecurityStateReference);

/// <summary>
/// A Security Model (RFC 3411 section 4.4), such as the User-based Security Model of RFC 3414 or
/// the Community-based Security Model of RFC 3584. Message processing models find it by its
/// <see cref="SecurityModel"/> number, so a model a user registers (a plug-in module) is used
/// for every message that names its number.
/// </summary>
public interface ISecurityModel
{
    /// <summary>The model's number (msgSecurityModel).</summary>
    SecurityModel SecurityModel { get; }

    /// <summary>generateRequestMsg (RFC 3411 section 4.4.1, RFC 5590 5.2): secures and serializes an outgoing request or notification.</summary>
    SecuredMessage GenerateRequestMsg(OutgoingSecurityParameters parameters);

    /// <summary>generateResponseMsg (RFC 3411 section 4.4.2, RFC 5590 5.2): secures and serializes a response (or Report), using the state processIncomingMsg kept for its request.</summary>
    SecuredMessage GenerateResponseMsg(OutgoingSecurityParameters parameters, object securityStateReference);

    /// <summary>
    /// processIncomingMsg (RFC 3411 section 4.4.3, RFC 5590 5.2): checks and unwraps an incoming
    /// message. Throws <see cref="MessageDroppedException"/> naming the statistics counter on
    /// failure (with <see cref="MessageDroppedException.ReportSecurity"/> when a Report is due).
    /// </summary>
    IncomingSecurityResult ProcessIncomingMsg(IncomingSecurityParameters parameters);
}

/// <summary>An Access Control Model (RFC 3411 section 4.5), such as VACM (RFC 3415).</summary>
public interface IAccessControlModel
{
    /// <summary>isAccessAllowed (RFC 3411 section 4.5.1).</summary>
    AccessDecision IsAccessAllowed(SecurityModel securityModel, OctetString securityName, SecurityLevel securityLevel, ViewType viewType, OctetString contextName, ObjectIdentifier variableName);
}

/// <summary>
/// An optional companion of <see cref="IAccessControlModel"/> that lets a Command Responder skip
/// whole subtrees a principal cannot see while walking, instead of asking isAccessAllowed for
/// every instance in them (the answers must agree with isAccessAllowed).
/// </summary>
public interface IViewSubtreeAccess
{
    /// <summary>
    /// True only when no variable under <paramref name="subtree"/> (the subtree itself included)
    /// would be allowed for the principal; false when some might be, or when unsure.
    /// </summary>
    bool IsSubtreeExcluded(SecurityModel securityModel, OctetString securityName, SecurityLevel securityLevel, ViewType viewType, OctetString contextName, ObjectIdentifier subtree);
}

/// <summary>
/// A Transport Mapping (RFC 3417, RFC 3411 section 3.1.1.1): sends and receives whole messages
/// over one transport domain.
/// </summary>
public interface ITransportMapping : IAsyncDisposable
{
    /// <summary>The domain this mapping serves.</summary>
    TransportDomain TransportDomain { get; }

    /// <summary>The local address messages are received on (with the actual port when 0 was asked for).</summary>
    EndPoint LocalAddress { get; }

    /// <summary>The largest message this mapping can carry.</summary>
    int MaxMessageSize { get; }

    /// <summary>
    /// Starts delivering received messages to <paramref name="receiver"/> (usually
    /// <see cref="IDispatcher.ProcessIncomingMessage"/>) with their tmStateReference (RFC 5590
    /// 5.2: domain, remote address, what the transport authenticated, and this mapping). Each
    /// delivered buffer belongs to the receiver.
    /// </summary>
    void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver);

    /// <summary>
    /// sendMessage (RFC 5590 section 5.2): sends one whole message to the tmStateReference's
    /// transport address, with the transport security it asks for.
    /// </summary>
    ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken);
}
