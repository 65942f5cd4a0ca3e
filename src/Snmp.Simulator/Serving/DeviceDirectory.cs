using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Snmp.Simulator;

/// <summary>
/// Which device a request is for. A device's key is its data file's path under the data
/// directory without the extension ("recorded/linksys-system"), as snmpsim names it: the
/// community (SNMPv1/v2c) that selects it, and the SNMPv3 context name (the key, or the MD5 of the
/// key in hexadecimal, snmpsim's other context name). As snmpsim does, a community or context name
/// is tried with the transport ID of the listening address it arrived at (1.3.6.1.6.1.1.N for the
/// Nth UDP/IPv4 listening address, 1.3.6.1.2.1.100.1.2.N for the Nth UDP/IPv6 one, counted per
/// family from 0) and the request's source address (IPv6 with ':' as '_'): for "public" from
/// 127.0.0.1, "public/1.3.6.1.6.1.1.0/127.0.0.1", then "public/1.3.6.1.6.1.1.0", then "public";
/// empty parts left out (the empty context from 127.0.0.1 tries "1.3.6.1.6.1.1.0/127.0.0.1") and
/// the path normalised as a relative file path. snmpsimd does this for context names, and for
/// communities only in its --v2c-arch mode (in its default mode a community stands for the MD5
/// context of its name, and that is what the transport ID refines). With one device per port,
/// the Nth listening address serves the Nth device to the one community configured.
/// Every device is one agent context (<see cref="ContextOf"/>); the names that reach it are
/// mapped to it here.
/// </summary>
internal sealed class DeviceDirectory
{
    private static readonly Encoding Bytes = Encoding.UTF8;
    private readonly Dictionary<string, OctetString> _contextByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OctetString> _contextByName = new(StringComparer.Ordinal);
    private Dictionary<EndPoint, (int Index, string Domain)> _endpoints = [];
    private OctetString[]? _portDevices;
    private byte[]? _portCommunity;

    /// <summary>The one agent context a device key is served in (the key, or its MD5 when longer than 32 octets).</summary>
    public static string ContextOf(string key) => Bytes.GetByteCount(key) <= 32 ? key : HashedContextOf(key);

    /// <summary>snmpsim's hashed context name: the MD5 of the key, in lower-case hexadecimal.</summary>
    public static string HashedContextOf(string key) => Convert.ToHexStringLower(MD5.HashData(Bytes.GetBytes(key)));

    /// <summary>Adds a device: its key names it as a community, and its key and the MD5 of its key as a context name.</summary>
    public void Add(string key)
    {
        var context = new OctetString(ContextOf(key));
        _contextByKey[key] = context;
        _contextByName[key] = context;
        _contextByName.TryAdd(HashedContextOf(key), context);
    }

    /// <summary>
    /// Makes the Nth listening address (in ListenOn order) index N (its SNMPv3 engine, its device
    /// with one device per port), and gives each its transport ID, counted per address family.
    /// </summary>
    public void SetEndpoints(IReadOnlyList<EndPoint> endpoints, int transportIdOffset)
    {
        var index = new Dictionary<EndPoint, (int, string)>();
        int v4 = transportIdOffset, v6 = transportIdOffset;
        for (int i = 0; i < endpoints.Count; i++)
        {
            var domain = endpoints[i].AddressFamily == AddressFamily.InterNetworkV6
                ? "1.3.6.1.2.1.100.1.2." + (v6++).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "1.3.6.1.6.1.1." + (v4++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            index[endpoints[i]] = (transportIdOffset + i, domain);
        }

        _endpoints = index;
    }

    /// <summary>One device per listening address (by transport ID), for <paramref name="community"/>.</summary>
    public void SetPortDevices(IReadOnlyList<string> keys, string community)
    {
        _portDevices = [.. keys.Select(k => _contextByKey[k])];
        _portCommunity = Bytes.GetBytes(community);
    }

    /// <summary>The index (0-based listening order) of a local address, or -1.</summary>
    public int TransportIdOf(EndPoint? local) => local is not null && _endpoints.TryGetValue(local, out var id) ? id.Index : -1;

    /// <summary>With one device per address, the context of the device at <paramref name="transportId"/>; else null.</summary>
    public OctetString? PortDeviceContext(int transportId) =>
        _portDevices is { } ports && transportId >= 0 && transportId < ports.Length ? ports[transportId] : null;

    /// <summary>The device context an SNMPv1/v2c community chooses at this address from this source, or null.</summary>
    public OctetString? FindByCommunity(ReadOnlySpan<byte> community, EndPoint? local, EndPoint source)
    {
        if (_portDevices is { } ports)
        {
            int transportId = TransportIdOf(local);
            return transportId >= 0 && transportId < ports.Length && community.SequenceEqual(_portCommunity) ? ports[transportId] : null;
        }

        return Find(_contextByKey, Bytes.GetString(community), local, source);
    }

    /// <summary>The device context an SNMPv3 context name chooses at this address from this source, or null (no device).</summary>
    public OctetString? FindByContext(ReadOnlySpan<byte> contextName, EndPoint? local, EndPoint source) =>
        Find(_contextByName, Bytes.GetString(contextName), local, source);

    private OctetString? Find(Dictionary<string, OctetString> names, string name, EndPoint? local, EndPoint source)
    {
        if (local is not null && _endpoints.TryGetValue(local, out var endpoint) && source is IPEndPoint ip)
        {
            var address = ip.AddressFamily == AddressFamily.InterNetworkV6 ? ip.Address.ToString().Replace(':', '_') : ip.Address.ToString();
            if (Lookup(names, Candidate(name, endpoint.Domain, address)) is { } bySource)
            {
                return bySource;
            }

            if (Lookup(names, Candidate(name, endpoint.Domain, "")) is { } byTransport)
            {
                return byTransport;
            }
        }

        return Lookup(names, Candidate(name, "", ""));
    }

    private static OctetString? Lookup(Dictionary<string, OctetString> names, string? name) => name is not null && names.TryGetValue(name, out var context) ? context : null;

    /// <summary>
    /// The parts that are not empty joined by '/' and normalised as a relative path (no empty or
    /// "." segment, ".." taking the one before it away), as snmpsim's os.path.normpath does; null
    /// when nothing is left or the path is absolute or leaves its directory (no device is named so).
    /// </summary>
    internal static string? Candidate(string name, string domain, string address)
    {
        var path = string.Join('/', new[] { name, domain, address }.Where(p => p.Length > 0));
        if (path.Length == 0 || path[0] == '/')
        {
            return null;
        }

        if (IsPlain(path))
        {
            return path;
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return segments.Count == 0 ? null : string.Join('/', segments);
    }

    // No empty, "." or ".." segment and no trailing '/': already normal (the usual case).
    private static bool IsPlain(string path)
    {
        int start = 0;
        while (true)
        {
            int end = path.IndexOf('/', start);
            var segment = path.AsSpan(start, (end < 0 ? path.Length : end) - start);
            if (segment.IsEmpty || segment is "." or "..")
            {
                return false;
            }

            if (end < 0)
            {
                return true;
            }

            start = end + 1;
        }
    }
}
