namespace Snmp;

/// <summary>
/// A hosted <see cref="Agent"/> as configuration describes it (section "Snmp:Agent" unless told
/// otherwise): what <see cref="AgentOptions"/> holds, in configuration's types, plus the
/// communities, users, contexts and views the agent is given before it is handed to your code.
/// Checked when the host starts; an error names its configuration key.
/// </summary>
public sealed class AgentSettings
{
    /// <summary>The configuration section read unless another is given: "Snmp:Agent".</summary>
    public const string SectionName = "Snmp:Agent";

    /// <summary>
    /// The addresses to listen on ("127.0.0.1:161", "[::1]:1161", "udp6:[::1]:161",
    /// "tcp:0.0.0.0:161"; port 0 picks a free port, see <see cref="Agent.Endpoints"/>); the
    /// agent's default (127.0.0.1:161) when empty.
    /// </summary>
    public IList<string> ListenOn { get; } = new List<string>();

    /// <summary>snmpEngineID in hexadecimal ("0x" and ':' allowed, 5 to 32 octets); kept in <see cref="EngineBootsFile"/> or generated when null.</summary>
    public string? EngineId { get; set; }

    /// <summary>Where snmpEngineBoots and the engine ID persist across restarts (RFC 3414 2.2.2); its directory must be writable.</summary>
    public string? EngineBootsFile { get; set; }

    /// <summary>The largest message the agent sends (484 to 65507); the agent's default when null.</summary>
    public int? MaxMessageSize { get; set; }

    /// <summary>sysDescr.0; the agent's default when null.</summary>
    public string? SysDescr { get; set; }

    /// <summary>sysObjectID.0 as a dotted OID; the agent's default when null.</summary>
    public string? SysObjectId { get; set; }

    /// <summary>sysContact.0.</summary>
    public string? SysContact { get; set; }

    /// <summary>sysName.0; the machine name when null.</summary>
    public string? SysName { get; set; }

    /// <summary>sysLocation.0.</summary>
    public string? SysLocation { get; set; }

    /// <summary>Whether the agent serves its built-in objects (system and snmp groups, snmpEngine, the MPD and usmStats counters); true unless set.</summary>
    public bool BuiltInObjects { get; set; } = true;

    /// <summary>The initial snmpEnableAuthenTraps: whether failed authentication sends authenticationFailure to the notification targets.</summary>
    public bool EnableAuthenticationTraps { get; set; }

    /// <summary>Context names (SNMPv3 contextName) served besides the default context "" (<see cref="Agent.AddContext"/>).</summary>
    public IList<string> Contexts { get; } = new List<string>();

    /// <summary>VACM views by name, each the dotted OIDs of its included subtrees ("sys": ["1.3.6.1.2.1.1"]); "all" is always defined.</summary>
    public IDictionary<string, IList<string>> Views { get; } = new Dictionary<string, IList<string>>();

    /// <summary>The SNMPv1/v2c communities the agent answers (<see cref="Agent.AddCommunity"/>).</summary>
    public IList<AgentCommunitySettings> Communities { get; } = new List<AgentCommunitySettings>();

    /// <summary>The SNMPv3 USM users the agent answers (<see cref="Agent.AddUser"/>).</summary>
    public IList<AgentUserSettings> Users { get; } = new List<AgentUserSettings>();

    /// <summary>The security names the agent answers besides its users and communities (<see cref="Agent.AddSecurityName"/>): TSM names its clients' certificates map to, for example.</summary>
    public IList<AgentSecurityNameSettings> SecurityNames { get; } = new List<AgentSecurityNameSettings>();

    /// <summary>The certificates and policy of "tls:" and "dtls:" addresses (RFC 6353, <see cref="AgentOptions.Tls"/>); none when null.</summary>
    public TlsSettings? Tls { get; set; }

    /// <summary>Where the agent sends its notifications (coldStart, authenticationFailure, <see cref="Agent.SendNotificationAsync(ObjectIdentifier, IEnumerable{VarBind}?, bool, CancellationToken)"/>).</summary>
    public IList<NotificationTargetSettings> NotificationTargets { get; } = new List<NotificationTargetSettings>();

