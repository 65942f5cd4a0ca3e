using System.Net;
using System.Net.Sockets;

namespace Snmp.Conformance.Wire;

/// <summary>One datagram back from the agent: its octets and where it came from.</summary>
internal sealed record Datagram(byte[] Octets, IPEndPoint From);

/// <summary>What came back when the agent was to stay silent: an answer to the datagram (or null), and whether the probe sent after it was answered.</summary>
internal sealed record SilenceResult(Datagram? Answer, bool ProbeAnswered);

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
        using var socket = Open();
        await socket.SendToAsync(request, SocketFlags.None, Agent, cancellationToken).ConfigureAwait(false);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        return await ReceiveAsync(socket, new byte[65536], wait.Token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Silence judged by order, not by a clock: sends <paramref name="request"/> (which the agent
    /// must drop), then <paramref name="probe"/> (a request it must answer) from the same socket.
    /// An agent answers the datagrams of one socket in the order they came, so a datagram before
    /// the probe's answer is the answer to <paramref name="request"/>, and the probe's answer with
    /// nothing before it means <paramref name="request"/> was dropped. After the probe's answer
    /// the channel listens <paramref name="grace"/> longer (zero by default) for an agent that
    /// answers out of order. <paramref name="deadline"/> bounds the whole wait for an agent that
    /// answers neither.
    /// </summary>
    public async Task<SilenceResult> ExchangeBeforeProbeAsync(byte[] request, byte[] probe, Func<byte[], bool> isProbeAnswer, TimeSpan deadline, TimeSpan grace, CancellationToken cancellationToken)
    {
        using var socket = Open();
        await socket.SendToAsync(request, SocketFlags.None, Agent, cancellationToken).ConfigureAwait(false);
        await socket.SendToAsync(probe, SocketFlags.None, Agent, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[65536];
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(deadline);
        var received = await ReceiveAsync(socket, buffer, wait.Token, cancellationToken).ConfigureAwait(false);
        if (received is null)
        {
            return new SilenceResult(null, false);
        }

        if (!isProbeAnswer(received.Octets))
        {
            return new SilenceResult(received, false);
        }

        if (grace <= TimeSpan.Zero)
        {
            return new SilenceResult(null, true);
        }

        using var late = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        late.CancelAfter(grace);
        return new SilenceResult(await ReceiveAsync(socket, buffer, late.Token, cancellationToken).ConfigureAwait(false), true);
    }

    private Socket Open()
    {
        var socket = new Socket(Agent.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(Agent.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        return socket;
    }

    private async Task<Datagram?> ReceiveAsync(Socket socket, byte[] buffer, CancellationToken wait, CancellationToken cancellationToken)
    {
        try
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(Agent.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), wait).ConfigureAwait(false);
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
