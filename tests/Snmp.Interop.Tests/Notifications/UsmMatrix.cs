using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// One USM user of the interop matrix: an authentication and a privacy protocol as Net-SNMP names
/// them (its -a and -x arguments, its createUser lines) and as we do.
/// </summary>
internal sealed record UsmMatrixUser(string Name, string? NetSnmpAuth, AuthenticationProtocol? Auth, string? NetSnmpPriv, PrivacyProtocol? Priv)
{
    public SecurityLevel Level => Auth is null ? SecurityLevel.NoAuthNoPriv : Priv is null ? SecurityLevel.AuthNoPriv : SecurityLevel.AuthPriv;

    /// <summary>The level as Net-SNMP's -l argument.</summary>
    public string NetSnmpLevel => Level switch
    {
        SecurityLevel.NoAuthNoPriv => "noAuthNoPriv",
        SecurityLevel.AuthNoPriv => "authNoPriv",
        _ => "authPriv",
    };

    /// <summary>The security arguments of snmptrap / snmpinform -v 3.</summary>
    public string[] NetSnmpArguments(string authPassword, string privPassword)
    {
        var args = new List<string> { "-u", Name, "-l", NetSnmpLevel };
        if (NetSnmpAuth is not null)
        {
            args.AddRange(["-a", NetSnmpAuth, "-A", authPassword]);
        }

        if (NetSnmpPriv is not null)
        {
            args.AddRange(["-x", NetSnmpPriv, "-X", privPassword]);
        }

        return [.. args];
    }

    /// <summary>snmptrapd's createUser line, at <paramref name="engineIdHex"/> (createUser -e) or at its own engine when null.</summary>
    public string CreateUserLine(string? engineIdHex, string authPassword, string privPassword)
    {
        var line = engineIdHex is null ? $"createUser {Name}" : $"createUser -e 0x{engineIdHex} {Name}";
        if (NetSnmpAuth is not null)
        {
            line += $" {NetSnmpAuth} {authPassword}";
        }

        if (NetSnmpPriv is not null)
        {
            line += $" {NetSnmpPriv} {privPassword}";
        }

        return line;
    }

    /// <summary>snmptrapd's authUser line: the user's notifications are logged only at (at least) its level.</summary>
    public string AuthUserLine => $"authUser log,execute {Name} {Level switch { SecurityLevel.NoAuthNoPriv => "noauth", SecurityLevel.AuthNoPriv => "auth", _ => "priv" }}";

    /// <summary>Adds the user to our engine's USM.</summary>
    public void AddTo(Engine engine, string authPassword, string privPassword) =>
        engine.Usm.AddUser(Name, Auth, Auth is null ? null : authPassword, Priv, Priv is null ? null : privPassword);

    /// <summary>The user as our TrapReceiver is configured with it.</summary>
    public TrapReceiverUser ForReceiver(string authPassword, string privPassword) =>
        new(Name, Auth, Auth is null ? null : authPassword, Priv, Priv is null ? null : privPassword);

    public override string ToString() => Name;
}

/// <summary>
/// Every USM combination Debian's Net-SNMP supports (<see cref="NetSnmpProtocols"/>): noAuthNoPriv
/// once, then each authentication protocol without privacy and with each privacy protocol.
/// </summary>
internal static class UsmMatrix
{
    public static IReadOnlyList<UsmMatrixUser> Users { get; } = Build();

    private static UsmMatrixUser[] Build()
    {
        var users = new List<UsmMatrixUser> { new("none", null, null, null, null) };
        foreach (var (auth, ourAuth) in NetSnmpProtocols.Auths)
        {
            users.Add(new UsmMatrixUser(auth.ToLowerInvariant(), auth, ourAuth, null, null));
            foreach (var (priv, ourPriv) in NetSnmpProtocols.Privs)
            {
                users.Add(new UsmMatrixUser($"{auth}-{priv}".ToLowerInvariant(), auth, ourAuth, priv, ourPriv));
            }
        }

        return [.. users];
    }
}
