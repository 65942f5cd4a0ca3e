using Snmp.Interop.Tests.NetSnmp;
using Snmp.Interop.Tests.Notifications;

namespace Snmp.Interop.Tests.Configuration;

/// <summary>
/// SNMP-TARGET-MIB and SNMP-NOTIFICATION-MIB (RFC 3413 sections 4 and 6) written with Net-SNMP's
/// snmpset: a target address, its parameters and a notify row made over SNMP make the agent's
/// next notification reach Net-SNMP's snmptrapd; a filter profile made the same way lets through
/// only what it includes; destroying the notify row stops the notifications; snmptable prints
/// the rows with Net-SNMP's own MIB rendering.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpTargetConfigurationTests
{
    private const string Addr = "1.3.6.1.6.3.12.1.2.1";
    private const string Params = "1.3.6.1.6.3.12.1.3.1";
    private const string Notify = "1.3.6.1.6.3.13.1.1.1";
    private const string Profile = "1.3.6.1.6.3.13.1.2.1";
    private const string Filter = "1.3.6.1.6.3.13.1.3.1";

    /// <summary>An IMPLIED SnmpAdminString index: its octets, no length.</summary>
    private static string Implied(string name) => string.Join('.', name.Select(c => (int)c));

    private static async Task Set(string peer, params string[] varBinds)
    {
        var result = await NetSnmpTools.RunAsync("snmpset", ["-v2c", "-c", "private", "-t", "2", "-r", "1", peer, .. varBinds]);
        Assert.That(result.ExitCode, Is.Zero, $"snmpset {string.Join(' ', varBinds)}: {result.StandardError}{result.StandardOutput}");
    }

    [Test]
    public async Task A_target_made_with_snmpset_receives_the_next_trap_and_filters_apply()
    {
        await using var trapd = await SnmptrapdFixture.StartAsync();
        await using var agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        agent.AddCommunity("private", writable: true);
        string peer = $"udp:127.0.0.1:{agent.Endpoints[0].Port}";
        ObjectIdentifier allowed = "1.3.6.1.4.1.99999.0.70", other = "1.3.6.1.4.1.99999.0.71";

        Assert.That(await agent.SendNotificationAsync(allowed), Is.Zero, "no targets yet");

        string address = $"7F000001{trapd.Port:X4}";
        await Set(peer,
            $"{Params}.2.{Implied("p1")}", "i", "1",       // snmpTargetParamsMPModel: SNMPv2c
            $"{Params}.3.{Implied("p1")}", "i", "2",       // snmpTargetParamsSecurityModel: SNMPv2c
            $"{Params}.4.{Implied("p1")}", "s", "public",  // snmpTargetParamsSecurityName: the community
            $"{Params}.5.{Implied("p1")}", "i", "1",       // noAuthNoPriv
            $"{Params}.7.{Implied("p1")}", "i", "4");      // createAndGo
        await Set(peer,
            $"{Addr}.2.{Implied("t1")}", "o", "1.3.6.1.6.1.1", // snmpUDPDomain
            $"{Addr}.3.{Implied("t1")}", "x", address,
            $"{Addr}.6.{Implied("t1")}", "s", "ops nightly",
            $"{Addr}.7.{Implied("t1")}", "s", "p1",
            $"{Addr}.9.{Implied("t1")}", "i", "4");
        await Set(peer,
            $"{Notify}.2.{Implied("n1")}", "s", "nightly",
            $"{Notify}.3.{Implied("n1")}", "i", "1", // trap
            $"{Notify}.5.{Implied("n1")}", "i", "4");

        Assert.That(await agent.SendNotificationAsync(allowed, [new VarBind("1.3.6.1.4.1.99999.1.70.0", new OctetString("made over SNMP"))], throwOnFailure: true), Is.EqualTo(1));
        var entry = await trapd.WaitForEntryAsync($"OID: .{allowed}\t");
        Assert.That(entry, Does.Contain("made over SNMP").And.Contain($"]:{agent.Endpoints[0].Port}->"));

        // A filter profile for p1 including only "allowed" (RFC 3413 section 6).
        await Set(peer,
            $"{Profile}.1.{Implied("p1")}", "s", "f1",
            $"{Profile}.3.{Implied("p1")}", "i", "4");
        string family = $"2.{(int)'f'}.{(int)'1'}.{allowed}";
        await Set(peer,
            $"{Filter}.3.{family}", "i", "1", // included
            $"{Filter}.5.{family}", "i", "4");
        Assert.That(await agent.SendNotificationAsync(other), Is.Zero, "not in the profile's included families");
        Assert.That(await agent.SendNotificationAsync(allowed, throwOnFailure: true), Is.EqualTo(1));

        var table = await NetSnmpTools.RunAsync("snmptable", TimeSpan.FromSeconds(30), outputOptions: false,
            ["-v2c", "-c", "private", "-M", MibModules.MibValueRenderingTests.FindIetf(), "-m", "SNMP-TARGET-MIB", "-Ci", "-Cf", "|", "-CH", peer, "snmpTargetAddrTable"]);
        // TDomain and TAddress as Net-SNMP prints them without SNMPv2-TM loaded: the OID and the octets.
        string octets = $"7F 00 00 01 {trapd.Port >> 8:X2} {trapd.Port & 0xFF:X2} ";
        Assert.That(table.StandardOutput, Does.Contain($"'t1'|SNMPv2-SMI::snmpDomains.1|\"{octets}\"|1500|3|ops nightly|p1|nonVolatile|active"), table.StandardOutput + table.StandardError);

        foreach (var (module, name, row) in new[]
        {
            ("SNMP-TARGET-MIB", "snmpTargetParamsTable", "'p1'|1|2|public|noAuthNoPriv|nonVolatile|active"),
            ("SNMP-NOTIFICATION-MIB", "snmpNotifyTable", "'n1'|nightly|trap|nonVolatile|active"),
            ("SNMP-NOTIFICATION-MIB", "snmpNotifyFilterProfileTable", "'p1'|f1|nonVolatile|active"),
            ("SNMP-NOTIFICATION-MIB", "snmpNotifyFilterTable", $"\"f1\".{allowed}|\"\"|included|nonVolatile|active"),
        })
        {
            var printed = await NetSnmpTools.RunAsync("snmptable", TimeSpan.FromSeconds(30), outputOptions: false,
                ["-v2c", "-c", "private", "-M", MibModules.MibValueRenderingTests.FindIetf(), "-m", module, "-Ci", "-Cf", "|", "-CH", peer, name]);
            Assert.That(printed.StandardOutput.Split('\n'), Does.Contain(row), $"{name}: {printed.StandardOutput}{printed.StandardError}");
        }

        await Set(peer, $"{Notify}.5.{Implied("n1")}", "i", "6"); // destroy
        Assert.That(await agent.SendNotificationAsync(allowed), Is.Zero, "the notify row is gone");
    }

    [Test]
    public async Task A_tag_list_that_does_not_parse_is_wrongValue_and_creates_no_row()
    {
        await using var agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        agent.AddCommunity("private", writable: true);
        string peer = $"udp:127.0.0.1:{agent.Endpoints[0].Port}";

        foreach (var bad in new[] { " leading", "trailing ", "two  spaces" })
        {
            var result = await NetSnmpTools.RunAsync("snmpset", ["-v2c", "-c", "private", "-t", "2", "-r", "1", peer,
                $"{Addr}.2.{Implied("t1")}", "o", "1.3.6.1.6.1.1", $"{Addr}.3.{Implied("t1")}", "x", "7F00000100A2",
                $"{Addr}.6.{Implied("t1")}", "s", bad, $"{Addr}.7.{Implied("t1")}", "s", "p1", $"{Addr}.9.{Implied("t1")}", "i", "4"]);
            Assert.That(result.StandardError, Does.Contain("wrongValue"), bad);
            Assert.That(result.StandardError, Does.Contain($"{Addr}.6.{Implied("t1")}").Or.Contain($"iso.3.6.1.6.3.12.1.2.1.6.{Implied("t1")}"), "the tag list's varbind is named");
        }

        var walk = await NetSnmpTools.RunAsync("snmpwalk", ["-v2c", "-c", "private", peer, Addr]);
        Assert.That(walk.VarBinds.Where(v => v.Oid.StartsWith(Addr + ".", StringComparison.Ordinal)), Is.Empty, walk.StandardOutput);
    }
}
