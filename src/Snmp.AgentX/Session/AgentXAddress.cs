using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Snmp.AgentX.Session;

/// <summary>
/// Reads an AgentX address in Net-SNMP's <c>agentXSocket</c> syntax: a path (<c>/var/agentx/master</c>),
/// <c>unix:PATH</c>, or <c>tcp:HOST:PORT</c> (<c>tcp:localhost:705</c>, <c>tcp:[::1]:705</c>; RFC 2741
/// 8.1 gives TCP port 705, the default when the port is left out).
/// </summary>
internal static class AgentXAddress
{
    /// <summary>The well-known AgentX TCP port (RFC 2741 section 8.1).</summary>
    public const int TcpPort = 705;

    /// <summary>Net-SNMP's default master socket.</summary>
    public const string DefaultMasterSocket = "/var/agentx/master";

    /// <exception cref="FormatException">The text is none of the forms above.</exception>
    public static EndPoint Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            var path = address["unix:".Length..];
            return path.Length > 0 ? new UnixDomainSocketEndPoint(path) : throw new FormatException("'unix:' names no socket path.");
        }

        if (address.StartsWith('/'))
        {
            return new UnixDomainSocketEndPoint(address);
        }

        if (address.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase) || address.StartsWith("tcp6:", StringComparison.OrdinalIgnoreCase))
        {
            var rest = address[(address.IndexOf(':', StringComparison.Ordinal) + 1)..];
            return ParseHostPort(rest, address);
        }

        throw new FormatException($"'{address}' is not an AgentX address: give a socket path, 'unix:PATH' or 'tcp:HOST:PORT'.");
    }

    private static EndPoint ParseHostPort(string text, string original)
    {
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"'{original}': an IPv6 address without its closing ']'.");
            }

            host = text[1..close];
            if (close + 1 < text.Length)
            {
                port = text[(close + 1)..] is [':', .. var p] ? p : throw new FormatException($"'{original}': expected ':PORT' after ']'.");
            }
        }
        else
        {
            int colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
        }

        int number = TcpPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            throw new FormatException($"'{original}': '{port}' is not a TCP port.");
        }

        if (host.Length == 0)
        {
            host = "localhost";
        }

        return IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, number) : new DnsEndPoint(host, number);
    }

    /// <summary>A socket of the address's family, for connecting or listening.</summary>
    public static Socket CreateSocket(EndPoint endPoint) => endPoint is UnixDomainSocketEndPoint
        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        : new Socket(endPoint is IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
}
