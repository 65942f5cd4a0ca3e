namespace Snmp;

/// <summary>
/// A USM user (RFC 3414 section 2.1, a usmUserTable row) as configuration gives it: its protocols by
/// name and its passwords from any configuration provider (user secrets, environment variables,
/// a vault). <see cref="ToString"/> never shows a password, and no message of this package does.
/// </summary>
public abstract class UsmUserSettings
{
    /// <summary>usmUserName: 1 to 32 octets (RFC 3411 SnmpAdminString).</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// The authentication protocol, by Net-SNMP's name ("MD5", "SHA", "SHA-224", "SHA-256",
    /// "SHA-384", "SHA-512"), this library's ("HmacSha256"), the RFC's ("HMAC-192-SHA-256",
    /// RFC 7860) or its OID; none when null or empty. Case and hyphens do not matter.
    /// </summary>
    public string? AuthProtocol { get; set; }

    /// <summary>The authentication password (at least 8 characters, RFC 3414 section 11.2); required with <see cref="AuthProtocol"/>.</summary>
    public string? AuthPassword { get; set; }

    /// <summary>
    /// The privacy protocol, by name ("DES", "3DES", "AES" or "AES-128", "AES-192", "AES-256" with
    /// the Blumenthal key extension, "AES-192C", "AES-256C" with the Reeder one, or this library's
    /// "Aes256Reeder", ...) or OID; none when null or empty. Needs an <see cref="AuthProtocol"/>.
    /// </summary>
    public string? PrivProtocol { get; set; }

    /// <summary>The privacy password (at least 8 characters); required with <see cref="PrivProtocol"/>.</summary>
    public string? PrivPassword { get; set; }

    /// <summary>The user name and protocol names, never the passwords.</summary>
    public override string ToString() =>
        $"{Name} ({(string.IsNullOrWhiteSpace(AuthProtocol) ? "noAuth" : AuthProtocol)}/{(string.IsNullOrWhiteSpace(PrivProtocol) ? "noPriv" : PrivProtocol)})";
}

/// <summary>
/// A user an <see cref="Agent"/> answers (<see cref="Agent.AddUser"/>): the USM user and the VACM
/// access it gets in every context.
/// </summary>
public sealed class AgentUserSettings : UsmUserSettings
{
    /// <summary>The lowest security level the user's requests may use; the highest its protocols allow when null.</summary>
    public SecurityLevel? Level { get; set; }

    /// <summary>The VACM view the user reads (and writes when <see cref="Writable"/>): "all" (the whole tree) unless set, or a view of <see cref="AgentSettings.Views"/>.</summary>
    public string View { get; set; } = Agent.AllView;

    /// <summary>Whether the user may also write <see cref="View"/>.</summary>
    public bool Writable { get; set; }

    /// <summary>The user name, protocol names, level and access, never the passwords.</summary>
    public override string ToString() =>
        $"{base.ToString()} {(Writable ? "read-write" : "read-only")} view {View}{(Level is { } level ? $" from {level}" : "")}";
}

/// <summary>A user the hosted <see cref="Engine"/>'s Managers and Notifiers send as (<see cref="Usm.AddUser"/>).</summary>
public sealed class EngineUserSettings : UsmUserSettings
{
    /// <summary>The user's default security level; the highest its protocols allow when null.</summary>
    public SecurityLevel? Level { get; set; }

    /// <summary>The USM namespace the user belongs to ("" unless set): Managers created with <c>@namespace:</c> use its users.</summary>
    public string Namespace { get; set; } = "";

    /// <summary>Whether the user is its namespace's default (otherwise the first user of the namespace is).</summary>
    public bool Default { get; set; }

    /// <summary>The user name, protocol names, namespace and level, never the passwords.</summary>
    public override string ToString() =>
        $"{base.ToString()}{(Namespace.Length > 0 ? $" in namespace {Namespace}" : "")}{(Default ? ", default" : "")}{(Level is { } level ? $", {level}" : "")}";
}

/// <summary>A user whose SNMPv3 notifications a hosted <see cref="TrapReceiver"/> accepts (<see cref="TrapReceiverUser"/>).</summary>
public sealed class TrapReceiverUserSettings : UsmUserSettings
{
    /// <summary>The one trap sender snmpEngineID (hexadecimal, "0x" and ':' allowed) this user is accepted from; any sender when null.</summary>
    public string? EngineId { get; set; }

    /// <summary>The user name, protocol names and engine, never the passwords.</summary>
    public override string ToString() => $"{base.ToString()}{(string.IsNullOrWhiteSpace(EngineId) ? "" : $" from engine {EngineId}")}";
}
