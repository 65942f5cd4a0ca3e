using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Snmp.AbstractServices;

/// <summary>
/// Makes the transport mappings of one or more transport domains: the unit a transport plug-in
/// registers (by an SnmpModule of the facade, added to an Engine's or Agent's options). The engine asks it
/// for a mapping the first time it sends in one of its domains, an agent for one per listening
/// address, and both let it read the addresses users write for its domains.
/// </summary>
public interface ITransportMappingFactory
{
    /// <summary>The domains this factory makes mappings for.</summary>
    IReadOnlyCollection<TransportDomain> TransportDomains { get; }

    /// <summary>
    /// Reads an address a user wrote ("udp:host:port", "[::1]:161", "tls:host", ...). Returns false
    /// when the text is not for this factory's domains (for example another transport's prefix).
    /// </summary>
    /// <param name="address">The text.</param>
    /// <param name="preferredDomain">The domain the caller prefers where the text leaves a choice (a host name with IPv4 and IPv6 addresses).</param>
    /// <param name="role">The kind of SNMP entity at the address, which decides the transport's default port where the text gives none.</param>
    /// <param name="forListening">True for a local address to listen on (port 0 allowed), false for a remote one.</param>
    /// <param name="domain">The address's domain.</param>
    /// <param name="endPoint">The address.</param>
    /// <exception cref="FormatException">The text is for this factory but malformed.</exception>
    bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
        [NotNullWhen(true)] out TransportDomain? domain, [NotNullWhen(true)] out EndPoint? endPoint);

    /// <summary>
    /// Creates (and binds, but does not start) a mapping of <paramref name="domain"/>: at
    /// <paramref name="localAddress"/> for an agent, or wherever the transport likes for an engine
    /// that only originates requests (null).
    /// </summary>
    /// <exception cref="SnmpTransportException">The mapping cannot be created (for example the address is in use).</exception>
    ITransportMapping CreateTransportMapping(TransportDomain domain, EndPoint? localAddress);
}

/// <summary>
/// The kind of SNMP entity a transport address reaches, for the default port of a transport
/// (RFC 3417 section 3.1: UDP 161 for command responders, 162 for notification receivers;
/// RFC 6353: 10161 and 10162 over (D)TLS).
/// </summary>
public enum SnmpEntityRole
{
    /// <summary>An entity with a command responder (an agent): snmp, UDP 161.</summary>
    CommandResponder,
    /// <summary>An entity with a notification receiver: snmptrap, UDP 162.</summary>
    NotificationReceiver,
}
