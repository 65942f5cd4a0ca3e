using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Tool.Demo;

/// <summary>
/// What the demo agent serves beyond the built-in objects, under Net-SNMP's playpen arc
/// (NET-SNMP-MIB netSnmpPlaypen, 1.3.6.1.4.1.8072.9999.9999, meant for local experiments):
/// a writable table of <see cref="DefaultRows"/> rows with a RowStatus column, and two scalars.
/// And the communities and users it accepts.
/// </summary>
public static class DemoMib
{
    /// <summary>The demo subtree.</summary>
    public static readonly ObjectIdentifier Root = "1.3.6.1.4.1.8072.9999.9999";

    /// <summary>demoEntry: columns 2 demoName, 3 demoValue, 4 demoCounter, 5 demoRowStatus; index demoIndex (column 1).</summary>
    public static readonly ObjectIdentifier Entry = Root.Append(1, 1);

    /// <summary>demoMessage.0, a writable DisplayString.</summary>
    public static readonly ObjectIdentifier Message = Root.Append(2);

    /// <summary>demoRequests.0, a Counter32 computed on each read.</summary>
    public static readonly ObjectIdentifier Reads = Root.Append(3);

    /// <summary>How many rows the demo table starts with.</summary>
    public const int DefaultRows = 3000;

    /// <summary>Read-only community.</summary>
    public const string ReadCommunity = "public";

    /// <summary>Read-write community.</summary>
    public const string WriteCommunity = "private";

    /// <summary>The password of every demo user (authentication and privacy).</summary>
    public const string Password = "demo-pass-123";

    /// <summary>The demo users: name, authentication, privacy (null for none).</summary>
    public static IReadOnlyList<(string Name, AuthenticationProtocol? Auth, PrivacyProtocol? Priv)> Users { get; } =
    [
        ("demo-noauth", null, null),
        ("demo-auth", AuthenticationProtocol.HmacSha256, null),
        ("demo-priv", AuthenticationProtocol.HmacSha256, PrivacyProtocol.Aes128),
    ];

    /// <summary>Adds the demo communities, users and objects to <paramref name="agent"/>.</summary>
    public static MibTable Install(Agent agent, int rows = DefaultRows)
    {
        ArgumentNullException.ThrowIfNull(agent);
        agent.AddCommunity(ReadCommunity);
        agent.AddCommunity(WriteCommunity, writable: true);
        foreach (var (name, auth, priv) in Users)
        {
            agent.AddUser(name, auth, Password, priv, Password, writable: auth is not null);
        }

        var table = agent.Mib.AddTable(Entry,
            new MibColumn(1, SnmpType.Integer32, MibAccess.NotAccessible),
            new MibColumn(2, SnmpType.OctetString, MibAccess.ReadCreate, Validate: v => ((OctetString)v).Length <= 64 ? ErrorStatus.NoError : ErrorStatus.WrongLength),
            new MibColumn(3, SnmpType.Integer32, MibAccess.ReadCreate, new Integer32(0), v => ((Integer32)v).Value >= 0 ? ErrorStatus.NoError : ErrorStatus.WrongValue),
            new MibColumn(4, SnmpType.Counter32, MibAccess.ReadOnly, new Counter32(0)),
            MibColumn.RowStatus(5));
        for (int i = 1; i <= rows; i++)
        {
            table.SetRow(new ObjectIdentifier((uint)i), new Integer32(i), new OctetString($"row-{i}"), new Integer32(i * 10), new Counter32((uint)(i * 7)), new Integer32((int)RowStatus.Active));
        }

        agent.Mib.Register(new MibScalar(Message, new OctetString("hello from Snmp.Architecture"), writable: true));
        long reads = 0;
        agent.Mib.AddScalar(Reads, SnmpType.Counter32, () => new Counter32((uint)Interlocked.Increment(ref reads)));
        return table;
    }
}
