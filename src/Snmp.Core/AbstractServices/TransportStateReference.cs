using System.Net;
using Snmp.Messages;

namespace Snmp.AbstractServices;

/// <summary>
/// tmStateReference (RFC 5590 section 5.2): what a transport model knows about one message,
/// carried beside it through the abstract service interfaces, from the transport mapping's
/// receive through <see cref="IDispatcher.ProcessIncomingMessage"/>,
/// <see cref="IMessageProcessingModel.PrepareDataElements"/> and
/// <see cref="ISecurityModel.ProcessIncomingMsg"/>, and back out through generateRequestMsg /
/// generateResponseMsg and prepareOutgoingMessage / prepareResponseMessage to the transport's
/// <see cref="ITransportMapping.SendMessageAsync"/>. Transports without security of their own (UDP)
/// fill only the domain and address, and USM and the Community-based Security Model pass it
/// through untouched; a secure transport (TLS, DTLS, SSH) and the Transport Security Model
/// (RFC 5591) use the rest.
/// </summary>
/// <param name="TransportDomain">tmTransportDomain.</param>
/// <param name="TransportAddress">tmTransportAddress: the remote address.</param>
public sealed record TransportStateReference(TransportDomain TransportDomain, EndPoint TransportAddress)
{
    /// <summary>tmSecurityName: the principal the transport authenticated (incoming), or the one to authenticate as (outgoing); null when the transport has none.</summary>
    public OctetString? SecurityName { get; init; }

    /// <summary>tmRequestedSecurityLevel (outgoing): the level the security model asks the transport to provide.</summary>
    public SecurityLevel RequestedSecurityLevel { get; init; }

    /// <summary>tmTransportSecurityLevel (incoming): the level the transport actually provided (noAuthNoPriv for UDP).</summary>
    public SecurityLevel TransportSecurityLevel { get; init; }

    /// <summary>tmSameSecurity: a response must leave over the same session, with the same security, as its request came in (RFC 5590 5.2).</summary>
    public bool SameSecurity { get; init; }

    /// <summary>tmSessionID: the transport's session the message belongs to, opaque to everyone else; null for sessionless transports.</summary>
    public object? SessionId { get; init; }

    /// <summary>
    /// The transport mapping the message arrived on (not an RFC element): a response or Report
    /// leaves through it, so an engine listening on several addresses of one domain answers
    /// from the address it was asked on. Null for outgoing requests: the dispatcher chooses.
    /// </summary>
    public ITransportMapping? TransportMapping { get; init; }

    /// <summary>
    /// Set by a transport mapping on an incoming message (not an RFC element) when another of its
    /// threads goes on receiving while the one that delivered this message processes it: the
    /// recipient may then run code that can block (an awaited request's continuation) on the
    /// delivering thread without holding up any other message. False (the default): the
    /// delivering thread is the only one receiving, so nothing it runs may wait for another message.
    /// </summary>
    public bool DeliveringThreadMayBlock { get; init; }

    /// <summary>
    /// The tmStateReference of a response to a message that arrived with this one: same peer and
    /// mapping, and the same security (RFC 5590 5.2, tmSameSecurity).
    /// </summary>
    public TransportStateReference ForResponse() => this with { SameSecurity = true, RequestedSecurityLevel = TransportSecurityLevel };
}
