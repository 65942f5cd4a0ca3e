namespace Snmp;

/// <summary>How a <see cref="TrapReceiver"/> starts: where it listens, which communities it accepts, how much it queues.</summary>
public sealed record TrapReceiverOptions
{
    /// <summary>
    /// The addresses to listen on ("0.0.0.0:162", "127.0.0.1:0", "[::1]:162", ...), each with its
    /// own transport mapping; port 0 picks a free port (see <see cref="TrapReceiver.Endpoints"/>).
    /// </summary>
    public IReadOnlyList<string> ListenOn { get; init; } = ["0.0.0.0:162"];

    /// <summary>
    /// The communities whose notifications are accepted; any other is dropped and counted in
    /// snmpInBadCommunityNames (RFC 3584 5.2.1). More can be added with <see cref="TrapReceiver.AddCommunity"/>.
    /// </summary>
    public IReadOnlyList<string> Communities { get; init; } = [];

    /// <summary>
    /// The USM users whose SNMPv3 traps and informs are accepted (RFC 3414); the receiver learns
    /// each trap sender's engine (see <see cref="TrapReceiverUser"/>).
    /// </summary>
    public IReadOnlyList<TrapReceiverUser> Users { get; init; } = [];

    /// <summary>
    /// The principals of SNMPv3 security models other than USM (TSM over TLS or DTLS, a plug-in's)
    /// whose notifications are accepted, each from its minimum level up; a notification of such a
    /// model from anyone else is dropped and counted (<see cref="TrapReceiver.RefusedPrincipals"/>),
    /// and an inform is not answered. USM users are <see cref="Users"/>.
    /// </summary>
    public IReadOnlyList<TrapReceiverPrincipal> Principals { get; init; } = [];

    /// <summary>
    /// How many SNMPv3 trap sender engines (RFC 3414 2.3: each sender is the authoritative engine
    /// of its traps) the receiver keeps keys and clocks for: 1024 unless set. Each costs about
    /// 2.4 KB per user name (see <see cref="Snmp.Security.Usm.UsmTrapSenderUsers"/>).
    /// </summary>
    public int MaxLearnedEngines { get; init; } = Snmp.Security.Usm.UsmTrapSenderUsers.DefaultMaxLearnedEngines;

    /// <summary>
    /// When <see cref="MaxLearnedEngines"/> are known, a new sender takes the place of the least
    /// recently authenticated one only if that one has sent nothing that authenticated for this
    /// long (10 minutes unless set); otherwise the new sender is refused, so a flood of new engine
    /// IDs cannot push out a sender that is still talking.
    /// </summary>
    public TimeSpan LearnedEngineMinimumIdle { get; init; } = Snmp.Security.Usm.UsmTrapSenderUsers.DefaultMinimumIdleBeforeEviction;

    /// <summary>
    /// The receiver's snmpEngineID, the authoritative engine of the SNMPv3 informs it receives
    /// (RFC 3414 2.3); kept in <see cref="EngineBootsFile"/>, else generated, when null.
    /// </summary>
    public OctetString? EngineId { get; init; }

    /// <summary>Where snmpEngineBoots (and the engine ID) persist across restarts (RFC 3414 2.2.2); boots is 1 on every start when null.</summary>
    public string? EngineBootsFile { get; init; }

    /// <summary>Who the engine is: <see cref="EngineId"/> and <see cref="EngineBootsFile"/>, as every engine's options give them.</summary>
    internal Composition.EngineIdentity Identity => new(EngineId, EngineBootsFile);

    /// <summary>
    /// How many notifications may wait to be read; when the queue is full, new ones are dropped
    /// and counted (<see cref="TrapReceiver.DroppedNotifications"/>), and informs go unanswered.
    /// The default, 10,000, holds what arrives in the few tens of milliseconds a busy machine may
    /// take the reader off the CPU at tens of thousands of notifications per second (about 2-3 KB
    /// each, so tens of megabytes at worst); with 1,000 the load tool saw 1-4% counted drops on an
    /// overloaded two-core machine (benchmarks/README.md, "Notifications").
    /// </summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Your own modules (a transport, a security model); see <see cref="EngineOptions.Modules"/>.</summary>
    public IReadOnlyList<SnmpModule> Modules { get; init; } = [];

    /// <summary>
    /// The certificates and policy of RFC 6353's TLS and DTLS transports: when set, addresses
    /// "tls:host:port" / "tlstcp:" (TLS over TCP) and "dtls:host:port" / "dtlsudp:" (DTLS over UDP)
    /// are understood, with ports 10161 and 10162 by default. Null: no (D)TLS. Use them with the
    /// Transport Security Model (SecurityModel.Tsm). Checked when the engine is built.
    /// </summary>
    public Snmp.Transport.Tls.TlsTransportOptions? Tls { get; init; }
}
