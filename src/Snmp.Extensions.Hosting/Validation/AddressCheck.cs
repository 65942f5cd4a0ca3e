using Snmp.AbstractServices;
using Snmp.Transport.Tcp;
using Snmp.Transport.Udp;

namespace Snmp.Hosting;

/// <summary>
/// Reads an address from configuration as the facade will when the engine is built, so that a
/// bad one stops the host at start, naming its key, instead of failing later without it.
/// </summary>
internal static class AddressCheck
{
    private static readonly string[] SecureTransportPrefixes = ["tls:", "tlstcp:", "dtls:", "dtlsudp:"];

    /// <summary>Why <paramref name="address"/> is unusable for <paramref name="role"/>, or null when the UDP or TCP transport reads it.</summary>
    internal static string? Problem(string? address, SnmpEntityRole role, bool forListening)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return "an address is required";
        }

        ITransportMappingFactory[] factories = [new UdpTransportMappingFactory(), new TcpTransportMappingFactory()];
        foreach (var factory in factories)
        {
            try
            {
                if (factory.TryParseAddress(address, preferredDomain: null, role, forListening, out _, out _))
                {
                    return null;
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return $"\"{address}\" is not a usable address: {e.Message}";
            }
        }

        return SecureTransportPrefixes.Any(p => address.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            ? $"\"{address}\" needs TLS certificates, which configuration does not carry: build this engine in code with TlsTransportOptions"
            : $"\"{address}\" is read by no transport: write host:port, [IPv6]:port, or prefix it with udp:, udp6:, tcp: or tcp6:";
    }
}
