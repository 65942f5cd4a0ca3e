using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Messages;
using Snmp.Security.Usm;
using Snmp.Transport.Udp;

namespace Snmp.LoadTool;

/// <summary>
/// Thousands of simulated SNMP agents in one process, each a real <see cref="Agent"/> (its own
/// snmpEngineID, USM user table localised for that id, VACM, MIB tree with the built-in objects),
/// each on its own UDP port of 127.0.0.1. The library's UDP transport gives every listening mapping
/// a receive thread of its own, which is the right trade for a few agent addresses and the wrong one
/// for ten thousand; so the agents are given, through the plug-in point for transports (an
/// <see cref="SnmpModule"/> in <see cref="AgentOptions.Modules"/>, loaded after the library's, whose factory takes the
/// UDP domain over), <see cref="PooledUdpTransportMapping"/>: the same wire, with asynchronous receives
/// that hold no thread while they wait, so the runtime's socket event loop and the thread pool serve
/// all the ports.
/// </summary>
internal sealed class SimulatedAgents : IAsyncDisposable
{
    public const string Community = "poll-public";
    public const string UserName = "poller";
    public const string AuthPassword = "poll-auth-pass";
    public const string PrivPassword = "poll-priv-pass";

    /// <summary>
    /// The ten objects the poll asks each agent for: the SNMPv2-MIB system scalars sysDescr.0 ..
    /// sysORLastChange.0 and, from SNMP-FRAMEWORK-MIB, snmpEngineID.0 (which tells which agent
    /// answered) and snmpEngineBoots.0.
    /// </summary>
    public static readonly ObjectIdentifier[] PolledObjects =
    [
        "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.4.0", "1.3.6.1.2.1.1.5.0",
        "1.3.6.1.2.1.1.6.0", "1.3.6.1.2.1.1.7.0", "1.3.6.1.2.1.1.8.0", "1.3.6.1.6.3.10.2.1.1.0", "1.3.6.1.6.3.10.2.1.2.0",
    ];

    private readonly List<Agent> _agents;

    private SimulatedAgents(List<Agent> agents) => _agents = agents;

    public IReadOnlyList<Agent> Agents => _agents;

    /// <summary>
    /// Starts <paramref name="count"/> agents on free ports of 127.0.0.1, agent i with the
    /// snmpEngineID 80 00 1F 88 04 "sim" + i (RFC 3411 text format), community
    /// <see cref="Community"/> and the USM user <see cref="UserName"/> (HMAC-SHA-96, AES-128).
    /// </summary>
    /// <param name="count">How many agents.</param>
    /// <param name="withUser">Whether the agents have the SNMPv3 user.</param>
    public static SimulatedAgents Start(int count, bool withUser)
    {
        var module = new PooledUdpTransportModule();
        // The user's password-derived keys (Ku, RFC 3414 A.2: a megabyte hashed per password) are
        // derived once here, not by every simulated agent as Agent.AddUser(name, passwords) would:
        // each agent only localises them for its own snmpEngineID (RFC 3414 2.6) when the user is
        // added to its USM.
        var user = withUser ? CreateUser() : null;
        var agents = new List<Agent>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var agent = new Agent(new AgentOptions
                {
                    ListenOn = ["127.0.0.1:0"],
                    EngineId = EngineIdOf(i),
                    SysDescr = $"simulated agent {i}",
                    SysName = $"sim{i}",
                    Modules = [module],
                });
                agents.Add(agent);
                agent.AddCommunity(Community);
                if (user is not null)
                {
                    agent.UserBasedSecurityModel.AddUser(agent.LocalEngine.EngineId, user);
                    // What Agent.AddUser does besides the keys: the user's VACM group and access (authPriv, all objects).
                    agent.Vacm.AddGroup(SecurityModel.Usm, new OctetString(UserName), "poller");
                    agent.Vacm.AddAccess("poller", OctetString.Empty, SecurityModel.Usm, SecurityLevel.AuthPriv, ContextMatch.Prefix, Agent.AllView);
                }
            }
        }
        catch
        {
            foreach (var agent in agents)
            {
                agent.Dispose();
            }

            throw;
        }

        return new SimulatedAgents(agents);
    }

    /// <summary>The snmpEngineID of agent <paramref name="index"/>: enterprise 8072 (Net-SNMP's, as a test id), format 4 (text), "sim" and the index.</summary>
    public static OctetString EngineIdOf(int index) =>
        new([0x80, 0x00, 0x1F, 0x88, 0x04, .. Encoding.ASCII.GetBytes($"sim{index}")]);

    /// <summary>The credentials every simulated agent shares, as the poller's engine.Usm.AddUser makes them.</summary>
    public static UsmUser CreateUser() =>
        new(new OctetString(UserName), AuthenticationProtocol.HmacSha1, Encoding.UTF8.GetBytes(AuthPassword),
            PrivacyProtocol.Aes128, Encoding.UTF8.GetBytes(PrivPassword));

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }
    }
}

