using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Net;
using BenchmarkDotNet.Attributes;
using Snmp.AbstractServices;
using Snmp.Messages;

namespace Snmp.Benchmarks;

/// <summary>
/// The cost of one whole request, Manager to Agent and back, in one process: a blocking SNMPv2c
/// <c>Get</c> of one scalar from an <see cref="Agent"/>. <c>Transport</c> "memory" carries the
/// messages through a synchronous in-memory transport plugged into both engines (the whole round
/// trip runs on the caller's thread: what it measures is the library's CPU per request, encode,
/// dispatch, responder and decode on both sides, with no socket or wake-up); "udp" is the same
/// over UDP on 127.0.0.1 (the blocking Get reads its own answer). <c>Listeners</c> "metrics+traces"
/// attaches a <see cref="MeterListener"/> to every instrument of the meter "Snmp" and an
/// <see cref="ActivityListener"/> sampling every activity of the source "Snmp" (all data,
/// recorded), with callbacks that only count: the observability's cost per request with someone
/// listening, against "none"; "metrics" attaches the MeterListener alone.
/// </summary>
/// <remarks>
/// Written against names only ("Snmp"), so that it builds on a commit from before the metrics
/// existed: scripts/bench-compare.sh runs it on both sides (BDN_FILTERS='*RequestCostBenchmarks*').
/// </remarks>
[MemoryDiagnoser]
public class RequestCostBenchmarks
{
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";

    private Agent _agent = null!;
    private Engine _engine = null!;
    private Manager _manager = null!;
    private MeterListener? _meterListener;
    private ActivityListener? _activityListener;
    private long _measurements;
    private long _activities;

    [Params("memory", "udp")]
    public string Transport { get; set; } = "memory";

    [Params("none", "metrics", "metrics+traces")]
    public string Listeners { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        if (Listeners != "none")
        {
            Listen();
        }

        if (Transport == "memory")
        {
            var network = new SynchronousNetwork();
            _agent = new Agent(new AgentOptions { ListenOn = ["sync:agent"], Modules = [new SynchronousTransportModule(network)] });
            _engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = new OctetString("public"), Modules = [new SynchronousTransportModule(network)] });
            _manager = _engine.Manager("sync:agent");
        }
        else
        {
            _agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
            _engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
            _manager = _engine.Manager(_agent.Endpoints[0]);
        }

        _agent.AddCommunity("public");
        _manager.Timeout = TimeSpan.FromSeconds(10);
        Get(); // fails here, not silently in the loop, if nothing answers
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _agent.Dispose();
        _meterListener?.Dispose();
        _activityListener?.Dispose();
        if (Listeners != "none")
        {
            Console.WriteLine($"// listeners saw {Interlocked.Read(ref _measurements)} measurements and {Interlocked.Read(ref _activities)} activities");
        }
    }

    [Benchmark]
    public VarBindList Get() => _manager.Get(SysDescr);

    private void Listen()
    {
        _meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Snmp")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meterListener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meterListener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meterListener.SetMeasurementEventCallback<int>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meterListener.Start();
        if (!Listeners.Contains("traces", StringComparison.Ordinal))
        {
            return;
        }

        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Snmp",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => Interlocked.Increment(ref _activities),
        };
        ActivitySource.AddActivityListener(_activityListener);
    }

    /// <summary>An endpoint of <see cref="SynchronousNetwork"/>.</summary>
    private sealed class SyncEndPoint(string name) : EndPoint
    {
        public string Name { get; } = name;

        public override bool Equals(object? obj) => obj is SyncEndPoint other && other.Name == Name;

        public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

        public override string ToString() => "sync:" + Name;
    }

    /// <summary>Delivers each message on the sender's thread, before the send returns.</summary>
    private sealed class SynchronousNetwork
    {
        public static readonly TransportDomain Domain = new(new ObjectIdentifier(1, 3, 6, 1, 4, 1, 99999, 1, 2), "synchronousBenchDomain");

        private readonly Dictionary<SyncEndPoint, SyncMapping> _bound = [];
        private int _clients;

        public SyncMapping Bind(SyncEndPoint? local)
        {
            local ??= new SyncEndPoint("client-" + Interlocked.Increment(ref _clients));
            var mapping = new SyncMapping(this, local);
            lock (_bound)
            {
                _bound.Add(local, mapping);
            }

            return mapping;
        }

        public void Carry(SyncEndPoint from, SyncEndPoint to, ReadOnlyMemory<byte> message)
        {
            SyncMapping? destination;
            lock (_bound)
            {
                _bound.TryGetValue(to, out destination);
            }

            destination?.Deliver(from, message.ToArray());
        }
    }

    private sealed class SyncMapping(SynchronousNetwork network, SyncEndPoint local) : ITransportMapping
    {
        private Action<ReadOnlyMemory<byte>, TransportStateReference>? _receiver;

        public TransportDomain TransportDomain => SynchronousNetwork.Domain;

        public EndPoint LocalAddress => local;

        public int MaxMessageSize => 65507;

        public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver) => _receiver = receiver;

        public ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken)
        {
            network.Carry(local, (SyncEndPoint)tmStateReference.TransportAddress, outgoingMessage);
            return ValueTask.CompletedTask;
        }

        public void Deliver(SyncEndPoint from, byte[] message) =>
            _receiver?.Invoke(message, new TransportStateReference(SynchronousNetwork.Domain, from) { TransportMapping = this });

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class SyncFactory(SynchronousNetwork network) : ITransportMappingFactory
    {
        public IReadOnlyCollection<TransportDomain> TransportDomains { get; } = [SynchronousNetwork.Domain];

        public bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
            [NotNullWhen(true)] out TransportDomain? domain, [NotNullWhen(true)] out EndPoint? endPoint)
        {
            if (!address.StartsWith("sync:", StringComparison.Ordinal))
            {
                (domain, endPoint) = (null, null);
                return false;
            }

            (domain, endPoint) = (SynchronousNetwork.Domain, new SyncEndPoint(address[5..]));
            return true;
        }

        public ITransportMapping CreateTransportMapping(TransportDomain domain, EndPoint? localAddress) => network.Bind((SyncEndPoint?)localAddress);
    }

    private sealed class SynchronousTransportModule(SynchronousNetwork network) : SnmpModule
    {
        public override void Register(SnmpModuleRegistrations registrations) =>
            registrations.AddTransportMappingFactory(_ => new SyncFactory(network));
    }
}
