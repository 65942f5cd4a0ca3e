
namespace Snmp;

/// <summary>How an <see cref="Agent"/> starts: where it listens, who it is, what its system group says.</summary>
public sealed record AgentOptions
{
    /// <summary>
    /// The addresses to listen on ("127.0.0.1:161", "[::1]:1161", "0.0.0.0:161", "udp6:[::1]:161",
    /// or an address of a plug-in transport), any number of each domain: each gets its own
    /// transport mapping, and requests are answered from the address they arrived at. Port 0
    /// picks a free port (see <see cref="Agent.Endpoints"/>).
    /// </summary>
    public IReadOnlyList<string> ListenOn { get; init; } = ["127.0.0.1:161"];

    /// <summary>snmpEngineID; kept in <see cref="EngineBootsFile"/> or generated (RFC 3411 format) when null.</summary>
    public OctetString? EngineId { get; init; }

    /// <summary>
    /// Where snmpEngineBoots (and the engine ID) persist across restarts, as RFC 3414 2.2.2
    /// requires of an authoritative engine. Null keeps them in memory: boots 1 on every start,
    /// which SNMPv3 managers that cached an earlier run will see as a replay.
    /// </summary>
    public string? EngineBootsFile { get; init; }

    /// <summary>
    /// Where the rows of storage type nonVolatile (RFC 2579) that managers create over SNMP in
    /// the configuration MIBs (usmUserTable with localised keys, never passwords; VACM's tables;
    /// SNMP-TARGET-MIB, SNMP-NOTIFICATION-MIB, snmpCommunityTable) persist across restarts: read
    /// back when the agent starts, rewritten atomically after every change. Null: beside
    /// <see cref="EngineBootsFile"/> (its path + ".config") when that is set, else nowhere (such
    /// rows then last as long as the agent). A damaged file stops the agent's start with an
    /// <see cref="SnmpConfigurationException"/> naming it. Rows the application adds (AddUser,
    /// AddCommunity, ...) are permanent and not written: the application adds them at every start.
    /// </summary>
    public string? ConfigurationFile { get; init; }

    /// <summary>Who the engine is: <see cref="EngineId"/> and <see cref="EngineBootsFile"/>, as every engine's options give them.</summary>
    internal Composition.EngineIdentity Identity => new(EngineId, EngineBootsFile);

    /// <summary>
    /// The largest message the agent sends (snmpEngineMaxMessageSize): responses that would be
    /// larger are cut (GetBulk) or tooBig. At least 484 (RFC 1157 4.1, RFC 3417 3.1); SNMPv3
    /// requests may lower it further with msgMaxSize.
    /// </summary>
    public int MaxMessageSize { get; init; } = Snmp.AbstractServices.MessageSize.Default;

    /// <summary>sysDescr.0.</summary>
    public string SysDescr { get; init; } = "Snmp.Architecture agent (.NET)";

    /// <summary>sysObjectID.0.</summary>
    public ObjectIdentifier SysObjectId { get; init; } = new(1, 3, 6, 1, 4, 1, 0);

    /// <summary>sysContact.0 (writable).</summary>
    public string SysContact { get; init; } = "";

    /// <summary>sysName.0 (writable); the machine name when null.</summary>
    public string? SysName { get; init; }

    /// <summary>sysLocation.0 (writable).</summary>
    public string SysLocation { get; init; } = "";

    /// <summary>
    /// Serve the SNMPv2-MIB system and snmp groups, the snmpEngine group, snmpMPDStats, usmStats,
    /// the SNMP-TARGET-MIB context counters, and the configuration MIBs (usmUserTable, VACM's
    /// tables, SNMP-TARGET-MIB, SNMP-NOTIFICATION-MIB, snmpCommunityTable) from the agent's live
    /// tables, writable as their RFCs say (and kept in <see cref="ConfigurationFile"/>).
    /// </summary>
    public bool BuiltInObjects { get; init; } = true;

    /// <summary>
    /// Where the agent sends notifications (RFC 3413 section 4: SNMP-TARGET-MIB and
    /// SNMP-NOTIFICATION-MIB): coldStart once it listens, authenticationFailure, and
    /// <see cref="Agent.SendNotificationAsync(ObjectIdentifier, IEnumerable{VarBind}?, bool, CancellationToken)"/>. More can be added with <see cref="Agent.AddNotificationTarget"/>.
    /// </summary>
    public IReadOnlyList<NotificationTarget> NotificationTargets { get; init; } = [];

    /// <summary>
    /// The initial snmpEnableAuthenTraps (RFC 3418; writable, 1.3.6.1.2.1.11.30.0): whether a
    /// request failing authentication sends authenticationFailure to the targets. Off by default.
    /// </summary>
    public bool EnableAuthenticationTraps { get; init; }

    /// <summary>
    /// Your own modules, registered after the library's (a transport, a security model); see
    /// <see cref="EngineOptions.Modules"/>.
    /// </summary>
    public IReadOnlyList<SnmpModule> Modules { get; init; } = [];

    /// <summary>
    /// The MIB modules that resolve symbolic names given to <see cref="Agent.Resolve"/>,
    /// <c>Agent.SendNotificationAsync</c> and the registrations of <see cref="Agent.Mib"/> and
    /// every context's tree (<see cref="Snmp.MibTree.Mibs"/>), for example a <c>MibModuleSet</c>
    /// of Snmp.Smi.Modules, which also checks those registrations against the MIB. Null: dotted OIDs only.
    /// </summary>
    public IObjectNameResolver? Mibs { get; init; }

    /// <summary>
    /// The certificates and policy of RFC 6353's TLS and DTLS transports: when set, addresses
    /// "tls:host:port" / "tlstcp:" (TLS over TCP) and "dtls:host:port" / "dtlsudp:" (DTLS over UDP)
    /// are understood, with ports 10161 and 10162 by default. Null: no (D)TLS. Use them with the
    /// Transport Security Model (SecurityModel.Tsm). Checked when the engine is built.
    /// </summary>
    public Snmp.Transport.Tls.TlsTransportOptions? Tls { get; init; }

    /// <summary>
    /// Makes the agent an AgentX master (RFC 2741) for subagents such as Net-SNMP's
    /// <c>snmpd -X</c>: the address they connect to, in Net-SNMP's <c>agentXSocket</c> syntax (a
    /// Unix socket path, <c>unix:PATH</c> or <c>tcp:HOST:PORT</c>). What they register is served
    /// beside the agent's own objects, in the contexts the agent has (<see cref="Agent.AddContext"/>);
    /// a region overlapping one of the agent's own objects is refused. Null (the default): no AgentX.
    /// </summary>
    public string? AgentXAddress { get; init; }

    /// <summary>How long a subagent may take to answer when its session and registration do not say (default 5 s); see <see cref="Snmp.AgentX.AgentXMasterOptions.DefaultTimeout"/>.</summary>
    public TimeSpan AgentXTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
