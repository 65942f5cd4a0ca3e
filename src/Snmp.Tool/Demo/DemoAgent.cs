using System.Globalization;

namespace Snmp.Tool.Demo;

/// <summary>
/// The demo agent of <c>snmp agent</c> and of samples/Snmp.DemoAgent: an <see cref="Snmp.Agent"/>
/// serving the system group, the engine's counters and <see cref="DemoMib"/> over SNMPv1, v2c and
/// v3, optionally sending coldStart to a trap target. One place builds it, so the tool and the
/// sample serve the same agent.
/// </summary>
public static class DemoAgent
{
    /// <summary>
    /// Starts the demo agent on <paramref name="listenOn"/> (e.g. "127.0.0.1:1161") with
    /// <paramref name="rows"/> rows in demoTable. <paramref name="trapTo"/> adds a notification target
    /// (SNMPv2c community public, or with <paramref name="trapV3"/> SNMPv3 authPriv as demo-priv, the
    /// agent its authoritative engine). The caller disposes the agent.
    /// </summary>
    public static Snmp.Agent Start(IReadOnlyList<string> listenOn, int rows = DemoMib.DefaultRows, string? bootsFile = null, string? trapTo = null, bool trapV3 = false)
    {
        ArgumentNullException.ThrowIfNull(listenOn);
        var agent = new Snmp.Agent(new AgentOptions
        {
            ListenOn = listenOn,
            EngineBootsFile = bootsFile,
            SysDescr = "Snmp.Architecture demo agent",
            SysContact = "ops@example.org",
            SysLocation = "loopback",
            NotificationTargets = trapTo is null ? []
                : trapV3 ? [new NotificationTarget(trapTo)
                {
                    // The user is given here: coldStart goes out before DemoMib.Install adds demo-priv.
                    Version = SnmpVersion.SNMPv3, UserName = "demo-priv", SecurityLevel = SecurityLevel.AuthPriv,
                    AuthProtocol = AuthenticationProtocol.HmacSha256, AuthPassword = DemoMib.Password,
                    PrivProtocol = PrivacyProtocol.Aes128, PrivPassword = DemoMib.Password,
                }]
                : [new NotificationTarget(trapTo) { Version = SnmpVersion.SNMPv2c, Community = "public" }],
        });
        try
        {
            DemoMib.Install(agent, rows);
            return agent;
        }
        catch
        {
            agent.Dispose();
            throw;
        }
    }

    /// <summary>Writes what the agent serves and Net-SNMP commands to try against it.</summary>
    public static void WriteBanner(Snmp.Agent agent, TextWriter output, int rows, string? trapTo = null, bool trapV3 = false)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(output);
        var endpoint = agent.Endpoints[0];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Demo agent {agent.LocalEngine.EngineId.ToHex()} (boots {agent.LocalEngine.Boots}) listening on udp:{endpoint}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rows} rows in demoTable {DemoMib.Entry}; communities \"{DemoMib.ReadCommunity}\" (read) and \"{DemoMib.WriteCommunity}\" (write);"));
        output.WriteLine($"  SNMPv3 users demo-noauth, demo-auth (SHA-256), demo-priv (SHA-256 + AES), password \"{DemoMib.Password}\".");
        if (trapTo is not null && trapV3)
        {
            output.WriteLine($"  SNMPv3 traps to {trapTo}; snmptrapd.conf: createUser -e 0x{agent.LocalEngine.EngineId.ToHex()} demo-priv SHA-256 {DemoMib.Password} AES {DemoMib.Password}");
        }

        output.WriteLine("Try:");
        output.WriteLine($"  snmp get -v2c -c public {endpoint} 1.3.6.1.2.1.1.1.0          (or snmpget, same flags)");
        output.WriteLine($"  snmp walk -v1 -c public {endpoint} 1.3.6.1.2.1.1");
        output.WriteLine($"  snmp bulkwalk -v3 -l authPriv -u demo-priv -a SHA-256 -A {DemoMib.Password} -x AES -X {DemoMib.Password} {endpoint} {DemoMib.Root}");
        output.WriteLine($"  snmp set -v2c -c private {endpoint} {DemoMib.Message}.0 s \"hi\"");
        output.WriteLine($"  snmptable -v2c -c public -Ci -M samples/Snmp.DemoAgent -m SNMP-ARCHITECTURE-DEMO-MIB {endpoint} demoTable");
    }
}
