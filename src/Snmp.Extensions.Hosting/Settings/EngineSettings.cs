namespace Snmp;

/// <summary>
/// The hosted <see cref="Engine"/> (for pollers and notifiers) as configuration describes it
/// (section "Snmp:Engine" unless told otherwise): its defaults, identity and USM users.
/// Checked when the host starts; an error names its configuration key.
/// </summary>
public sealed class EngineSettings
{
    /// <summary>The configuration section read unless another is given: "Snmp:Engine".</summary>
    public const string SectionName = "Snmp:Engine";

    /// <summary>The version of Managers created without one (SNMPv3 unless set).</summary>
    public SnmpVersion DefaultVersion { get; set; } = SnmpVersion.SNMPv3;

    /// <summary>The community of SNMPv1/v2c Managers created without one (empty unless set); a shared secret.</summary>
    public string? DefaultCommunity { get; set; }

    /// <summary>The reference's autowait: whether the handle forms wait for the response (true unless set).</summary>
    public bool Autowait { get; set; } = true;

    /// <summary>No longer has any effect (as <see cref="EngineOptions.ContinueOnReceiveThread"/>): awaited requests continue on the engine's own answer threads.</summary>
    [Obsolete("Has no effect: awaited requests continue on the engine's own answer threads.")]
    public bool ContinueOnReceiveThread { get; set; }

    /// <summary>snmpEngineID in hexadecimal (the authoritative engine of the SNMPv3 traps it sends); kept in <see cref="EngineBootsFile"/> or generated when null.</summary>
    public string? EngineId { get; set; }

    /// <summary>Where snmpEngineBoots and the engine ID persist across restarts; its directory must be writable.</summary>
    public string? EngineBootsFile { get; set; }

    /// <summary>The USM users its SNMPv3 Managers and Notifiers send as (<see cref="Usm.AddUser"/>), in order: the first of a namespace is its default unless another says <see cref="EngineUserSettings.Default"/>.</summary>
    public IList<EngineUserSettings> Users { get; } = new List<EngineUserSettings>();

    /// <summary>The certificates and policy of Managers and Notifiers for "tls:" and "dtls:" addresses (RFC 6353, <see cref="EngineOptions.Tls"/>); none when null.</summary>
    public TlsSettings? Tls { get; set; }

    /// <summary>The default version and the users, never a password or the community.</summary>
    public override string ToString() => $"engine {DefaultVersion}, {Users.Count} users ({string.Join("; ", Users)}){(Tls is null ? "" : $", {Tls}")}";
}
