using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;

namespace Snmp.Transport.Udp;

/// <summary>
/// Makes <see cref="UdpTransportMapping"/>s for snmpUDPDomain and transportDomainUdpIpv6, and
/// reads their addresses: "host", "host:port", "[IPv6]:port", an IPv6 literal, and the same with
/// Net-SNMP's "udp:" and "udp6:" prefixes (port 161 by default, 162 for notification receivers).
/// </summary>
/// <param name="loggerFactory">Where the mappings log.</param>
public sealed class UdpTransportMappingFactory(ILoggerFactory? loggerFactory = null) : ITransportMappingFactory
{
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    private readonly int _receiveThreads = 1;

    /// <summary>
    /// The most threads each mapping made for a listening address receives with
    /// (<see cref="UdpTransportMapping.MaxReceiveThreads"/>; default 1, requests in order); a
    /// mapping made without a local address (a manager's) keeps its own default.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1 or more than 256.</exception>
    public int MaxReceiveThreads
    {
        get => _receiveThreads;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256);
            _receiveThreads = value;
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<TransportDomain> TransportDomains { get; } = [TransportDomain.UdpIpv4, TransportDomain.UdpIpv6];

    /// <inheritdoc />
    public bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
        [NotNullWhen(true)] out TransportDomain? domain, [NotNullWhen(true)] out EndPoint? endPoint)
    {
        ArgumentNullException.ThrowIfNull(address);
        var family = preferredDomain == TransportDomain.UdpIpv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var text = address;
        AddressFamily? required = null;
        if (address.StartsWith("udp6:", StringComparison.OrdinalIgnoreCase))
        {
            (text, family, required) = (address[5..], AddressFamily.InterNetworkV6, AddressFamily.InterNetworkV6);
        }
        else if (address.StartsWith("udp:", StringComparison.OrdinalIgnoreCase))
        {
            (text, family, required) = (address[4..], AddressFamily.InterNetwork, AddressFamily.InterNetwork);
        }
        else if (HasOtherPrefix(address))
        {
            (domain, endPoint) = (null, null);
            return false;
        }

        // RFC 3417 section 3.1: snmp (161) for command responders, snmptrap (162) for notification receivers.
        int defaultPort = role == SnmpEntityRole.NotificationReceiver ? UdpAddress.DefaultNotificationPort : UdpAddress.DefaultAgentPort;
        var parsed = forListening ? UdpAddress.ParseListenAddress(text, defaultPort) : UdpAddress.Normalize(UdpAddress.Parse(text, family, defaultPort));
        if (required is { } requiredFamily && parsed.AddressFamily != requiredFamily)
        {
            throw new FormatException($"\"{address}\" names {(requiredFamily == AddressFamily.InterNetwork ? "UDP over IPv4" : "UDP over IPv6")} but the address is not of that family.");
        }
        (domain, endPoint) = (UdpAddress.GetTransportDomain(parsed), parsed);
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
            _ => throw new ArgumentException($"A UDP mapping listens on an IP address, not {localAddress}.", nameof(localAddress)),
        };
        var logger = _loggerFactory.CreateLogger<UdpTransportMapping>();
        return local is null ? new UdpTransportMapping(domain, null, logger) : new UdpTransportMapping(domain, local, logger) { MaxReceiveThreads = _receiveThreads };
    }

    // "tls:host:161" or "mem:agent": a letters-only scheme before the first colon, where the text
    // is no IP address and what follows the colon is no port, belongs to another transport.
    private static bool HasOtherPrefix(string address)
    {
        int colon = address.IndexOf(':');
        if (colon <= 0 || IPAddress.TryParse(address, out _) || int.TryParse(address.AsSpan(colon + 1), out _))
        {
            return false;
        }

        foreach (char c in address.AsSpan(0, colon))
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
