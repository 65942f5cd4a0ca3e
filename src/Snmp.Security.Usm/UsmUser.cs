using System.Security.Cryptography;
using Snmp.Messages;

namespace Snmp.Security.Usm;

/// <summary>
/// A USM user as the administrator gives it (the reference's "security configuration"): name,
/// protocols and the password-derived keys (Ku, RFC 3414 section 2.6); the passwords themselves
/// are not kept. Its row at one authoritative engine is a <see cref="UsmUserEntry"/>.
/// </summary>
public sealed class UsmUser
{
    private readonly byte[]? _authKey;
    private readonly byte[]? _privKey;

    /// <summary>Derives the keys from the passwords (1 MiB of hashing each; do this once per user).</summary>
    /// <exception cref="ArgumentException">Privacy without authentication, or a protocol without its password.</exception>
    public UsmUser(OctetString userName, AuthenticationProtocol? authProtocol, ReadOnlySpan<byte> authPassword, PrivacyProtocol? privProtocol, ReadOnlySpan<byte> privPassword)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (userName.Length > 32)
        {
            throw new ArgumentException("A USM user name is at most 32 octets (RFC 3414 section 2.4).", nameof(userName));
        }

        if (privProtocol is not null && authProtocol is null)
        {
            throw new ArgumentException("Privacy needs authentication: a user with a privacy protocol must have an authentication protocol (RFC 3414 section 3.1.1).", nameof(privProtocol));
        }

        UserName = userName;
        AuthProtocol = authProtocol;
        PrivProtocol = privProtocol;
        if (authProtocol is not null)
        {
            _authKey = authProtocol.PasswordToKey(authPassword.IsEmpty ? throw new ArgumentException($"User {userName} needs an authentication password.", nameof(authPassword)) : authPassword);
        }

        if (privProtocol is not null)
        {
            _privKey = authProtocol!.PasswordToKey(privPassword.IsEmpty ? throw new ArgumentException($"User {userName} needs a privacy password.", nameof(privPassword)) : privPassword);
        }
    }

    /// <summary>The user name (usmUserName / securityName).</summary>
    public OctetString UserName { get; }

    /// <summary>The authentication protocol, or null for noAuthNoPriv only.</summary>
    public AuthenticationProtocol? AuthProtocol { get; }

    /// <summary>The privacy protocol, or null.</summary>
    public PrivacyProtocol? PrivProtocol { get; }

    /// <summary>The highest security level this configuration supports.</summary>
    public SecurityLevel MaxSecurityLevel =>
        PrivProtocol is not null ? SecurityLevel.AuthPriv : AuthProtocol is not null ? SecurityLevel.AuthNoPriv : SecurityLevel.NoAuthNoPriv;

    /// <summary>The keys localised for one authoritative engine (RFC 3414 section 2.6).</summary>
    public UsmUserEntry Localize(OctetString engineId)
    {
        ArgumentNullException.ThrowIfNull(engineId);
        var authKey = AuthProtocol is null ? null : AuthProtocol.LocalizeKey(_authKey, engineId.Span);
        var privKey = PrivProtocol is null ? null : PrivProtocol.LocalizeKey(AuthProtocol!, _privKey, engineId.Span);
        return new UsmUserEntry(engineId, this, authKey, privKey);
    }

    /// <inheritdoc />
    public override string ToString() => $"{UserName} ({AuthProtocol?.Name ?? "noAuth"}/{PrivProtocol?.Name ?? "noPriv"})";
}

/// <summary>
/// usmUserEntry (RFC 3414 section 5): a <see cref="UsmUser"/>'s row of the usmUserTable at one
/// snmpEngineID, with the keys localised for that engine (Kul, section 2.6).
/// </summary>
public sealed class UsmUserEntry
{
    internal UsmUserEntry(OctetString engineId, UsmUser credentials, byte[]? authKey, byte[]? privKey)
    {
        EngineId = engineId;
        User = credentials;
        AuthKey = authKey;
        PrivKey = privKey;
        Mac = authKey is null ? null : new KeyedMacPool(credentials.AuthProtocol!, authKey);
        Cipher = privKey is null ? null : credentials.PrivProtocol!.CreateCipher(privKey);
    }

    /// <summary>This user's keyed HMAC instances (null without authentication).</summary>
    internal KeyedMacPool? Mac { get; }

    /// <summary>This user's keyed cipher instances (null without privacy).</summary>
    internal KeyedCipherPool? Cipher { get; }

    /// <summary>usmUserEngineID.</summary>
    public OctetString EngineId { get; }

    /// <summary>The user whose keys these are, localised.</summary>
    public UsmUser User { get; }

    internal byte[]? AuthKey { get; }

    internal byte[]? PrivKey { get; }

    /// <summary>True when both users have the same protocols and keys.</summary>
    public bool SameKeysAs(UsmUserEntry other) =>
        ReferenceEquals(User.AuthProtocol, other.User.AuthProtocol) &&
        ReferenceEquals(User.PrivProtocol, other.User.PrivProtocol) &&
        CryptographicOperations.FixedTimeEquals(AuthKey ?? [], other.AuthKey ?? []) &&
        CryptographicOperations.FixedTimeEquals(PrivKey ?? [], other.PrivKey ?? []);
}
