using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;

namespace Snmp.Transport.Tcp;

/// <summary>
/// Reads TCP addresses as Net-SNMP's tools write them: "tcp:host", "tcp:host:port",
/// "tcp6:[address]:port", "tcp6:[address]" and "tcp6:address" (an IPv6 literal without a port).
/// </summary>
internal static class TcpAddress
{
    /// <summary>snmp over TCP (RFC 3430 2.2: the well-known port of command responders).</summary>
    public const int DefaultAgentPort = 161;

    /// <summary>snmptrap over TCP (RFC 3430 2.2: the well-known port of notification receivers).</summary>
    public const int DefaultNotificationPort = 162;

    private const string Ipv4Prefix = "tcp:";
    private const string Ipv6Prefix = "tcp6:";

    /// <summary>True when the text has one of this transport's prefixes.</summary>
    public static bool IsTcpAddress(string address) =>
        address.StartsWith(Ipv4Prefix, StringComparison.OrdinalIgnoreCase) || address.StartsWith(Ipv6Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a "tcp:" or "tcp6:" address.</summary>
    /// <exception cref="FormatException">The text has a TCP prefix but is malformed (no host, bad port, an address of the other family).</exception>
    /// <exception cref="ArgumentException">A host name could not be resolved to an address of the prefix's family.</exception>
    public static (TransportDomain Domain, IPEndPoint EndPoint) Parse(string address, int defaultPort, bool forListening)
    {
        bool ipv6 = address.StartsWith(Ipv6Prefix, StringComparison.OrdinalIgnoreCase);
        if (!ipv6 && !address.StartsWith(Ipv4Prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"\"{address}\" is not a TCP address (\"tcp:\" or \"tcp6:\").");
        }

        var family = ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        string text = address[(ipv6 ? Ipv6Prefix.Length : Ipv4Prefix.Length)..].Trim();
        var (host, port) = Split(address, text, defaultPort, forListening);
        IPAddress ip;
        if (IPAddress.TryParse(host, out var literal))
        {
            if (literal.AddressFamily != family)
            {
                throw new FormatException($"\"{address}\": {host} is not an {(ipv6 ? "IPv6" : "IPv4")} address; write \"{(ipv6 ? Ipv4Prefix : Ipv6Prefix)}\" for it.");
            }

            ip = literal;
        }
        else
        {
            ip = Resolve(host, family);
        }

        return (ipv6 ? TransportDomain.TcpIpv6 : TransportDomain.TcpIpv4, new IPEndPoint(ip, port));
    }

    private static IPAddress Resolve(string host, AddressFamily family)
    {
        if (host.Contains(':', StringComparison.Ordinal) || host.Contains('[', StringComparison.Ordinal) || host.Contains(']', StringComparison.Ordinal))
        {
            throw new FormatException($"\"{host}\" is neither an IP address nor a host name.");
        }

        IPAddress[] candidates;
        try
        {
            candidates = Dns.GetHostAddresses(host, family);
        }
        catch (SocketException e)
        {
            throw new ArgumentException($"Cannot resolve the host name \"{host}\": {e.SocketErrorCode}.", nameof(host), e);
        }

        return candidates.FirstOrDefault(a => a.AddressFamily == family)
            ?? throw new ArgumentException($"The host name \"{host}\" has no {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address.", nameof(host));
    }

    private static (string Host, int Port) Split(string address, string text, int defaultPort, bool forListening)
    {
        if (text.Length == 0)
        {
            throw new FormatException($"\"{address}\" has no host after the prefix.");
        }

        if (text[0] == '[')
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"\"{address}\" has an unclosed '['.");
            }

            string inside = text[1..close];
            string rest = text[(close + 1)..];
            if (inside.Length == 0)
            {
                throw new FormatException($"\"{address}\" has no address between the brackets.");
            }

            if (rest.Length == 0)
            {
                return (inside, defaultPort);
            }

            if (rest[0] != ':')
            {
                throw new FormatException($"\"{address}\" has \"{rest}\" after the bracketed address; expected \":port\".");
            }

            return (inside, ParsePort(address, rest[1..], forListening));
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (text, defaultPort);
        }

        if (text.IndexOf(':', colon + 1) >= 0)
        {
            // More than one colon: a bare IPv6 literal, which cannot carry a port without brackets.
            if (!IPAddress.TryParse(text, out _))
            {
                throw new FormatException($"\"{address}\" is not an IPv6 address; write \"tcp6:[address]:port\" to give a port.");
            }

            return (text, defaultPort);
        }

        if (colon == 0)
        {
            throw new FormatException($"\"{address}\" has no host before the ':'.");
        }

        return (text[..colon], ParsePort(address, text[(colon + 1)..], forListening));
    }

    private static int ParsePort(string address, string port, bool forListening)
    {
        int lowest = forListening ? 0 : 1;
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < lowest || value > 65535)
        {
            throw new FormatException($"\"{address}\" has an invalid port \"{port}\"; expected {lowest} to 65535.");
        }

        return value;
    }
}
