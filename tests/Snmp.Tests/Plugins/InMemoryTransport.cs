using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Snmp.AbstractServices;

namespace Snmp.Tests.Plugins;

// A transport a user could write without touching the library: its own domain, its own address
// type, its own address syntax ("mem:name"), plugged in through a module (SnmpModule).

/// <summary>The address of an in-memory endpoint.</summary>
internal sealed class InMemoryEndPoint(string name) : EndPoint
{
    public string Name { get; } = name;

    public override bool Equals(object? obj) => obj is InMemoryEndPoint other && other.Name == Name;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => "mem:" + Name;
}

/// <summary>Carries whole messages between the mappings bound to it.</summary>
internal sealed class InMemoryNetwork
{
    public static readonly TransportDomain Domain = new(new ObjectIdentifier(1, 3, 6, 1, 4, 1, 99999, 1, 1), "inMemoryDomain");

    private readonly ConcurrentDictionary<InMemoryEndPoint, InMemoryTransportMapping> _bound = new();
    private int _clients;
    private long _carried;

    public long MessagesCarried => Interlocked.Read(ref _carried);

    public InMemoryTransportMapping Bind(InMemoryEndPoint? local)
    {
        local ??= new InMemoryEndPoint("client-" + Interlocked.Increment(ref _clients));
        var mapping = new InMemoryTransportMapping(this, local);
        if (!_bound.TryAdd(local, mapping))
        {
            throw new SnmpTransportException($"{local} is in use.");
        }

        return mapping;
    }

    public void Unbind(InMemoryEndPoint local) => _bound.TryRemove(local, out _);

    public void Carry(InMemoryEndPoint from, InMemoryEndPoint to, ReadOnlyMemory<byte> message)
    {
        Interlocked.Increment(ref _carried);
        if (_bound.TryGetValue(to, out var destination))
        {
            // Off the sender's stack, as a real network would be.
            var copy = message.ToArray();
            ThreadPool.QueueUserWorkItem(_ => destination.Deliver(from, copy));
        }
    }
}

internal sealed class InMemoryTransportMapping(InMemoryNetwork network, InMemoryEndPoint local) : ITransportMapping
{
    private Action<ReadOnlyMemory<byte>, TransportStateReference>? _receiver;

    public TransportDomain TransportDomain => InMemoryNetwork.Domain;

    public EndPoint LocalAddress => local;

    public int MaxMessageSize => 65507;

    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver) => _receiver = receiver;

    public ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        var to = tmStateReference.TransportAddress as InMemoryEndPoint
            ?? throw new SnmpTransportException($"{tmStateReference.TransportAddress} is not an in-memory address.");
        network.Carry(local, to, outgoingMessage);
        return ValueTask.CompletedTask;
    }

    public void Deliver(InMemoryEndPoint from, byte[] message) =>
        _receiver?.Invoke(message, new TransportStateReference(InMemoryNetwork.Domain, from) { TransportMapping = this });

    public ValueTask DisposeAsync()
    {
        network.Unbind(local);
        return ValueTask.CompletedTask;
    }
}

internal sealed class InMemoryTransportMappingFactory(InMemoryNetwork network) : ITransportMappingFactory
{
    public IReadOnlyCollection<TransportDomain> TransportDomains { get; } = [InMemoryNetwork.Domain];

    public bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
        [NotNullWhen(true)] out TransportDomain? domain, [NotNullWhen(true)] out EndPoint? endPoint)
    {
        if (!address.StartsWith("mem:", StringComparison.Ordinal))
        {
            (domain, endPoint) = (null, null);
            return false;
        }

        (domain, endPoint) = (InMemoryNetwork.Domain, new InMemoryEndPoint(address[4..]));
        return true;
    }

    public ITransportMapping CreateTransportMapping(TransportDomain domain, EndPoint? localAddress) => network.Bind((InMemoryEndPoint?)localAddress);
}

/// <summary>What a user writes to plug the transport in: one module.</summary>
internal sealed class InMemoryTransportModule(InMemoryNetwork network) : SnmpModule
{
    public override void Register(SnmpModuleRegistrations registrations) =>
        registrations.AddTransportMappingFactory(_ => new InMemoryTransportMappingFactory(network));
}
