using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;

namespace Snmp.Transport.Udp;

/// <summary>Parses the addresses users give for UDP agents, and names their transport domain.</summary>
public static class UdpAddress
{
    /// <summary>The port of a notification receiver (snmptrap, RFC 3417 section 3.1).</summary>
    public const int DefaultNotificationPort = 162;

    /// <summary>The SNMP agent port of RFC 3417 section 2.</summary>
    public const int DefaultAgentPort = 161;

    /// <summary>
    /// Parses "host", "host:port", "[IPv6]:port", "[IPv6]" or a bare IPv6 literal (with an
    /// optional scope, "fe80::1%2"); a host name is resolved, preferring
    /// <paramref name="preferredFamily"/>. IPv4-mapped IPv6 addresses become IPv4 addresses.
    /// </summary>
    /// <exception cref="FormatException">The text is not an address (empty, unclosed bracket, bad port).</exception>
    /// <exception cref="ArgumentException">A host name could not be resolved.</exception>
    public static IPEndPoint Parse(string address, AddressFamily preferredFamily = AddressFamily.Unspecified, int defaultPort = DefaultAgentPort) =>
        Parse(address, preferredFamily, defaultPort, allowAnyPort: false);

    /// <summary>
    /// Parses a local address to listen on, as <see cref="Parse(string, AddressFamily, int)"/> but
    /// accepting port 0 (any free port).
    /// </summary>
    /// <exception cref="FormatException">The text is not an address.</exception>
    /// <exception cref="ArgumentException">A host name could not be resolved.</exception>
    public static IPEndPoint ParseListenAddress(string address, int defaultPort = DefaultAgentPort) =>
        Parse(address, AddressFamily.Unspecified, defaultPort, allowAnyPort: true);

    private static IPEndPoint Parse(string address, AddressFamily preferredFamily, int defaultPort, bool allowAnyPort)
    {
        ArgumentNullException.ThrowIfNull(address);
        var (host, port) = Split(address.Trim(), defaultPort, allowAnyPort);
        if (IPAddress.TryParse(host, out var ip))
        {
            return Normalize(new IPEndPoint(ip, port));
        }

        IPAddress[] candidates;
        try
        {
            candidates = Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            throw new ArgumentException($"Cannot resolve the host name \"{host}\": {e.SocketErrorCode}.", nameof(address), e);
        }

        var chosen = candidates.FirstOrDefault(a => a.AddressFamily == preferredFamily)
            ?? candidates.FirstOrDefault(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            ?? throw new ArgumentException($"The host name \"{host}\" has no IP address.", nameof(address));
        return Normalize(new IPEndPoint(chosen, port));
    }

    /// <summary>Like <see cref="Parse(string, AddressFamily, int)"/>, but returns false instead of throwing.</summary>
    public static bool TryParse(string? address, out IPEndPoint? endPoint, AddressFamily preferredFamily = AddressFamily.Unspecified, int defaultPort = DefaultAgentPort)
    {
        endPoint = null;
        if (address is null)
        {
            return false;
        }

        try
        {
            endPoint = Parse(address, preferredFamily, defaultPort);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The transport domain of an address: snmpUDPDomain for IPv4, transportDomainUdpIpv6 for IPv6.</summary>
    public static TransportDomain GetTransportDomain(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return Normalize(endPoint).AddressFamily switch
        {
            AddressFamily.InterNetwork => TransportDomain.UdpIpv4,
            AddressFamily.InterNetworkV6 => TransportDomain.UdpIpv6,
            var other => throw new ArgumentException($"{other} addresses have no UDP transport domain.", nameof(endPoint)),
        };
    }

    /// <summary>
    /// The address as the socket of its domain sees it: IPv4-mapped IPv6 addresses
    /// (::ffff:a.b.c.d) become plain IPv4, as the IPv6 mapping's socket is IPv6-only.
    /// </summary>
    public static IPEndPoint Normalize(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
    }

    private static (string Host, int Port) Split(string text, int defaultPort, bool allowAnyPort)
    {
        if (text.Length == 0)
        {
            throw new FormatException("An address is empty.");
        }

        if (text[0] == '[')
        {
            int close = text.IndexOf(']');
            if (close < 0)
            {
                throw new FormatException($"\"{text}\" has an unclosed '['.");
            }

            string inside = text[1..close];
            string rest = text[(close + 1)..];
            if (inside.Length == 0)
            {
                throw new FormatException($"\"{text}\" has no address between the brackets.");
            }

            if (rest.Length == 0)
            {
                return (inside, defaultPort);
            }

            if (rest[0] != ':')
            {
                throw new FormatException($"\"{text}\" has \"{rest}\" after the bracketed address; expected \":port\".");
            }

            return (inside, ParsePort(rest[1..], text, allowAnyPort));
        }

        int colon = text.IndexOf(':');
        if (colon < 0)
        {
            return (text, defaultPort);
        }

        if (text.IndexOf(':', colon + 1) >= 0)
        {
            // More than one colon: a bare IPv6 literal, which cannot carry a port without brackets.
            if (!IPAddress.TryParse(text, out _))
            {
                throw new FormatException($"\"{text}\" is not an IPv6 address; write \"[address]:port\" to give a port.");
            }

            return (text, defaultPort);
        }

        if (colon == 0)
        {
            throw new FormatException($"\"{text}\" has no host before the ':'.");
        }

        return (text[..colon], ParsePort(text[(colon + 1)..], text, allowAnyPort));
    }

    private static int ParsePort(string port, string text, bool allowAnyPort)
    {
        int lowest = allowAnyPort ? 0 : 1;
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < lowest || value > 65535)
        {
            throw new FormatException($"\"{text}\" has an invalid port \"{port}\"; expected {lowest} to 65535.");
        }

        return value;
    }
}
