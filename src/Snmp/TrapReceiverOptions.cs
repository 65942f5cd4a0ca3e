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
    /// The receiver's snmpEngineID, the authoritative engine of the SNMPv3 informs it receives
    /// (RFC 3414 2.3); kept in <see cref="EngineBootsFile"/>, else generated, when null.
    /// </summary>
    public Smi.OctetString? EngineId { get; init; }

    /// <summary>Where snmpEngineBoots (and the engine ID) persist across restarts (RFC 3414 2.2.2); boots is 1 on every start when null.</summary>
    public string? EngineBootsFile { get; init; }

    /// <summary>
    /// How many notifications may wait to be read; when the queue is full, new ones are dropped
    /// and counted (<see cref="TrapReceiver.DroppedNotifications"/>), and informs go unanswered.
    /// </summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>Your own Autofac modules (a transport, a security model); see <see cref="EngineOptions.Modules"/>.</summary>
    public IReadOnlyList<Autofac.Core.IModule> Modules { get; init; } = [];
}
