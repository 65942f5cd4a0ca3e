using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Snmp.Simulator;

/// <summary>
/// Which device a request is for. A device's key is its data file's path under the data
/// directory without the extension ("recorded/linksys-system"), as snmpsim names it: the
/// community (SNMPv1/v2c) that selects it, and its SNMPv3 context name when at most 32 octets
/// (and always the MD5 of the key in hexadecimal, snmpsim's other context name). As snmpsim
/// does, a community is tried with the transport ID of the listening address it arrived at
/// (1.3.6.1.6.1.1.N for the Nth UDP/IPv4 listening address, 1.3.6.1.2.1.100.1.2.N for UDP/IPv6)
/// and the request's source address: "public/1.3.6.1.6.1.1.0/127.0.0.1", then
/// "public/1.3.6.1.6.1.1.0", then "public". With one device per port, the Nth listening address
/// serves the Nth device to the one community configured.
/// </summary>
internal sealed class DeviceDirectory
{
    private static readonly Encoding Bytes = Encoding.UTF8;
    private readonly Dictionary<string, OctetString> _contextByKey = new(StringComparer.Ordinal);
    private Dictionary<EndPoint, int> _endpointIndex = [];
    private OctetString[]? _portDevices;
    private byte[]? _portCommunity;

    /// <summary>The context name a device key is served in for communities (the key, or its MD5 when longer than 32 octets).</summary>
    public static string ContextOf(string key) => Bytes.GetByteCount(key) <= 32 ? key : HashedContextOf(key);

    /// <summary>snmpsim's hashed context name: the MD5 of the key, in lower-case hexadecimal.</summary>
    public static string HashedContextOf(string key) => Convert.ToHexStringLower(MD5.HashData(Bytes.GetBytes(key)));

    public void Add(string key) => _contextByKey[key] = new OctetString(ContextOf(key));

    /// <summary>Makes the Nth listening address (in ListenOn order) transport ID N.</summary>
    public void SetEndpoints(IReadOnlyList<EndPoint> endpoints, int transportIdOffset)
    {
        var index = new Dictionary<EndPoint, int>();
        for (int i = 0; i < endpoints.Count; i++)
        {
            index[endpoints[i]] = transportIdOffset + i;
        }

        _endpointIndex = index;
    }

    /// <summary>One device per listening address (by transport ID), for <paramref name="community"/>.</summary>
    public void SetPortDevices(IReadOnlyList<string> keys, string community)
    {
        _portDevices = [.. keys.Select(k => _contextByKey[k])];
        _portCommunity = Bytes.GetBytes(community);
    }

    /// <summary>The transport ID (0-based listening order) of a local address, or -1.</summary>
    public int TransportIdOf(EndPoint? local) => local is not null && _endpointIndex.TryGetValue(local, out var id) ? id : -1;

    /// <summary>With one device per address, the context of the device at <paramref name="transportId"/>; else null.</summary>
    public OctetString? PortDeviceContext(int transportId) =>
        _portDevices is { } ports && transportId >= 0 && transportId < ports.Length ? ports[transportId] : null;

    public OctetString? FindByCommunity(ReadOnlySpan<byte> community, EndPoint? local, EndPoint source)
    {
        int transportId = local is not null && _endpointIndex.TryGetValue(local, out var id) ? id : -1;
        if (_portDevices is { } ports)
        {
            return transportId >= 0 && transportId < ports.Length && community.SequenceEqual(_portCommunity) ? ports[transportId] : null;
        }

        var name = Bytes.GetString(community);
        if (transportId >= 0 && source is IPEndPoint ip)
        {
            bool v6 = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            var domain = (v6 ? "1.3.6.1.2.1.100.1.2." : "1.3.6.1.6.1.1.") + transportId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var address = v6 ? ip.Address.ToString().Replace(':', '_') : ip.Address.ToString();
            if (Find($"{name}/{domain}/{address}") is { } bySource)
            {
                return bySource;
            }

            if (Find($"{name}/{domain}") is { } byTransport)
            {
                return byTransport;
            }
        }

        return Find(name);
    }

    private OctetString? Find(string key) => _contextByKey.TryGetValue(key, out var context) ? context : null;
}
