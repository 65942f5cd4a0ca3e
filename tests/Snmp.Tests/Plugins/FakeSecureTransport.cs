using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Snmp.AbstractServices;

namespace Snmp.Tests.Plugins;

// A stand-in for a secure transport (TLS of RFC 6353) that a user could write without touching
// the library: it claims the snmpTLSTCPDomain and "tls:host:port" addresses, carries messages in
// memory, and fills in the tmStateReference as a secure transport does (RFC 5590 5.2, RFC 6353
// 5.1.2): tmSecurityName is the principal the session was opened as (the client's certificate,
// mapped), tmTransportSecurityLevel authPriv, tmSessionID the session. It refuses to send without
// a tmSecurityName, and a response (tmSameSecurity) without the session its request came on.

/// <summary>The in-memory "network" of the fake TLS mappings, and a record of every message.</summary>
internal sealed class FakeSecureNetwork
{
    private readonly ConcurrentDictionary<IPEndPoint, FakeSecureTransportMapping> _bound = new();
    private readonly ConcurrentDictionary<(IPEndPoint, IPEndPoint), string> _sessions = new();
    private readonly ConcurrentQueue<(IPEndPoint From, IPEndPoint To, byte[] Message)> _carried = new();
    private int _nextPort = 40000;

    /// <summary>What a session's peers see as tmTransportSecurityLevel.</summary>
    public Snmp.SecurityLevel TransportSecurityLevel { get; set; } = Snmp.SecurityLevel.AuthPriv;

    public IReadOnlyList<(IPEndPoint From, IPEndPoint To, byte[] Message)> Carried => [.. _carried];

    public FakeSecureTransportMapping Bind(IPEndPoint? local)
    {
        if (local is null || local.Port == 0)
        {
            local = new IPEndPoint(local?.Address ?? IPAddress.Loopback, Interlocked.Increment(ref _nextPort));
        }

        var mapping = new FakeSecureTransportMapping(this, local);
        return _bound.TryAdd(local, mapping) ? mapping : throw new SnmpTransportException($"tls:{local} is in use.");
    }

    public void Unbind(IPEndPoint local) => _bound.TryRemove(local, out _);

    private static (IPEndPoint, IPEndPoint) Key(IPEndPoint a, IPEndPoint b) =>
        string.CompareOrdinal(a.ToString(), b.ToString()) < 0 ? (a, b) : (b, a);

    public void Carry(IPEndPoint from, IPEndPoint to, ReadOnlyMemory<byte> message, TransportStateReference tm)
    {
        var key = Key(from, to);
        if (tm.SameSecurity)
        {
            // A response leaves over the session its request came in on, or not at all (RFC 5590 5.2).
            if (!_sessions.ContainsKey(key) || !Equals(tm.SessionId, key))
            {
                throw new SnmpTransportException("tmSameSecurity: the request's session is gone.");
            }
        }
        else
        {
            // Opening (or reusing) a session as tmSecurityName: the certificate of that name.
            _sessions[key] = (tm.SecurityName ?? throw new SnmpTransportException("A secure transport needs a tmSecurityName to send as (RFC 6353 5.2).")).ToText();
        }

        var copy = message.ToArray();
        _carried.Enqueue((from, to, copy));
        if (_bound.TryGetValue(to, out var destination))
        {
            var name = _sessions[key];
            ThreadPool.QueueUserWorkItem(_ => destination.Deliver(from, copy, name, key, TransportSecurityLevel));
        }
    }
}

internal sealed class FakeSecureTransportMapping(FakeSecureNetwork network, IPEndPoint local) : ITransportMapping
{
    private Action<ReadOnlyMemory<byte>, TransportStateReference>? _receiver;

    public TransportDomain TransportDomain => TransportDomain.TlsTcp;

    public EndPoint LocalAddress => local;

    public int MaxMessageSize => 65507;

    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver) => _receiver = receiver;

    public ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        var to = tmStateReference.TransportAddress as IPEndPoint ?? throw new SnmpTransportException($"{tmStateReference.TransportAddress} is not a tls address.");
        network.Carry(local, to, outgoingMessage, tmStateReference);
        return ValueTask.CompletedTask;
    }

    public void Deliver(IPEndPoint from, byte[] message, string tmSecurityName, object session, Snmp.SecurityLevel level) =>
        _receiver?.Invoke(message, new TransportStateReference(TransportDomain.TlsTcp, from)
        {
            TransportMapping = this,
            SecurityName = new OctetString(tmSecurityName),
            TransportSecurityLevel = level,
            SessionId = session,
        });

    public ValueTask DisposeAsync()
    {
        network.Unbind(local);
        return ValueTask.CompletedTask;
    }
}

internal sealed class FakeSecureTransportFactory(FakeSecureNetwork network) : ITransportMappingFactory
{
    public IReadOnlyCollection<TransportDomain> TransportDomains { get; } = [TransportDomain.TlsTcp];

    public bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
        [NotNullWhen(true)] out TransportDomain? domain, [NotNullWhen(true)] out EndPoint? endPoint)
    {
        (domain, endPoint) = (null, null);
        if (!address.StartsWith("tls:", StringComparison.Ordinal))
        {
            return false;
        }

        var text = address[4..];
        endPoint = IPEndPoint.TryParse(text, out var parsed) && text.Contains(':', StringComparison.Ordinal)
            ? parsed
            : new IPEndPoint(IPAddress.Parse(text), role == SnmpEntityRole.NotificationReceiver ? 10162 : 10161);
        domain = TransportDomain.TlsTcp;
        return true;
    }

    public ITransportMapping CreateTransportMapping(TransportDomain domain, EndPoint? localAddress) => network.Bind((IPEndPoint?)localAddress);
}

/// <summary>What a user writes to plug the transport in: one module.</summary>
internal sealed class FakeSecureTransportModule(FakeSecureNetwork network) : SnmpModule
{
    public override void Register(SnmpModuleRegistrations registrations) =>
        registrations.AddTransportMappingFactory(_ => new FakeSecureTransportFactory(network));
}
