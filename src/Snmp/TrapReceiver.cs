using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Composition;
using Snmp.Dispatcher;
using Snmp.Messages;
using Snmp.Security.Community;
using Snmp.Security.Usm;

namespace Snmp;

/// <summary>
/// Receives SNMPv1, SNMPv2c and SNMPv3 notifications (traps and informs) on the addresses of
/// <see cref="TrapReceiverOptions.ListenOn"/>: an SNMP engine with the Notification Receiver of
/// RFC 3413 section 3.4. Each notification from an accepted community, USM user or principal of
/// another security model (<see cref="TrapReceiverOptions.Principals"/>: TSM over TLS) is delivered
/// once through <see cref="ReadAllAsync"/>; informs are acknowledged once queued. SNMPv3: the
/// receiver is the authoritative engine of informs (its <see cref="LocalEngine"/>) and learns
/// the engine of each trap sender (RFC 3414 2.3); it answers RFC 5343 context EngineID discovery
/// (a Get of snmpEngineID.0 to the localEngineID '8000000006'H), which inform senders over TLS
/// and DTLS use, and no other request.
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
    private readonly SnmpEngineHost _host;
    private readonly NotificationReceiver _receiver;
    private readonly UsmTrapSenderUsers _trapSenders;
    private readonly PrincipalFilter _principals;

    /// <summary>Starts listening.</summary>
    /// <exception cref="SnmpConfigurationException">An address cannot be parsed or bound, the capacity, MaxLearnedEngines or LearnedEngineMinimumIdle is out of range, the engine ID or boots file is unusable, a user's protocols or passwords are, or a module does not compose.</exception>
    public TrapReceiver(TrapReceiverOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(options, loggerFactory, timeProvider: null)
    {
    }

    /// <summary>
    /// Starts listening, with <paramref name="timeProvider"/> in place of the system clock (tests):
    /// it drives snmpEngineTime, the timeliness of SNMPv3 traps, the localisation rate limit and
    /// idleness of learnt sender engines, and how long answered informs are remembered.
    /// </summary>
    internal TrapReceiver(TrapReceiverOptions? options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        Options = options ?? new TrapReceiverOptions();
        timeProvider ??= TimeProvider.System;
        if (Options.QueueCapacity < 1)
        {
            throw new SnmpConfigurationException($"QueueCapacity must be positive, not {Options.QueueCapacity}.");
        }

        if (Options.MaxLearnedEngines < 1 || Options.LearnedEngineMinimumIdle < TimeSpan.Zero)
        {
            throw new SnmpConfigurationException($"MaxLearnedEngines must be positive ({Options.MaxLearnedEngines}) and LearnedEngineMinimumIdle not negative ({Options.LearnedEngineMinimumIdle}).");
        }

        _trapSenders = new UsmTrapSenderUsers(timeProvider, Options.MaxLearnedEngines, Options.LearnedEngineMinimumIdle);

        loggerFactory ??= NullLoggerFactory.Instance;
        foreach (var community in Options.Communities)
        {
            AddCommunity(community);
        }

        _host = new SnmpEngineHost(new SnmpEngineHostSettings(Options.Identity)
        {
            LoggerFactory = loggerFactory,
            TimeProvider = timeProvider,
            Tls = Options.Tls,
            Communities = Communities,
            TrapSenders = _trapSenders,
            Modules = Options.Modules,
        });
        LocalEngine = _host.LocalEngine;
        _host.StartUp(() => AddUsers(_host.Usm, LocalEngine));
        _receiver = new NotificationReceiver(_host.Dispatcher, Options.QueueCapacity, loggerFactory.CreateLogger<NotificationReceiver>(), timeProvider);
        _principals = _host.StartUp(() => new PrincipalFilter(_receiver, Options.Principals, loggerFactory.CreateLogger<TrapReceiver>()));
        // CommunityBasedSecurityModel gives incoming v1/v2c PDUs this engine's snmpEngineID as
        // their contextEngineID (RFC 3584 5.2.1); SNMPv3 traps carry their sender's. So the
        // receiver registers for any contextEngineID (the empty one).
        _host.Serve(OctetString.Empty, NotificationReceiver.PduTypes, _principals);
        // Net-SNMP's snmpinform over TLS/DTLS asks the receiver's contextEngineID first (RFC 5343).
        _host.StartUp(() => _host.Serve(LocalEngine.EngineId, ContextEngineIdDiscoveryResponder.PduTypes,
            new ContextEngineIdDiscoveryResponder(_host.Dispatcher, _host.Dispatcher.Statistics, LocalEngine.EngineId, loggerFactory.CreateLogger<ContextEngineIdDiscoveryResponder>())));
        _host.StartUp(() => Telemetry.EngineTelemetry.Attach(_host, this));
        var endpoints = _host.Listen(Options.ListenOn, SnmpEntityRole.NotificationReceiver, "trap receiver");
        Endpoints = [.. endpoints.OfType<IPEndPoint>()];
        ListeningAddresses = endpoints;
    }

    private void AddUsers(UserBasedSecurityModel usm, LocalEngine localEngine)
    {
        foreach (var user in Options.Users)
        {
            ArgumentNullException.ThrowIfNull(user);
            var credentials = Usm.CreateUser(user.Name, user.AuthProtocol, user.AuthPassword, user.PrivProtocol, user.PrivPassword, secret: null);
            // Informs: this engine is authoritative (RFC 3414 2.3), the keys are for its own id.
            usm.AddUser(localEngine.EngineId, credentials);
            if (user.EngineId is { } pinned)
            {
                usm.AddUser(pinned, credentials);
            }
            else
            {
                _trapSenders.Add(credentials);
            }
        }
    }

    /// <summary>snmpEngineID, snmpEngineBoots and snmpEngineTime of this receiver: the authoritative engine of the SNMPv3 informs it receives.</summary>
    public LocalEngine LocalEngine { get; }

    /// <summary>
    /// SNMPv3 traps from a new sender engine refused because <see cref="TrapReceiverOptions.MaxLearnedEngines"/>
    /// engines are known and none has been idle for <see cref="TrapReceiverOptions.LearnedEngineMinimumIdle"/>,
    /// or <see cref="UsmTrapSenderUsers.MaxLocalisationsPerSecond"/> was reached (each also counted
    /// in usmStatsUnknownUserNames).
    /// </summary>
    public long RefusedLocalisations => _trapSenders.RefusedLocalisations;

    /// <summary>How many SNMPv3 trap sender engines are known now (at most <see cref="TrapReceiverOptions.MaxLearnedEngines"/>).</summary>
    public int LearnedEngines => _trapSenders.LearnedEngines;

    /// <summary>How many idle sender engines were forgotten to make room for new ones.</summary>
    public long EvictedEngines => _trapSenders.EvictedEngines;

    /// <summary>What the receiver was started with.</summary>
    public TrapReceiverOptions Options { get; }

    /// <summary>The community table (RFC 3584 5.2.1): the communities accepted.</summary>
    public CommunityTable Communities { get; } = new();

    /// <summary>The IP addresses actually bound (with the ports chosen for port 0).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; } = [];

    /// <summary>Every local address the receiver listens on, of every transport.</summary>
    public IReadOnlyList<EndPoint> ListeningAddresses { get; } = [];

    /// <summary>The engine's counters: snmpInBadCommunityNames counts notifications from communities not accepted.</summary>
    public SnmpStatistics Statistics => _host.Dispatcher.Statistics;

    /// <summary>
    /// SNMPv3 notifications of a security model other than USM from a principal not in
    /// <see cref="TrapReceiverOptions.Principals"/> (or below its minimum level): dropped, informs unanswered.
    /// </summary>
    public long RefusedPrincipals => _principals.Refused;

    /// <summary>Notifications dropped because the queue was full.</summary>
    public long DroppedNotifications => _receiver.DroppedNotifications;

    /// <summary>Retransmitted informs recognised as already answered: answered again, not delivered again.</summary>
    public long DuplicateInforms => _receiver.DuplicateInforms;

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
        try
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            // After the receive loops have ended: every notification that arrived is in the queue.
            _receiver.Complete();
        }
    }
}

