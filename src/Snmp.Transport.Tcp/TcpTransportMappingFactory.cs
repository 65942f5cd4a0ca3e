using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;

namespace Snmp.Transport.Tcp;

/// <summary>
/// Makes <see cref="TcpTransportMapping"/>s for transportDomainTcpIpv4 and transportDomainTcpIpv6
/// (RFC 3419, SNMP over TCP of RFC 3430), and reads their addresses as Net-SNMP's tools write
/// them: "tcp:host", "tcp:host:port", "tcp6:[address]:port", "tcp6:[address]" (port 161 by
/// default, 162 for notification receivers). Text without a "tcp:" or "tcp6:" prefix belongs to
/// another transport.
/// </summary>
/// <param name="loggerFactory">Where the mappings log.</param>
/// <param name="timeProvider">The clock of the mappings' timeouts (idle connections, started messages, connects, writes).</param>
/// <param name="options">The mappings' limits; the defaults of <see cref="TcpTransportOptions"/> when null.</param>
public sealed class TcpTransportMappingFactory(ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, TcpTransportOptions? options = null)
    : ITransportMappingFactory
{
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>The limits every mapping this factory makes gets.</summary>
    public TcpTransportOptions Options { get; } = options ?? new TcpTransportOptions();

    /// <inheritdoc />
    public IReadOnlyCollection<TransportDomain> TransportDomains { get; } = [TransportDomain.TcpIpv4, TransportDomain.TcpIpv6];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A host name could not be resolved to an address of the prefix's family.</exception>
    public bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
        [NotNullWhen(true)] out TransportDomain? domain, [NotNullWhen(true)] out EndPoint? endPoint)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!TcpAddress.IsTcpAddress(address))
        {
            (domain, endPoint) = (null, null);
            return false;
        }

        // RFC 3430 2.2: snmp (161/tcp) for command responders, snmptrap (162/tcp) for notification receivers.
        int defaultPort = role == SnmpEntityRole.NotificationReceiver ? TcpAddress.DefaultNotificationPort : TcpAddress.DefaultAgentPort;
        var (parsedDomain, parsed) = TcpAddress.Parse(address, defaultPort, forListening);
        (domain, endPoint) = (parsedDomain, parsed);
        return true;
    }

    /// <inheritdoc />
    public ITransportMapping CreateTransportMapping(TransportDomain domain, EndPoint? localAddress)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var local = localAddress switch
        {
            null => null,
            IPEndPoint ip => ip,
            _ => throw new ArgumentException($"A TCP mapping listens on an IP address, not {localAddress}.", nameof(localAddress)),
        };
        return new TcpTransportMapping(domain, local, Options, _timeProvider, _loggerFactory.CreateLogger<TcpTransportMapping>());
    }
}
