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

    /// <summary>
    /// A user known only by keys already localised for one engine (a usmUserTable row cloned or
    /// read back from a configuration file): no password-derived key, so it cannot be localised
    /// for another engine.
    /// </summary>
    internal UsmUser(OctetString userName, AuthenticationProtocol? authProtocol, PrivacyProtocol? privProtocol)
    {
        UserName = userName;
        AuthProtocol = authProtocol;
        PrivProtocol = privProtocol;
        LocalizedOnly = true;
    }

    /// <summary>True for a user known only by localised keys (see the internal constructor).</summary>
    internal bool LocalizedOnly { get; }

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
    /// <exception cref="InvalidOperationException">The user is known only by keys localised for one engine (a row made over SNMP).</exception>
    public UsmUserEntry Localize(OctetString engineId)
    {
        ArgumentNullException.ThrowIfNull(engineId);
        if (LocalizedOnly && (AuthProtocol is not null))
        {
            throw new InvalidOperationException($"User {UserName} is known only by keys localised for one engine; it has no password-derived key to localise for another.");
        }

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
        : this(engineId, credentials, authKey, privKey, StorageType.Permanent, RowStatus.Active, OctetString.Empty, cloned: false)
    {
    }

    private UsmUserEntry(OctetString engineId, UsmUser credentials, byte[]? authKey, byte[]? privKey, StorageType storageType, RowStatus status, OctetString @public, bool cloned)
    {
        Cloned = cloned;
        StorageType = storageType;
        Status = status;
        Public = @public;
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

    /// <summary>usmUserStorageType (RFC 2579 StorageType): permanent for rows the application adds, nonVolatile or volatile for rows made over SNMP.</summary>
    public StorageType StorageType { get; }

    /// <summary>usmUserStatus (RFC 2579 RowStatus): only an active row authenticates anyone (RFC 3414 3.2 step 4 finds no other).</summary>
    public RowStatus Status { get; }

    /// <summary>usmUserPublic: the value a key changer writes beside a key change and reads back to see whether it happened.</summary>
    public OctetString Public { get; }

    /// <summary>
    /// A row from keys already localised for <paramref name="engineId"/> (RFC 3414 section 2.6):
    /// what a configuration file keeps instead of passwords.
    /// </summary>
    /// <exception cref="ArgumentException">Privacy without authentication, a key missing for its protocol, or a key of the wrong length.</exception>
    public static UsmUserEntry FromLocalizedKeys(OctetString engineId, OctetString userName, AuthenticationProtocol? authProtocol, ReadOnlySpan<byte> authKey,
        PrivacyProtocol? privProtocol, ReadOnlySpan<byte> privKey, StorageType storageType = StorageType.NonVolatile, RowStatus status = RowStatus.Active)
    {
        ArgumentNullException.ThrowIfNull(engineId);
        ArgumentNullException.ThrowIfNull(userName);
        if (privProtocol is not null && authProtocol is null)
        {
            throw new ArgumentException("Privacy needs authentication (RFC 3414 section 3.1.1).", nameof(privProtocol));
        }

        if (authProtocol is not null && authKey.Length != authProtocol.DigestLength)
        {
            throw new ArgumentException($"A localised {authProtocol.Name} key is {authProtocol.DigestLength} octets, not {authKey.Length}.", nameof(authKey));
        }

        if (privProtocol is not null && privKey.Length != privProtocol.KeyLength)
        {
            throw new ArgumentException($"A localised {privProtocol.Name} key is {privProtocol.KeyLength} octets, not {privKey.Length}.", nameof(privKey));
        }

        return new UsmUserEntry(engineId, new UsmUser(userName, authProtocol, privProtocol), authProtocol is null ? null : authKey.ToArray(),
            privProtocol is null ? null : privKey.ToArray(), storageType, status, OctetString.Empty, cloned: false);
    }

    /// <summary>
    /// A copy of the localised keys (null where the user has no such protocol), for writing the
    /// row to a configuration file; never log them.
    /// </summary>
    public (byte[]? AuthKey, byte[]? PrivKey) ExportLocalizedKeys() => ((byte[]?)AuthKey?.Clone(), (byte[]?)PrivKey?.Clone());

    /// <summary>
    /// usmUserCloneFrom (RFC 3414 section 5): a new row (engine <paramref name="engineId"/>, name
    /// <paramref name="userName"/>) with this row's protocols and keys, which KeyChange then changes.
    /// </summary>
    public UsmUserEntry CloneAs(OctetString engineId, OctetString userName, StorageType storageType, RowStatus status, OctetString @public)
    {
        ArgumentNullException.ThrowIfNull(engineId);
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(@public);
        return new UsmUserEntry(engineId, new UsmUser(userName, User.AuthProtocol, User.PrivProtocol), AuthKey, PrivKey, storageType, status, @public, cloned: true);
    }

    /// <summary>This row with another storage type, status and usmUserPublic, keys and protocols unchanged.</summary>
    public UsmUserEntry With(StorageType storageType, RowStatus status, OctetString @public)
    {
        ArgumentNullException.ThrowIfNull(@public);
        return new UsmUserEntry(EngineId, User, AuthKey, PrivKey, storageType, status, @public, Cloned);
    }

    /// <summary>
    /// usmUserAuthProtocol or usmUserPrivProtocol set to usmNoAuthProtocol / usmNoPrivProtocol
    /// (the only change RFC 3414 section 5 allows once a row exists): this row without privacy,
    /// or without authentication and privacy.
    /// </summary>
    public UsmUserEntry WithoutProtocols(bool authentication, bool privacy)
    {
        var auth = authentication ? null : User.AuthProtocol;
        var priv = privacy || auth is null ? null : User.PrivProtocol;
        return new UsmUserEntry(EngineId, new UsmUser(User.UserName, auth, priv), auth is null ? null : AuthKey, priv is null ? null : PrivKey, StorageType, Status, Public, Cloned);
    }

    /// <summary>
    /// usmUserAuthKeyChange / usmUserPrivKeyChange (the KeyChange TC, RFC 3414 section 5): this
    /// row with its authentication (or privacy) key changed by <paramref name="keyChange"/>; the
    /// row itself when it has no such protocol (a successful no-op); null when the value's length
    /// is not twice the key's (wrongLength).
    /// </summary>
    public UsmUserEntry? WithKeyChange(bool privacy, ReadOnlySpan<byte> keyChange)
    {
        var oldKey = privacy ? PrivKey : AuthKey;
        if (oldKey is null)
        {
            return this;
        }

        var newKey = KeyChange.Apply(User.AuthProtocol!, oldKey, keyChange);
        if (newKey is null)
        {
            return null;
        }

        return new UsmUserEntry(EngineId, new UsmUser(User.UserName, User.AuthProtocol, User.PrivProtocol), privacy ? AuthKey : newKey, privacy ? newKey : PrivKey,
            StorageType, Status, Public, Cloned);
    }

    /// <summary>
    /// A row being created over SNMP before usmUserCloneFrom gave it keys: the protocols asked
    /// for and no keys, so it is not ready (<see cref="IsComplete"/> false) and authenticates no one.
    /// </summary>
    /// <exception cref="ArgumentException">Privacy without authentication.</exception>
    public static UsmUserEntry Pending(OctetString engineId, OctetString userName, AuthenticationProtocol? authProtocol, PrivacyProtocol? privProtocol, StorageType storageType, RowStatus status)
    {
        ArgumentNullException.ThrowIfNull(engineId);
        ArgumentNullException.ThrowIfNull(userName);
        if (privProtocol is not null && authProtocol is null)
        {
            throw new ArgumentException("Privacy needs authentication (RFC 3414 section 3.1.1).", nameof(privProtocol));
        }

        return new UsmUserEntry(engineId, new UsmUser(userName, authProtocol, privProtocol), null, null, storageType, status, OctetString.Empty, cloned: false);
    }

    /// <summary>This row with other protocols and no keys (a row being created, not yet cloned).</summary>
    /// <exception cref="ArgumentException">Privacy without authentication.</exception>
    public UsmUserEntry WithPendingProtocols(AuthenticationProtocol? authProtocol, PrivacyProtocol? privProtocol) =>
        Pending(EngineId, User.UserName, authProtocol, privProtocol, StorageType, Status).With(StorageType, Status, Public);

    /// <summary>usmUserCloneFrom has been acted on for this row (RFC 3414 section 5: only the first write clones).</summary>
    public bool Cloned { get; }

    /// <summary>Every protocol the row names has its key: the row can be made active.</summary>
    public bool IsComplete => (User.AuthProtocol is null || AuthKey is not null) && (User.PrivProtocol is null || PrivKey is not null);

    /// <summary>True when both users have the same protocols and keys.</summary>
    public bool SameKeysAs(UsmUserEntry other) =>
        ReferenceEquals(User.AuthProtocol, other.User.AuthProtocol) &&
        ReferenceEquals(User.PrivProtocol, other.User.PrivProtocol) &&
        CryptographicOperations.FixedTimeEquals(AuthKey ?? [], other.AuthKey ?? []) &&
        CryptographicOperations.FixedTimeEquals(PrivKey ?? [], other.PrivKey ?? []);
}