    /// <summary>The addresses and how many communities, users and targets there are: never a community or a password.</summary>
    public override string ToString() =>
        $"agent on [{string.Join(", ", ListenOn)}], {Communities.Count} communities, {Users.Count} users ({string.Join("; ", Users)}), {SecurityNames.Count} other security names, {NotificationTargets.Count} notification targets{(Tls is null ? "" : $", {Tls}")}";
}

/// <summary>An SNMPv1/v2c community an agent answers (the usual rocommunity / rwcommunity; RFC 3584 5.2.1).</summary>
public sealed class AgentCommunitySettings
{
    /// <summary>The community string, a shared secret: take it from a secret store in production.</summary>
    public string Name { get; set; } = "";

    /// <summary>The VACM view it reads (and writes when <see cref="Writable"/>): "all" unless set, or a view of <see cref="AgentSettings.Views"/>.</summary>
    public string View { get; set; } = Agent.AllView;

    /// <summary>Whether requests with this community may also write <see cref="View"/>.</summary>
    public bool Writable { get; set; }

    /// <summary>The context it reads: "" (the default context) unless set, or one of <see cref="AgentSettings.Contexts"/>.</summary>
    public string Context { get; set; } = "";

    /// <summary>The access it gives, never the community string.</summary>
    public override string ToString() =>
        $"community ({(Writable ? "read-write" : "read-only")} view {View}{(Context.Length > 0 ? $" in context {Context}" : "")})";
}

/// <summary>
/// Where an agent sends notifications (<see cref="NotificationTarget"/>: RFC 3413 section 4's
/// snmpTargetAddrTable, snmpTargetParamsTable, snmpNotifyTable and filter in one entry).
/// </summary>
public sealed class NotificationTargetSettings
{
    /// <summary>The notification receiver: "host", "host:port" or "[IPv6]:port" (port 162 when omitted).</summary>
    public string Address { get; set; } = "";

    /// <summary>SNMPv1, SNMPv2c or SNMPv3 (SNMPv2c unless set).</summary>
    public SnmpVersion Version { get; set; } = SnmpVersion.SNMPv2c;

    /// <summary>SNMPv1/v2c: the community ("public" unless set).</summary>
    public string Community { get; set; } = "public";

    /// <summary>SNMPv3: the security model by name or number ("Usm" unless set; "Tsm" for a "tls:" or "dtls:" target, RFC 5591).</summary>
    public string? SecurityModel { get; set; }

    /// <summary>SNMPv3: the USM user (or TSM securityName) the notifications are sent as.</summary>
    public string? UserName { get; set; }

    /// <summary>SNMPv3: the security level; the highest the user supports when null.</summary>
    public SecurityLevel? Level { get; set; }

    /// <summary>SNMPv3: the user's authentication protocol by name (as <see cref="UsmUserSettings.AuthProtocol"/>), when the user is not one of the agent's <see cref="AgentSettings.Users"/>.</summary>
    public string? AuthProtocol { get; set; }

    /// <summary>SNMPv3: its password.</summary>
    public string? AuthPassword { get; set; }

    /// <summary>SNMPv3: the user's privacy protocol by name (as <see cref="UsmUserSettings.PrivProtocol"/>).</summary>
    public string? PrivProtocol { get; set; }

    /// <summary>SNMPv3: its password.</summary>
    public string? PrivPassword { get; set; }

    /// <summary>Inform (acknowledged, retransmitted) rather than trap; SNMPv2c and SNMPv3 only.</summary>
    public bool Inform { get; set; }

    /// <summary>The snmpTrapOID subtrees (dotted OIDs) sent to this target; every notification when empty.</summary>
    public IList<string> Filter { get; } = new List<string>();

    /// <summary>The type, version, address and SNMPv3 user: never a password or the community.</summary>
    public override string ToString() =>
        $"{(Inform ? "inform" : "trap")} {Version} to {Address}{(Version == SnmpVersion.SNMPv3 ? $" as {UserName}" : "")}";
}
