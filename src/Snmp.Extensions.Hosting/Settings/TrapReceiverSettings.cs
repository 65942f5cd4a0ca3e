namespace Snmp;

/// <summary>
/// A hosted <see cref="TrapReceiver"/> as configuration describes it (section "Snmp:TrapReceiver"
/// unless told otherwise): what <see cref="TrapReceiverOptions"/> holds, in configuration's types.
/// Checked when the host starts; an error names its configuration key.
/// </summary>
public sealed class TrapReceiverSettings
{
    /// <summary>The configuration section read unless another is given: "Snmp:TrapReceiver".</summary>
    public const string SectionName = "Snmp:TrapReceiver";

    /// <summary>The addresses to listen on ("0.0.0.0:162", "127.0.0.1:0", "tcp:0.0.0.0:162"); the receiver's default (0.0.0.0:162) when empty.</summary>
    public IList<string> ListenOn { get; } = new List<string>();

    /// <summary>The communities whose SNMPv1/v2c notifications are accepted (shared secrets).</summary>
    public IList<string> Communities { get; } = new List<string>();

    /// <summary>The USM users whose SNMPv3 notifications are accepted.</summary>
    public IList<TrapReceiverUserSettings> Users { get; } = new List<TrapReceiverUserSettings>();

    /// <summary>The principals whose notifications are accepted besides the communities and users (<see cref="TrapReceiverOptions.Principals"/>): TSM names the senders' certificates map to, for example.</summary>
    public IList<TrapReceiverPrincipalSettings> Principals { get; } = new List<TrapReceiverPrincipalSettings>();

    /// <summary>The certificates and policy of "tls:" and "dtls:" addresses (RFC 6353, <see cref="TrapReceiverOptions.Tls"/>); none when null.</summary>
    public TlsSettings? Tls { get; set; }

    /// <summary>The receiver's snmpEngineID in hexadecimal (the authoritative engine of the informs it receives); kept in <see cref="EngineBootsFile"/> or generated when null.</summary>
    public string? EngineId { get; set; }

    /// <summary>Where snmpEngineBoots and the engine ID persist across restarts; its directory must be writable.</summary>
    public string? EngineBootsFile { get; set; }

    /// <summary>How many notifications may wait for the handler (<see cref="TrapReceiverOptions.QueueCapacity"/>); the receiver's default when null.</summary>
    public int? QueueCapacity { get; set; }

    /// <summary>How many SNMPv3 trap sender engines are remembered (<see cref="TrapReceiverOptions.MaxLearnedEngines"/>); the receiver's default when null.</summary>
    public int? MaxLearnedEngines { get; set; }

    /// <summary>The addresses and how many communities and users there are: never a community or a password.</summary>
    public override string ToString() =>
        $"trap receiver on [{string.Join(", ", ListenOn)}], {Communities.Count} communities, {Users.Count} users ({string.Join("; ", Users)}), {Principals.Count} other principals{(Tls is null ? "" : $", {Tls}")}";
}
