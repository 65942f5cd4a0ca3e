using System.Net;
using Autofac;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Composition;
using Snmp.Dispatcher;
using Snmp.Messages;
using Snmp.Security.Community;
using Snmp.Smi;

namespace Snmp;

/// <summary>
/// Receives SNMPv1 and SNMPv2c notifications (traps and informs) on the addresses of
/// <see cref="TrapReceiverOptions.ListenOn"/>: an SNMP engine with the Notification Receiver of
/// RFC 3413 section 3.4. Each notification from an accepted community is delivered once through
/// <see cref="ReadAllAsync"/>; informs are acknowledged once queued.
/// </summary>
/// <example>
/// <code>
/// await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:1162"], Communities = ["public"] });
/// await foreach (var n in receiver.ReadAllAsync(cancellationToken))
/// {
///     Console.WriteLine($"{n.Source} {n.TrapOid}");
/// }
/// </code>
/// </example>
public sealed class TrapReceiver : IDisposable, IAsyncDisposable
{
    private readonly IContainer _container;
    private readonly SnmpDispatcher _dispatcher;
    private readonly NotificationReceiver _receiver;
    private readonly IDisposable? _registration;
    private int _disposed;

    /// <summary>Starts listening.</summary>
    /// <exception cref="SnmpConfigurationException">An address cannot be parsed or bound, the capacity is not positive, or a module does not compose.</exception>
    public TrapReceiver(TrapReceiverOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        Options = options ?? new TrapReceiverOptions();
        if (Options.QueueCapacity < 1)
        {
            throw new SnmpConfigurationException($"QueueCapacity must be positive, not {Options.QueueCapacity}.");
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        foreach (var community in Options.Communities)
        {
            AddCommunity(community);
        }

        // CommunityBasedSecurityModel gives incoming v1/v2c PDUs this engine's snmpEngineID as
        // their contextEngineID (RFC 3584 5.2.1), so the receiver registers under it.
        var localEngine = new LocalEngine(LocalEngine.GenerateEngineId(), 1);
        _container = ListeningEngineContainer.Build(loggerFactory, localEngine, Communities, _ => { }, Options.Modules);
        _dispatcher = _container.Resolve<SnmpDispatcher>();
        _receiver = new NotificationReceiver(_dispatcher, Options.QueueCapacity, loggerFactory.CreateLogger<NotificationReceiver>());
        IReadOnlyList<EndPoint> endpoints;
        try
        {
            _registration = _dispatcher.RegisterContextEngineId(localEngine.EngineId, NotificationReceiver.PduTypes, _receiver);
            endpoints = _container.Resolve<TransportMappingFactories>().Listen(_dispatcher, Options.ListenOn, "trap receiver");
        }
        catch
        {
            Dispose();
            throw;
        }

        Endpoints = [.. endpoints.OfType<IPEndPoint>()];
        ListeningAddresses = endpoints;
    }

    /// <summary>What the receiver was started with.</summary>
    public TrapReceiverOptions Options { get; }

    /// <summary>The community table (RFC 3584 5.2.1): the communities accepted.</summary>
    public CommunityTable Communities { get; } = new();

    /// <summary>The IP addresses actually bound (with the ports chosen for port 0).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; } = [];

    /// <summary>Every local address the receiver listens on, of every transport.</summary>
    public IReadOnlyList<EndPoint> ListeningAddresses { get; } = [];

    /// <summary>The engine's counters: snmpInBadCommunityNames counts notifications from communities not accepted.</summary>
    public SnmpStatistics Statistics => _dispatcher.Statistics;

    /// <summary>Notifications dropped because the queue was full.</summary>
    public long DroppedNotifications => _receiver.DroppedNotifications;

    /// <summary>SNMPv2 notifications dropped for not starting with sysUpTime.0 and snmpTrapOID.0.</summary>
    public long MalformedNotifications => _receiver.MalformedNotifications;

    /// <summary>Accepts notifications with <paramref name="community"/> from now on.</summary>
    public void AddCommunity(string community)
    {
        ArgumentException.ThrowIfNullOrEmpty(community);
        var name = new OctetString(community);
        Communities.Set(name, new CommunityEntry(name, OctetString.Empty));
    }

    /// <summary>Every notification received, in arrival order, until the receiver is disposed or <paramref name="cancellationToken"/> is cancelled.</summary>
    public IAsyncEnumerable<ReceivedNotification> ReadAllAsync(CancellationToken cancellationToken = default) => _receiver.ReadAllAsync(cancellationToken);

    /// <summary>Stops listening; <see cref="ReadAllAsync"/> ends once the queued notifications are read.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _registration?.Dispose();
        _receiver?.Complete();
        await _dispatcher.DisposeAsync().ConfigureAwait(false);
        await _container.DisposeAsync().ConfigureAwait(false);
    }
}
