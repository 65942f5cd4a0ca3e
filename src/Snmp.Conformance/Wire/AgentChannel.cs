using System.Net;
using System.Net.Sockets;

namespace Snmp.Conformance.Wire;

/// <summary>One datagram back from the agent: its octets and where it came from.</summary>
internal sealed record Datagram(byte[] Octets, IPEndPoint From);

/// <summary>
/// Sends one datagram to the agent from a fresh UDP socket and waits a bounded time for the
/// first datagram back, from anyone (so a reply from another address is seen, and judged). A
/// fresh socket per exchange keeps a late answer to one check out of the next.
/// </summary>
internal sealed class AgentChannel(IPEndPoint agent)
{
    public IPEndPoint Agent { get; } = agent;

    /// <summary>Sends <paramref name="request"/> and returns the first datagram back within <paramref name="timeout"/>, or null.</summary>
    public async Task<Datagram?> ExchangeAsync(byte[] request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(Agent.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(Agent.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        await socket.SendToAsync(request, SocketFlags.None, Agent, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[65536];
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(Agent.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), wait.Token).ConfigureAwait(false);
                return new Datagram(buffer.AsSpan(0, received.ReceivedBytes).ToArray(), (IPEndPoint)received.RemoteEndPoint);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (SocketException)
            {
                // ICMP port unreachable (nobody listening): no answer.
                return null;
            }
        }
    }
}
