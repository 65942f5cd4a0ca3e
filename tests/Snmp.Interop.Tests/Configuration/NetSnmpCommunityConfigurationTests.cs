using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.Interop.Tests.Configuration;

/// <summary>
/// SNMP-COMMUNITY-MIB (RFC 3584 section 5.3) written with Net-SNMP's snmpset: a community made in
/// snmpCommunityTable answers Net-SNMP's snmpget as its securityName; a transport tag limits it
/// to the addresses snmpTargetAddrTable (with snmpTargetAddrExtTable's TMask) gives that tag; the
/// application's AddCommunity rows show in the same table as permanent.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpCommunityConfigurationTests
{
    private const string Community = "1.3.6.1.6.3.18.1.1.1";
    private const string Addr = "1.3.6.1.6.3.12.1.2.1";
    private const string AddrExt = "1.3.6.1.6.3.18.1.2.1";

    private static string Implied(string name) => string.Join('.', name.Select(c => (int)c));

    private static async Task Set(string peer, params string[] varBinds)
    {
        var result = await NetSnmpTools.RunAsync("snmpset", ["-v2c", "-c", "private", "-t", "2", "-r", "1", peer, .. varBinds]);
        Assert.That(result.ExitCode, Is.Zero, $"snmpset {string.Join(' ', varBinds)}: {result.StandardError}{result.StandardOutput}");
    }

    private static async Task<bool> Answers(string peer, string community)
    {
        var result = await NetSnmpTools.RunAsync("snmpget", ["-v2c", "-c", community, "-t", "1", "-r", "0", peer, "1.3.6.1.2.1.1.5.0"]);
        return result.ExitCode == 0 && result.VarBinds.Count == 1;
    }

    [Test]
    public async Task A_community_made_over_SNMP_answers_and_its_transport_tag_limits_where_from()
    {
        await using var agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        agent.AddCommunity("private", writable: true);
        string peer = $"udp:127.0.0.1:{agent.Endpoints[0].Port}";
        Assert.That(await Answers(peer, "ops"), Is.False, "not a community yet");

        // snmpCommunityName "ops" standing for the securityName "private" (whose VACM group AddCommunity made).
        await Set(peer,
            $"{Community}.2.{Implied("c1")}", "s", "ops",
            $"{Community}.3.{Implied("c1")}", "s", "private",
            $"{Community}.8.{Implied("c1")}", "i", "4");
        Assert.That(await Answers(peer, "ops"), Is.True);

        // Tagged "lab": only from an address of a target row tagged "lab".
        await Set(peer, $"{Community}.6.{Implied("c1")}", "s", "lab");
        Assert.That(await Answers(peer, "ops"), Is.False, "no target address is tagged lab");

        // 127.0.0.1 with any port (TMask ff.ff.ff.ff.00.00), created with its extension in one Set.
        await Set(peer,
            $"{Addr}.2.{Implied("lab1")}", "o", "1.3.6.1.6.1.1",
            $"{Addr}.3.{Implied("lab1")}", "x", "7F0000010000",
            $"{Addr}.6.{Implied("lab1")}", "s", "lab",
            $"{Addr}.7.{Implied("lab1")}", "s", "none",
            $"{Addr}.9.{Implied("lab1")}", "i", "4",
            $"{AddrExt}.1.{Implied("lab1")}", "x", "FFFFFFFF0000");
        Assert.That(await Answers(peer, "ops"), Is.True, "127.0.0.1 matches under the mask");

        await Set(peer, $"{AddrExt}.1.{Implied("lab1")}", "x", "FFFFFFFFFFFF");
        Assert.That(await Answers(peer, "ops"), Is.False, "the whole address, port 0 included, must match now");

        var table = await NetSnmpTools.RunAsync("snmptable", TimeSpan.FromSeconds(30), outputOptions: false,
            ["-v2c", "-c", "private", "-M", MibModules.MibValueRenderingTests.FindIetf(), "-m", "SNMP-COMMUNITY-MIB", "-Ci", "-Cf", "|", "-CH", peer, "snmpCommunityTable"]);
        var lines = table.StandardOutput.Split('\n');
        Assert.That(lines.Single(l => l.StartsWith("'c1'|", StringComparison.Ordinal)), Does.StartWith("'c1'|\"ops\"|private|").And.EndWith("||lab|nonVolatile|active"), table.StandardOutput);
        Assert.That(lines.Single(l => l.StartsWith("'private'|", StringComparison.Ordinal)), Does.StartWith("'private'|\"private\"|private|").And.EndWith("|||permanent|active"), table.StandardOutput);
    }

    [Test]
    public async Task A_community_transport_tag_with_a_delimiter_is_wrongValue()
    {
        await using var agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        agent.AddCommunity("private", writable: true);
        string peer = $"udp:127.0.0.1:{agent.Endpoints[0].Port}";
        var result = await NetSnmpTools.RunAsync("snmpset", ["-v2c", "-c", "private", "-t", "2", "-r", "1", peer,
            $"{Community}.2.{Implied("c2")}", "s", "x", $"{Community}.3.{Implied("c2")}", "s", "private", $"{Community}.6.{Implied("c2")}", "s", "two tags",
            $"{Community}.8.{Implied("c2")}", "i", "4"]);
        Assert.That(result.StandardError, Does.Contain("wrongValue"));
        Assert.That(await Answers(peer, "x"), Is.False, "no row was made");
    }
}
