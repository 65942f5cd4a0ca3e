using System.Net;
using Snmp.Conformance;

namespace Snmp.Conformance.Tests;

/// <summary>
/// Our own Agent on 127.0.0.1 and a free port, configured with everything the checks can use:
/// communities public (read), private (write) and restricted (the system group only), an
/// authPriv user and a noAuthNoPriv-only user, a table with a RowStatus column, and a Counter64.
/// </summary>
internal static class OwnAgent
{
    public const string Password = "conformance-pass-1";
    public static readonly ObjectIdentifier Entry = ObjectIdentifier.Parse("1.3.6.1.4.1.8072.9999.9999.1.1");
    public static readonly ObjectIdentifier Counter64Object = ObjectIdentifier.Parse("1.3.6.1.4.1.8072.9999.9999.4.0");

    public static Agent Start(string? bootsFile = null)
    {
        var agent = new Agent(new AgentOptions
        {
            ListenOn = ["127.0.0.1:0"],
            EngineBootsFile = bootsFile,
            SysDescr = "Snmp.Architecture agent under the conformance checker",
            SysContact = "ops@example.org",
            SysLocation = "loopback",
            SysName = "conformance",
        });
        agent.AddCommunity("public");
        agent.AddCommunity("private", writable: true);
        agent.AddView("system-only", "1.3.6.1.2.1.1");
        agent.AddCommunity("restricted", view: "system-only");
        agent.AddUser("check-priv", AuthenticationProtocol.HmacSha256, Password, PrivacyProtocol.Aes128, Password, writable: true);
        agent.AddUser("check-noauth");
        var table = agent.Mib.AddTable(Entry,
            new MibColumn(1, SnmpType.Integer32, MibAccess.NotAccessible),
            new MibColumn(2, SnmpType.OctetString, MibAccess.ReadCreate, new OctetString("")),
            MibColumn.RowStatus(3));
        for (uint i = 1; i <= 5; i++)
        {
            table.SetRow(new ObjectIdentifier(i), new Integer32((int)i), new OctetString($"row-{i}"), new Integer32(1));
        }

        agent.Mib.AddScalar(Counter64Object, new Counter64(1UL << 40));
        agent.Mib.AddScalar(ObjectIdentifier.Parse("1.3.6.1.4.1.8072.9999.9999.5.0"), new Integer32(5));
        return agent;
    }

    public static ConformanceTarget Target(IPEndPoint endpoint) => new()
    {
        Agent = endpoint,
        ReadCommunity = "public",
        WriteCommunity = "private",
        RestrictedCommunity = "restricted",
        RestrictedSubtree = ObjectIdentifier.Parse("1.3.6.1.2.1.1"),
        UserName = "check-priv",
        AuthProtocol = AuthenticationProtocol.HmacSha256,
        AuthPassphrase = Password,
        PrivProtocol = PrivacyProtocol.Aes128,
        PrivPassphrase = Password,
        NoAuthUser = "check-noauth",
        RowStatusColumn = Entry.Append(3),
    };
}
