using System.Collections.Concurrent;
using System.Net;
using Snmp.AbstractServices;

namespace Snmp.Applications.Tests;

/// <summary>
/// An <see cref="ITransportExchange"/> double: <see cref="Receive"/> blocks until the test
/// delivers a message, an interrupt comes or the exchange is closed; it fails the test rather
/// than block for ever.
/// </summary>
internal sealed class FakeExchange(EndPoint peer) : ITransportExchange
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly BlockingCollection<byte[]?> _arrivals = new();
    private int _interrupts;
    private int _returns;
    private volatile bool _closed;

    public TransportDomain TransportDomain => TransportDomain.UdpIpv4;

    public EndPoint LocalAddress { get; } = new IPEndPoint(IPAddress.Loopback, 40001);

    public int MaxMessageSize => 65507;

    public bool IsOpen => !_closed;

    public int Interrupts => Volatile.Read(ref _interrupts);

    public int Returns => Volatile.Read(ref _returns);

    /// <summary>The threads that called <see cref="Receive"/>.</summary>
    public ConcurrentBag<int> ReceivingThreads { get; } = new();

    /// <summary>Set when a receive is in progress.</summary>
    public ManualResetEventSlim Receiving { get; } = new();

    public void Deliver(byte[] message) => _arrivals.Add(message);

    public void Close()
    {
        _closed = true;
        _arrivals.Add(null);
    }

    public bool Receive(out ReadOnlyMemory<byte> wholeMsg, out TransportStateReference? tmStateReference)
    {
        (wholeMsg, tmStateReference) = (default, null);
        ReceivingThreads.Add(Environment.CurrentManagedThreadId);
        if (_closed)
        {
            return false;
        }

        Receiving.Set();
        if (!_arrivals.TryTake(out var message, Patience))
        {
            throw new TimeoutException("the borrower was never woken");
        }

        Receiving.Reset();
        if (message is null || _closed)
        {
            return false;
        }

        (wholeMsg, tmStateReference) = (message, new TransportStateReference(TransportDomain, peer) { TransportMapping = this });
        return true;
    }

    public void Interrupt()
    {
        Interlocked.Increment(ref _interrupts);
        _arrivals.Add(null);
    }

    public void Return() => Interlocked.Increment(ref _returns);

    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver) => throw new NotSupportedException();

    public ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the dispatcher double sends");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
