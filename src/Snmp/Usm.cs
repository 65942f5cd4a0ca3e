using System.Text;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp;

/// <summary>
/// The Engine's USM administration (<c>engine.Usm</c>): the security configurations of users,
/// organised in namespaces, that SNMPv3 Managers use.
/// </summary>
public sealed class Usm
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, UsmNamespace> _namespaces = new(StringComparer.Ordinal);

    internal Usm(UserBasedSecurityModel securityModel) => SecurityModel = securityModel;

    internal UserBasedSecurityModel SecurityModel { get; }

    /// <summary>
    /// Adds a user's security configuration, as the reference's <c>usm.addUser</c>: give the
    /// protocols the user supports and their passwords (<paramref name="secret"/> stands for both
    /// when they are the same). The user's default security level is the highest its
    /// configuration supports unless <paramref name="defaultSecurityLevel"/> says lower. The first
    /// user added to a namespace is its default user, unless another is added with
    /// <paramref name="default"/> set. Namespaces keep several configurations for one user name
    /// apart (one per group of agents sharing them); "" is the default namespace.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">
    /// The configuration cannot work: privacy without authentication, a protocol without a
    /// password, a password shorter than 8 characters (RFC 3414 section 11.2), a default level the
    /// user cannot do, the user name already in the namespace, or a second explicit default user.
    /// </exception>
    public void AddUser(
        string userName,
        AuthenticationProtocol? authProtocol = null,
        string? authSecret = null,
        PrivacyProtocol? privProtocol = null,
        string? privSecret = null,
        string? secret = null,
        bool @default = false,
        SecurityLevel? defaultSecurityLevel = null,
        string @namespace = "")
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        var credentials = CreateUser(userName, authProtocol, authSecret, privProtocol, privSecret, secret);
        var level = defaultSecurityLevel ?? credentials.MaxSecurityLevel;
        if (level > credentials.MaxSecurityLevel)
        {
            throw new SnmpConfigurationException($"User \"{userName}\" cannot use {level}: its configuration supports at most {credentials.MaxSecurityLevel}.");
        }

        lock (_lock)
        {
            if (!_namespaces.TryGetValue(@namespace, out var space))
            {
                space = new UsmNamespace(@namespace);
                _namespaces[@namespace] = space;
            }

            space.Add(new NamespaceUser(credentials, level), @default);
        }
    }

    /// <summary>
    /// Checks a user's configuration as the reference does (privacy needs authentication, a
    /// protocol needs a password of at least 8 characters, <paramref name="secret"/> stands in
    /// for a missing one) and returns its credentials.
    /// </summary>
    internal static UsmUser CreateUser(string userName, AuthenticationProtocol? authProtocol, string? authSecret,
        PrivacyProtocol? privProtocol, string? privSecret, string? secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        if (privProtocol is not null && authProtocol is null)
        {
            throw new SnmpConfigurationException($"User \"{userName}\": a privacy protocol needs an authentication protocol.");
        }

        authSecret ??= secret;
        privSecret ??= secret;
        if (authProtocol is not null)
        {
            CheckPassword(userName, "authentication", authSecret);
        }

        if (privProtocol is not null)
        {
            CheckPassword(userName, "privacy", privSecret);
        }

        try
        {
            return new UsmUser(new OctetString(userName), authProtocol,
                Encoding.UTF8.GetBytes(authSecret ?? ""), privProtocol, Encoding.UTF8.GetBytes(privSecret ?? ""));
        }
        catch (ArgumentException e)
        {
            throw new SnmpConfigurationException($"User \"{userName}\": {e.Message}");
        }
    }

    /// <summary>The user names in <paramref name="namespace"/>.</summary>
    public IReadOnlyList<string> Users(string @namespace = "")
    {
        lock (_lock)
        {
            return _namespaces.TryGetValue(@namespace, out var space) ? space.UserNames : [];
        }
    }

    /// <summary>
    /// Tells this engine an authoritative engine's snmpEngineBoots and snmpEngineTime (Net-SNMP's
    /// <c>-Z boots,time</c>), so that the first authenticated message to it falls in its time
    /// window (RFC 3414 section 3.2 step 7) without a round trip to learn them. The values count
    /// as learnt from an unauthenticated message (section 4): the engine's first authenticated
    /// answer replaces them, and they never replace values an authenticated message set.
    /// </summary>
    /// <param name="engineId">The authoritative engine's snmpEngineID (a Manager's <c>engineId</c>).</param>
    /// <param name="boots">Its snmpEngineBoots, 0 .. 2147483647.</param>
    /// <param name="time">Its snmpEngineTime in seconds, 0 .. 2147483647.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative value.</exception>
    public void SetEngineTime(OctetString engineId, int boots, int time)
    {
        ArgumentNullException.ThrowIfNull(engineId);
        ArgumentOutOfRangeException.ThrowIfNegative(boots);
        ArgumentOutOfRangeException.ThrowIfNegative(time);
        SecurityModel.SetEngineTime(engineId, boots, time);
    }

    internal UsmNamespace GetNamespace(string @namespace)
    {
        lock (_lock)
        {
            if (_namespaces.TryGetValue(@namespace, out var space))
            {
                return space;
            }
        }

        throw new SnmpConfigurationException(@namespace.Length == 0
            ? "No USM user has been added: call engine.Usm.AddUser(...) before creating an SNMPv3 Manager."
            : $"Unknown USM namespace \"{@namespace}\": no user has been added to it.");
    }

    private static void CheckPassword(string userName, string what, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new SnmpConfigurationException($"User \"{userName}\" needs an {what} password (or a shared secret).");
        }

        if (password.Length < 8)
        {
            throw new SnmpConfigurationException($"User \"{userName}\": the {what} password is shorter than the 8 characters USM requires (RFC 3414 section 11.2).");
        }
    }
}