/// <summary>
/// Lets through to the Notification Receiver what the community and USM security models accepted,
/// and of every other SNMPv3 model only the listed principals at their levels (Net-SNMP's authUser).
/// </summary>
internal sealed class PrincipalFilter(IPduProcessor receiver, IEnumerable<TrapReceiverPrincipal> principals, Microsoft.Extensions.Logging.ILogger logger) : IPduProcessor
{
    private readonly Dictionary<(SecurityModel, OctetString), SecurityLevel> _accepted =
        principals.ToDictionary(p => (p.SecurityModel, new OctetString(p.SecurityName)), p => p.MinimumLevel);

    private long _refused;

    public long Refused => Interlocked.Read(ref _refused);

    public void ProcessPdu(ProcessPduParameters pdu)
    {
        if (pdu.MessageProcessingModel == SnmpVersion.SNMPv3 && pdu.SecurityModel != SecurityModel.Usm &&
            !(_accepted.TryGetValue((pdu.SecurityModel, pdu.SecurityName), out var minimum) && pdu.SecurityLevel >= minimum))
        {
            Interlocked.Increment(ref _refused);
            Microsoft.Extensions.Logging.LoggerExtensions.LogDebug(logger, "Notification from a {SecurityModel} principal the receiver does not accept at {SecurityLevel}; dropped", pdu.SecurityModel, pdu.SecurityLevel);
            return;
        }

        receiver.ProcessPdu(pdu);
    }
}
