namespace Snmp.Simulator;

/// <summary>How a <see cref="DeviceSimulator"/> starts: its recordings, where it listens, who may ask.</summary>
public sealed record SimulatorOptions
{
    /// <summary>
    /// Directories of recordings, searched recursively: every <c>.snmprec</c>, <c>.snmpwalk</c>,
    /// <c>.walk</c> or <c>.sapwalk</c> file (or its <c>.gz</c>) is one device, named by its path under
    /// the directory without the extension, as snmpsim names it (see <see cref="DeviceSimulator"/>).
    /// </summary>
    public IReadOnlyList<string> DataDirectories { get; init; } = [];

    /// <summary>
    /// Single recording files, each one device named by its file name without the extension.
    /// </summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>
    /// Each recording served as this many devices, named "key#1" ... "key#N" (1: once, named
    /// "key"): many devices from a few recordings, sharing their data, for load tests.
    /// </summary>
    public int Replicas { get; init; } = 1;

    /// <summary>
    /// The addresses to listen on, in order (each its transport ID: the Nth is 1.3.6.1.6.1.1.N for
    /// UDP/IPv4). A port range ("127.0.0.1:20000-20999") is one address per port.
    /// </summary>
    public IReadOnlyList<string> ListenOn { get; init; } = ["127.0.0.1:1161"];

    /// <summary>
    /// One device per listening address: the Nth address serves the Nth device (in name order) to
    /// <see cref="Community"/>, instead of choosing the device by community.
    /// </summary>
    public bool PortPerDevice { get; init; }

    /// <summary>The community of every device with <see cref="PortPerDevice"/>.</summary>
    public string Community { get; init; } = "public";

    /// <summary>snmpEngineID of the simulator's SNMPv3 engine (generated when null).</summary>
    public OctetString? EngineId { get; init; }

    /// <summary>
    /// Each listening address an SNMPv3 engine of its own, as snmpsim gives each agent its own: the
    /// Nth address's snmpEngineID is the first 28 octets of <see cref="EngineId"/> and N as 4
    /// octets (<see cref="DeviceSimulator.EngineIdAt"/>), with <see cref="Users"/> localised to it and
    /// its own snmpEngineBoots and snmpEngineTime, made when the address is first asked. With
    /// <see cref="PortPerDevice"/> each device is its own engine, and the empty context names it.
    /// </summary>
    public bool EngineIdPerAddress { get; init; }

    /// <summary>SNMPv3 users that may read (and with <see cref="Writable"/> write) every device, by its context name.</summary>
    public IReadOnlyList<SimulatorUser> Users { get; init; } = [];

    /// <summary>sysUpTime counts from the simulator's start and counters advance at their recorded average rate (value / recorded sysUpTime), wrapping at 2^32 or 2^64.</summary>
    public bool Live { get; init; }

    /// <summary>Every object may be set (kept in memory per device); otherwise only records with snmpsim's writecache variation.</summary>
    public bool Writable { get; init; }

    /// <summary>How every device misbehaves (timeouts, tooBig, genErr, delays); null: not at all.</summary>
    public DeviceBehaviour? Behaviour { get; init; }

    /// <summary>How single devices misbehave, by device name (over <see cref="Behaviour"/>).</summary>
    public IReadOnlyDictionary<string, DeviceBehaviour> DeviceBehaviours { get; init; } = new Dictionary<string, DeviceBehaviour>();

    /// <summary>The largest message the simulator sends (see AgentOptions.MaxMessageSize).</summary>
    public int MaxMessageSize { get; init; } = Snmp.AbstractServices.MessageSize.Default;

    /// <summary>
    /// How many threads receive (and answer) on each listening address, so that one address is
    /// served on several cores; null: the processor count divided by the number of addresses, at
    /// least 1. With more than 64 addresses (one device per port) no address has a thread of its
    /// own: each waits for its next datagram without a thread or buffer, and the thread pool
    /// answers them all, on every core.
    /// </summary>
    public int? ReceiveThreads { get; init; }

    /// <summary>The clock sysUpTime, moving values and delays follow (tests pass a fake one); the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; init; }
}

/// <summary>An SNMPv3 user of the simulator (RFC 3414 usmUserTable): protocols and pass phrases.</summary>
/// <param name="Name">The user name.</param>
/// <param name="AuthProtocol">Authentication, or null for noAuthNoPriv.</param>
/// <param name="AuthPassword">The authentication pass phrase.</param>
/// <param name="PrivProtocol">Privacy, or null.</param>
/// <param name="PrivPassword">The privacy pass phrase.</param>
public sealed record SimulatorUser(string Name, AuthenticationProtocol? AuthProtocol = null, string? AuthPassword = null, PrivacyProtocol? PrivProtocol = null, string? PrivPassword = null);