/// <summary>A <see cref="UsmUser"/> in one namespace, with its default security level.</summary>
internal sealed record NamespaceUser(UsmUser User, SecurityLevel DefaultSecurityLevel)
{
    public string Name => User.UserName.ToText();

    /// <summary>The user as USM's originator side takes it: its credentials (localised per engine) and levels.</summary>
    public Snmp.AbstractServices.SecurityPrincipal Principal { get; } = new(User.UserName)
    {
        Credentials = User,
        DefaultSecurityLevel = DefaultSecurityLevel,
        MaxSecurityLevel = User.MaxSecurityLevel,
    };
}

/// <summary>The users of one namespace and its default user.</summary>
internal sealed class UsmNamespace(string name)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, NamespaceUser> _users = new(StringComparer.Ordinal);
    private NamespaceUser? _default;
    private bool _explicitDefault;

    public string Name => name;

    public IReadOnlyList<string> UserNames
    {
        get
        {
            lock (_lock)
            {
                return [.. _users.Keys];
            }
        }
    }

    public NamespaceUser DefaultUser
    {
        get
        {
            lock (_lock)
            {
                return _default ?? throw new SnmpConfigurationException($"USM namespace \"{name}\" has no users.");
            }
        }
    }

    public void Add(NamespaceUser user, bool isDefault)
    {
        lock (_lock)
        {
            if (_users.ContainsKey(user.Name))
            {
                throw new SnmpConfigurationException($"User \"{user.Name}\" is already in USM namespace \"{name}\"; use another namespace for a second configuration.");
            }

            if (isDefault && _explicitDefault)
            {
                throw new SnmpConfigurationException($"USM namespace \"{name}\" already has a default user (\"{_default!.Name}\").");
            }

            _users[user.Name] = user;
            if (_default is null || isDefault)
            {
                _default = user;
                _explicitDefault |= isDefault;
            }
        }
    }

    public NamespaceUser Find(string userName)
    {
        lock (_lock)
        {
            return _users.TryGetValue(userName, out var user)
                ? user
                : throw new SnmpConfigurationException($"Unknown USM user \"{userName}\" in namespace \"{name}\".");
        }
    }
}
