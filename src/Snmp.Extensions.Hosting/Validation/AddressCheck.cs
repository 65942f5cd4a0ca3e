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

    /// <summary>
    /// Why <paramref name="address"/> is unusable for <paramref name="role"/>, or null when the UDP
    /// or TCP transport reads it, or the (D)TLS one when the settings have a Tls section
    /// (<paramref name="tlsConfigured"/>).
    /// </summary>
    internal static string? Problem(string? address, SnmpEntityRole role, bool forListening, bool tlsConfigured)
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

        if (!SecureTransportPrefixes.Any(p => address.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            return $"\"{address}\" is read by no transport: write host:port, [IPv6]:port, or prefix it with udp:, udp6:, tcp:, tcp6:, tls: or dtls:";
        }

        if (!tlsConfigured)
        {
            return $"\"{address}\" needs TLS certificates: add the Tls section (CertificateFile, TrustAnchorFiles or PeerFingerprints, ...) beside it";
        }

        // The secure transports write host and port as UDP does; their factory needs loaded
        // certificates to exist, and the Tls section is checked on its own.
        var hostAndPort = address[(address.IndexOf(':', StringComparison.Ordinal) + 1)..];
        try
        {
            return new UdpTransportMappingFactory().TryParseAddress("udp:" + hostAndPort, preferredDomain: null, role, forListening, out _, out _)
                ? null
                : $"\"{address}\" is not a usable address: write tls:host:port or dtls:host:port";
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return $"\"{address}\" is not a usable address: {e.Message}";
        }
    }
}
