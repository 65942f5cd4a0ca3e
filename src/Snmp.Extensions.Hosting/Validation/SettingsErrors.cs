using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Snmp.AbstractServices;

namespace Snmp.Hosting;

/// <summary>
/// The problems found in one settings object, each prefixed with the configuration key it is at
/// ("Snmp:Agent:Users:0:AuthPassword: ..."). Messages name keys and say what is wrong; they never
/// repeat a password, a community or a protocol name (which may be a misplaced password).
/// </summary>
internal sealed class SettingsErrors(string section)
{
    private readonly List<string> _failures = [];

    /// <summary>The key of <paramref name="parts"/> under the section: Key("Users", 0, "AuthPassword").</summary>
    internal string Key(params object[] parts) =>
        string.Join(':', new[] { section }.Concat(parts.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)!)));

    /// <summary>How many problems have been recorded so far.</summary>
    internal int Count => _failures.Count;

    /// <summary>Records that the value at <paramref name="key"/> is wrong.</summary>
    internal void Add(string key, string message) => _failures.Add($"{key}: {message}");

    /// <summary>Records <paramref name="message"/> at <paramref name="key"/> when it is not null.</summary>
    internal void AddIf(string key, string? message)
    {
        if (message is not null)
        {
            Add(key, message);
        }
    }

    /// <summary>Success, or every failure.</summary>
    internal ValidateOptionsResult Result() => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    /// <summary>Checks a listening or remote address.</summary>
    internal void Address(string key, string? address, SnmpEntityRole role, bool forListening, bool tlsConfigured = false) =>
        AddIf(key, AddressCheck.Problem(address, role, forListening, tlsConfigured));

    /// <summary>Checks a Tls section, when there is one, reading its certificate files as the engine will.</summary>
    internal void Tls(TlsSettings? settings)
    {
        if (settings is not null)
        {
            TlsSettingsReader.Dispose(TlsSettingsReader.Read(settings, this, ["Tls"]));
        }
    }

    /// <summary>Checks a security model name or number and a securityName.</summary>
    internal void SecurityPrincipal(object[] at, string? securityModel, string? name)
    {
        if (ConfigurationText.SecurityModel(securityModel) is null)
        {
            Add(Key([.. at, "SecurityModel"]), "not a security model; use Tsm, Usm, SNMPv1, SNMPv2c or a plug-in model's number");
        }

        if (Encoding.UTF8.GetByteCount(name ?? "") is < 1 or > 32)
        {
            Add(Key([.. at, "Name"]), "a securityName is 1 to 32 octets (RFC 3411 SnmpAdminString)");
        }
    }

    /// <summary>Checks an snmpEngineID in hexadecimal.</summary>
    internal void EngineId(string key, string? text) => AddIf(key, ConfigurationText.EngineIdProblem(text));

    /// <summary>Checks an engine boots file path, when one is given.</summary>
    internal void BootsFile(string key, string? path)
    {
        if (path is not null)
        {
            AddIf(key, path.Trim().Length == 0 ? "a path is required (or leave the key out)" : BootsFileCheck.Problem(path));
        }
    }

    /// <summary>Checks a value of an enumeration that configuration may have given as an out-of-range number.</summary>
    internal void Defined<TEnum>(string key, TEnum? value)
        where TEnum : struct, Enum
    {
        if (value is { } v && !Enum.IsDefined(v))
        {
            Add(key, $"not one of {string.Join(", ", Enum.GetNames<TEnum>())}");
        }
    }

    /// <summary>
    /// Checks a USM user's name, protocols and passwords as <c>Usm.AddUser</c> would (RFC 3414:
    /// privacy needs authentication, a password of at least 8 characters per protocol), and
    /// returns the highest level it supports, or null when it has a problem.
    /// </summary>
    internal SecurityLevel? UsmUser(object[] at, string? name, string? authProtocol, string? authPassword, string? privProtocol, string? privPassword,
        bool nameRequired = true)
    {
        int before = _failures.Count;
        if (nameRequired || name is not null)
        {
            int octets = Encoding.UTF8.GetByteCount(name ?? "");
            if (octets is < 1 or > 32)
            {
                Add(Key([.. at, "Name"]), "a user name is 1 to 32 octets (RFC 3411 SnmpAdminString)");
            }
        }

        bool authKnown = ProtocolNames.TryAuthentication(authProtocol, out var auth);
        if (!authKnown)
        {
            Add(Key([.. at, "AuthProtocol"]), $"unknown authentication protocol; use one of {ProtocolNames.AuthenticationChoices}");
        }

        bool privKnown = ProtocolNames.TryPrivacy(privProtocol, out var priv);
        if (!privKnown)
        {
            Add(Key([.. at, "PrivProtocol"]), $"unknown privacy protocol; use one of {ProtocolNames.PrivacyChoices}");
        }

        if (authKnown && auth is null && !ProtocolNames.IsNone(privProtocol))
        {
            Add(Key([.. at, "PrivProtocol"]), "a privacy protocol needs an authentication protocol (AuthProtocol)");
        }

        if (!ProtocolNames.IsNone(authProtocol))
        {
            Password(Key([.. at, "AuthPassword"]), authPassword, "AuthProtocol");
        }

        if (!ProtocolNames.IsNone(privProtocol))
        {
            Password(Key([.. at, "PrivPassword"]), privPassword, "PrivProtocol");
        }

        if (_failures.Count != before)
        {
            return null;
        }

        return priv is not null ? SecurityLevel.AuthPriv : auth is not null ? SecurityLevel.AuthNoPriv : SecurityLevel.NoAuthNoPriv;
    }

    /// <summary>Checks a level against what the user's protocols allow.</summary>
    internal void Level(string key, SecurityLevel? level, SecurityLevel? highest)
    {
        Defined(key, level);
        if (level is { } wanted && Enum.IsDefined(wanted) && highest is { } most && wanted > most)
        {
            Add(key, $"{wanted} is above what the user's protocols allow ({most})");
        }
    }

    private void Password(string key, string? password, string protocolKey)
    {
        if (string.IsNullOrEmpty(password))
        {
            Add(key, $"a password is required when {protocolKey} is set (give it through user secrets, an environment variable or another configuration provider)");
        }
        else if (password.Length < 8)
        {
            Add(key, "the password is shorter than 8 characters (RFC 3414 section 11.2)");
        }
    }
}