/// <summary>Registers <see cref="PooledUdpTransportFactory"/> for the UDP domains (the last factory registered for a domain wins).</summary>
internal sealed class PooledUdpTransportModule : SnmpModule
{
    public override void Register(SnmpModuleRegistrations registrations) =>
        registrations.AddTransportMappingFactory(_ => new PooledUdpTransportFactory());
}

/// <summary>Reads UDP addresses as the library's factory does, and makes <see cref="PooledUdpTransportMapping"/>s over IPv4.</summary>
internal sealed class PooledUdpTransportFactory : ITransportMappingFactory
{
    private readonly UdpTransportMappingFactory _addresses = new();

    public IReadOnlyCollection<TransportDomain> TransportDomains { get; } = [TransportDomain.UdpIpv4];

    public bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
        [NotNullWhen(true)] out TransportDomain? domain, [NotNullWhen(true)] out EndPoint? endPoint) =>
        _addresses.TryParseAddress(address, preferredDomain, role, forListening, out domain, out endPoint);

    public ITransportMapping CreateTransportMapping(TransportDomain domain, EndPoint? localAddress)
    {
        if (domain != TransportDomain.UdpIpv4)
        {
            throw new SnmpTransportException($"The pooled UDP transport serves {TransportDomain.UdpIpv4} only, not {domain}.");
        }

        return new PooledUdpTransportMapping(localAddress as IPEndPoint ?? new IPEndPoint(IPAddress.Loopback, 0));
    }
}

/// <summary>
/// snmpUDPDomain (RFC 3417 section 2) on one socket, with no thread of its own: an asynchronous
/// receive is outstanding while the mapping waits (the runtime's socket event loop watches every
/// socket of the process), and each datagram is handed to the receiver on the thread pool thread
/// that completed the receive. A receive buffer of <see cref="MaxRequestSize"/> octets per mapping
/// (what a simulated agent is asked: Gets of a few varbinds); a longer datagram is dropped and counted.
/// </summary>
internal sealed class PooledUdpTransportMapping : ITransportMapping
{
    public const int MaxRequestSize = 4096;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public PooledUdpTransportMapping(IPEndPoint localAddress)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(localAddress);
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new SnmpTransportException($"Cannot bind {localAddress}: {e.SocketErrorCode}.", e);
        }

        LocalAddress = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public static long Dropped => Interlocked.Read(ref s_dropped);

    private static long s_dropped;

    public TransportDomain TransportDomain => TransportDomain.UdpIpv4;

    public EndPoint LocalAddress { get; }

    public int MaxMessageSize => UdpTransportMapping.MaxIpv4Payload;

    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver) => _loop = ReceiveLoopAsync(receiver);

    public ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        // A UDP send on loopback does not wait for anything worth a continuation.
        try
        {
            _socket.SendTo(outgoingMessage.Span, SocketFlags.None, tmStateReference.TransportAddress);
        }
        catch (SocketException e)
        {
            throw new SnmpTransportException($"Sending to {tmStateReference.TransportAddress} failed: {e.SocketErrorCode}.", e);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver)
    {
        var buffer = new byte[MaxRequestSize];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        var template = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.MessageSize or SocketError.ConnectionReset)
            {
                Interlocked.Increment(ref s_dropped);
                continue;
            }
            catch (SocketException) when (_stop.IsCancellationRequested)
            {
                return;
            }

            var peer = (IPEndPoint)template.Create(from);
            receiver(buffer.AsSpan(0, length).ToArray(), new TransportStateReference(TransportDomain.UdpIpv4, peer) { TransportMapping = this });
        }
    }
}
