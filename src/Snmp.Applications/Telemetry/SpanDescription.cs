using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Snmp.AbstractServices;

namespace Snmp.Applications.Telemetry;

/// <summary>
/// Writes the description of one request (or served request) on its span: PDU type, version,
/// security model and level, request-id, transport domain, and the peer's address and port as
/// OpenTelemetry's server.* (a request sent) or client.* (a request served). Never the
/// securityName (a community-based request's securityName is its community) nor a value.
/// </summary>
/// <remarks>
/// Each tag is added once (<see cref="Activity.AddTag(string, object?)"/>, no search for an
/// existing key), and how a peer's address reads is remembered for the next request to it, up to
/// <see cref="MaxPeers"/> peers, so that a span costs no formatting of the address.
/// </remarks>
internal sealed class SpanDescription(bool peerIsServer)
{
    /// <summary>The most peers whose address text is remembered; more are formatted each time.</summary>
    public const int MaxPeers = 1024;

    private readonly ConcurrentDictionary<EndPoint, Peer> _peers = new();
    private readonly string _addressTag = peerIsServer ? "server.address" : "client.address";
    private readonly string _portTag = peerIsServer ? "server.port" : "client.port";
    private int _remembered;

    public void Describe(Activity activity, PduType type, SnmpVersion version, SecurityModel model, SecurityLevel level, int requestId, TransportDomain domain, EndPoint peer)
    {
        activity.AddTag(SnmpTelemetry.PduTypeTag, TelemetryNames.Of(type));
        activity.AddTag(SnmpTelemetry.VersionTag, TelemetryNames.Of(version));
        activity.AddTag(SnmpTelemetry.SecurityModelTag, model.ToString());
        activity.AddTag(SnmpTelemetry.SecurityLevelTag, TelemetryNames.Of(level));
        activity.AddTag(SnmpTelemetry.RequestIdTag, requestId);
        activity.AddTag(SnmpTelemetry.TransportDomainTag, domain.Name);
        var known = PeerOf(peer);
        activity.AddTag(_addressTag, known.Address);
        if (known.Port is not null)
        {
            activity.AddTag(_portTag, known.Port);
        }
    }

    private Peer PeerOf(EndPoint peer)
    {
        if (_peers.TryGetValue(peer, out var known))
        {
            return known;
        }

        known = peer is IPEndPoint ip ? new Peer(ip.Address.ToString(), ip.Port) : new Peer(peer.ToString() ?? "", null);
        if (Volatile.Read(ref _remembered) < MaxPeers && _peers.TryAdd(peer, known))
        {
            Interlocked.Increment(ref _remembered);
        }

        return known;
    }

    /// <summary>A peer's address text and its port, boxed once.</summary>
    private sealed record Peer(string Address, object? Port);
}
