using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Transport.Tls.Dtls;

namespace Snmp.Transport.Tls;

/// <summary>
/// Makes the mappings of RFC 6353's two domains, snmpTLSTCPDomain (<see cref="TlsTransportMapping"/>)
/// and snmpDTLSUDPDomain, over one certificate policy, and reads their addresses:
/// "tls:host:port" or "tlstcp:host:port" (TLS over TCP), "dtls:host:port" or "dtlsudp:host:port"
/// (DTLS over UDP), IPv6 in brackets ("tls:[::1]:10161"); the port defaults to 10161, or 10162 for
/// a notification receiver (RFC 6353 section 10). Addresses without one of these prefixes belong
/// to other transports.
/// </summary>
public sealed class TlsTransportMappingFactory : ITransportMappingFactory
{
    private readonly TlsPeerVerifier _verifier;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the factory; the options are checked now (<see cref="TlsTransportOptions.Validate"/>), before anything is sent.</summary>
    /// <exception cref="SnmpConfigurationException">The options cannot work (no certificate, a key that is not the certificate's, nobody trusted).</exception>
    public TlsTransportMappingFactory(TlsTransportOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _verifier = new TlsPeerVerifier(options);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>The options the mappings use.</summary>
    public TlsTransportOptions Options => _verifier.Options;

    /// <inheritdoc />
    public IReadOnlyCollection<TransportDomain> TransportDomains { get; } = [TransportDomain.TlsTcp, TransportDomain.DtlsUdp];

    /// <inheritdoc />
    public bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
        [NotNullWhen(true)] out TransportDomain? domain, [NotNullWhen(true)] out EndPoint? endPoint)
    {
        ArgumentNullException.ThrowIfNull(address);
        (domain, endPoint) = (null, null);
        var colon = address.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        TransportDomain? prefixed = address[..colon].ToLowerInvariant() switch
        {
            "tls" or "tlstcp" => TransportDomain.TlsTcp,
            "dtls" or "dtlsudp" => TransportDomain.DtlsUdp,
            _ => null,
        };
        if (prefixed is null)
        {
            return false;
        }

        var defaultPort = role == SnmpEntityRole.NotificationReceiver ? TlsAddress.DefaultNotificationPort : TlsAddress.DefaultAgentPort;
        endPoint = TlsAddress.Parse(address[(colon + 1)..], defaultPort, allowAnyPort: forListening);
        domain = prefixed;
        return true;
    }

    /// <inheritdoc />
    public ITransportMapping CreateTransportMapping(TransportDomain domain, EndPoint? localAddress)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (domain == TransportDomain.TlsTcp)
        {
            var local = localAddress switch
            {
                null => null,
                IPEndPoint ip => ip,
                _ => throw new ArgumentException($"a TLS mapping listens on an IP address, not {localAddress}", nameof(localAddress)),
            };
            return new TlsTransportMapping(_verifier, local, _loggerFactory.CreateLogger<TlsTransportMapping>());
        }

        if (domain == TransportDomain.DtlsUdp)
        {
            return new DtlsTransportMapping(localAddress, _verifier, _loggerFactory.CreateLogger<DtlsTransportMapping>());
        }

        throw new ArgumentOutOfRangeException(nameof(domain), domain, "not a domain of RFC 6353's (D)TLS transport");
    }
}
