using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Snmp.Transport.Tls;

/// <summary>
/// Reads the host and port of a (D)TLS address, after its domain prefix: "host", "host:port",
/// "[IPv6]", "[IPv6]:port" or a bare IPv6 literal. A host name is resolved, IPv4 first.
/// </summary>
internal static class TlsAddress
{
    /// <summary>RFC 6353 section 10: snmptls / snmpdtls 10161 for command responders.</summary>
    public const int DefaultAgentPort = 10161;

    /// <summary>RFC 6353 section 10: snmptls-trap / snmpdtls-trap 10162 for notification receivers.</summary>
    public const int DefaultNotificationPort = 10162;

    public static IPEndPoint Parse(string text, int defaultPort, bool allowAnyPort)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("a (D)TLS address has no host");
        }

        string host;
        var port = defaultPort;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 2)
            {
                throw new FormatException($"\"{text}\" has an unclosed or empty '['");
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                port = rest[0] == ':' ? ParsePort(rest[1..], text, allowAnyPort) : throw new FormatException($"\"{text}\" has \"{rest}\" after the bracketed address; expected \":port\"");
            }
        }
        else if (text.Count(c => c == ':') > 1)
        {
            host = text; // a bare IPv6 literal carries no port
        }
        else if (text.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
        {
            host = colon > 0 ? text[..colon] : throw new FormatException($"\"{text}\" has no host before the ':'");
            port = ParsePort(text[(colon + 1)..], text, allowAnyPort);
        }
        else
        {
            host = text;
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return Normalize(new IPEndPoint(address, port));
        }

        IPAddress[] candidates;
        try
        {
            candidates = Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            throw new FormatException($"cannot resolve the host name \"{host}\": {e.SocketErrorCode}", e);
        }

        var chosen = candidates.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? candidates.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6)
            ?? throw new FormatException($"the host name \"{host}\" has no IP address");
        return Normalize(new IPEndPoint(chosen, port));
    }

    /// <summary>IPv4-mapped IPv6 addresses as plain IPv4, so one peer has one key.</summary>
    public static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private static int ParsePort(string port, string text, bool allowAnyPort)
    {
        var lowest = allowAnyPort ? 0 : 1;
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < lowest || value > 65535)
        {
            throw new FormatException($"\"{text}\" has an invalid port \"{port}\"; expected {lowest} to 65535");
        }

        return value;
    }
}
