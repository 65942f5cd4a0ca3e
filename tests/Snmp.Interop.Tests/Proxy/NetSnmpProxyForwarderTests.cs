using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Interop.Tests.Notifications;
using Snmp.Security.Usm;

namespace Snmp.Interop.Tests.Proxy;

/// <summary>
/// Our Agent as an RFC 3413 3.5 proxy forwarder in front of Net-SNMP's snmpd (on another free
/// loopback port), driven by Net-SNMP's snmpget, snmpwalk, snmpbulkwalk and snmpset over SNMPv3
/// authPriv naming the proxied contextEngineID (<c>-E</c>) or a proxied context (<c>-n</c>): the
/// answers are compared with the same commands sent straight to snmpd, once with the proxy
/// speaking SNMPv2c to snmpd and once SNMPv1 (RFC 3584 4.2: GetBulk sent as GetNext, snmpd's
/// noSuchName returned as it is). Errors and drops: a target that never answers (nothing
/// returned, counted as a timeout, not in snmpProxyDrops), an entry naming a missing target
/// (snmpProxyDrops and a Report). A trap from snmptrap is forwarded to snmptrapd (RFC 3413 3.5.2).
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpProxyForwarderTests
{
    private const string User = "proxyuser";
    private const string AuthPassword = "proxy-auth-pass";
    private const string PrivPassword = "proxy-priv-pass";
    private static readonly OctetString V2cDevice = OctetString.FromHex("800007E58076326364657669636501");
    private static readonly OctetString V1Device = OctetString.FromHex("800007E58076316465766963650001");
    private static readonly OctetString Silent = OctetString.FromHex("800007E580736C656E7400000001");
    private static readonly OctetString Missing = OctetString.FromHex("800007E5806D697373696E670001");

    private SnmpdFixture _snmpd = null!;
    private Snmp.Agent _agent = null!;
    private Socket _silent = null!;
    private string _proxy = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _snmpd = await SnmpdFixture.StartAsync();
        // A target that never answers: a bound UDP socket nobody reads.
        _silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        _agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        _proxy = $"udp:127.0.0.1:{_agent.Endpoints[0].Port}";
        _agent.AddUser(User, AuthenticationProtocol.HmacSha1, AuthPassword, PrivacyProtocol.Aes128, PrivPassword);

        // Incoming: SNMPv3 authPriv as proxyuser. Outgoing: snmpd over SNMPv2c and SNMPv1.
        _agent.AddTargetParameters(new TargetParameters { Name = "in-v3", Version = SnmpVersion.SNMPv3, SecurityName = User, SecurityLevel = SecurityLevel.AuthPriv });
        _agent.AddTargetParameters(new TargetParameters { Name = "v2c-public", Version = SnmpVersion.SNMPv2c, SecurityName = SnmpdFixture.ReadCommunity });
        _agent.AddTargetParameters(new TargetParameters { Name = "v2c-private", Version = SnmpVersion.SNMPv2c, SecurityName = SnmpdFixture.WriteCommunity });
        _agent.AddTargetParameters(new TargetParameters { Name = "v1-public", Version = SnmpVersion.SNMPv1, SecurityName = SnmpdFixture.ReadCommunity });
        string snmpd = $"127.0.0.1:{_snmpd.Port}";
        _agent.AddTargetAddress(new TargetAddress { Name = "snmpd-v2c", Address = snmpd, Params = "v2c-public" });
        _agent.AddTargetAddress(new TargetAddress { Name = "snmpd-v2c-rw", Address = snmpd, Params = "v2c-private" });
        _agent.AddTargetAddress(new TargetAddress { Name = "snmpd-v1", Address = snmpd, Params = "v1-public" });
        _agent.AddTargetAddress(new TargetAddress
        {
            Name = "silent", Address = $"127.0.0.1:{((IPEndPoint)_silent.LocalEndPoint!).Port}", Params = "v2c-public",
            Timeout = TimeSpan.FromMilliseconds(300), RetryCount = 1,
        });

        _agent.AddProxy(new ProxyEntry { Name = "v2c-read", Type = ProxyType.Read, ContextEngineId = V2cDevice, TargetParamsIn = "in-v3", SingleTargetOut = "snmpd-v2c" });
        _agent.AddProxy(new ProxyEntry { Name = "v2c-write", Type = ProxyType.Write, ContextEngineId = V2cDevice, TargetParamsIn = "in-v3", SingleTargetOut = "snmpd-v2c-rw" });
        _agent.AddProxy(new ProxyEntry { Name = "v1-read", Type = ProxyType.Read, ContextEngineId = V1Device, TargetParamsIn = "in-v3", SingleTargetOut = "snmpd-v1" });
        _agent.AddProxy(new ProxyEntry { Name = "silent", Type = ProxyType.Read, ContextEngineId = Silent, TargetParamsIn = "in-v3", SingleTargetOut = "silent" });
        _agent.AddProxy(new ProxyEntry { Name = "missing", Type = ProxyType.Read, ContextEngineId = Missing, TargetParamsIn = "in-v3", SingleTargetOut = "no-such-target" });
        // A context of the proxy's own engine forwarded by name (snmpget -n), as Net-SNMP's proxy -Cn.
        _agent.AddProxy(new ProxyEntry { Name = "by-context", Type = ProxyType.Read, ContextEngineId = _agent.LocalEngine.EngineId, ContextName = "device", TargetParamsIn = "in-v3", SingleTargetOut = "snmpd-v2c" });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        _silent?.Dispose();
        if (_snmpd is not null)
        {
            await _snmpd.DisposeAsync();
        }
    }

    private static string[] V3(params string[] rest) =>
        ["-v3", "-u", User, "-l", "authPriv", "-a", "SHA", "-A", AuthPassword, "-x", "AES", "-X", PrivPassword, "-t", "3", "-r", "1", .. rest];

    private static IEnumerable<(string Oid, string Type, string Value)> Comparable(NetSnmpResult result) =>
        result.VarBinds.Select(v => (v.Oid, v.Type, NetSnmpTools.Stable(v.Type, v.Value)));

    private static void AssertSame(NetSnmpResult viaProxy, NetSnmpResult direct, string what)
    {
        Assert.That(viaProxy.ExitCode, Is.Zero, $"{what} through the proxy: {viaProxy.StandardError}");
        Assert.That(direct.VarBinds, Is.Not.Empty, $"{what} straight to snmpd: {direct.StandardError}");
        Assert.That(Comparable(viaProxy), Is.EqualTo(Comparable(direct)), what);
    }

    [Test]
    public async Task Snmpget_through_the_proxy_to_an_SNMPv2c_device_answers_as_snmpd_does()
    {
        string[] oids = ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.99.0"];
        var viaProxy = await NetSnmpTools.RunAsync("snmpget", V3(["-E", V2cDevice.ToHex(), _proxy, .. oids]));
        var direct = await NetSnmpTools.RunAsync("snmpget", ["-v2c", "-c", "public", _snmpd.Peer, .. oids]);
        AssertSame(viaProxy, direct, "snmpget");
        Assert.That(viaProxy.VarBinds[3].Type, Does.StartWith("No Such Object"), "the SNMPv2 exception comes back as it is");
    }

    [Test]
    public async Task Snmpwalk_and_snmpbulkwalk_through_the_proxy_to_an_SNMPv2c_device_walk_what_snmpd_walks()
    {
        foreach (var (tool, subtree) in new[] { ("snmpwalk", "1.3.6.1.2.1.1"), ("snmpbulkwalk", "1.3.6.1.6.3.16"), ("snmpwalk", "1.3.6.1.6.3.15") })
        {
            var viaProxy = await NetSnmpTools.RunAsync(tool, V3(["-E", V2cDevice.ToHex(), _proxy, subtree]));
            var direct = await NetSnmpTools.RunAsync(tool, ["-v2c", "-c", "public", _snmpd.Peer, subtree]);
            AssertSame(viaProxy, direct, $"{tool} {subtree}");
        }
    }

    [Test]
    public async Task A_proxied_context_name_of_the_proxys_own_engine_is_forwarded()
    {
        var viaProxy = await NetSnmpTools.RunAsync("snmpwalk", V3(["-n", "device", _proxy, "1.3.6.1.2.1.1"]));
        var direct = await NetSnmpTools.RunAsync("snmpwalk", ["-v2c", "-c", "public", _snmpd.Peer, "1.3.6.1.2.1.1"]);
        AssertSame(viaProxy, direct, "snmpwalk -n device");

        var own = await NetSnmpTools.RunAsync("snmpget", V3([_proxy, "1.3.6.1.6.3.10.2.1.1.0"]));
        Assert.That(own.VarBinds.Single().Value.Replace(" ", "", StringComparison.Ordinal), Is.EqualTo(_agent.LocalEngine.EngineId.ToHex()).IgnoreCase,
            "the default context is still the proxy's own MIB");
    }

    [Test]
    public async Task Snmpset_through_the_proxy_writes_snmpd()
    {
        var set = await NetSnmpTools.RunAsync("snmpset", V3(["-E", V2cDevice.ToHex(), _proxy, "1.3.6.1.2.1.1.4.0", "s", "set through the proxy"]));
        Assert.That(set.ExitCode, Is.Zero, set.StandardError);
        var direct = await NetSnmpTools.RunAsync("snmpget", ["-v2c", "-c", "public", _snmpd.Peer, "1.3.6.1.2.1.1.4.0"]);
        Assert.That(direct.VarBinds.Single().Value, Is.EqualTo(NetSnmpTools.Render(new OctetString("set through the proxy")).Value));

        var error = await NetSnmpTools.RunAsync("snmpset", V3(["-E", V2cDevice.ToHex(), _proxy, "1.3.6.1.2.1.1.1.0", "s", "read-only"]));
        var errorDirect = await NetSnmpTools.RunAsync("snmpset", ["-v2c", "-c", "private", _snmpd.Peer, "1.3.6.1.2.1.1.1.0", "s", "read-only"]);
        Assert.That(error.ExitCode, Is.Not.Zero);
        Assert.That(error.Complaints, Is.EqualTo(errorDirect.Complaints), "snmpd's error-status and index come back as they are");
    }

    [Test]
    public async Task Through_the_proxy_to_an_SNMPv1_device_walks_match_snmpwalk_v1_and_noSuchName_comes_back()
    {
        foreach (var tool in new[] { "snmpwalk", "snmpbulkwalk" })
        {
            var viaProxy = await NetSnmpTools.RunAsync(tool, V3(["-E", V1Device.ToHex(), _proxy, "1.3.6.1.2.1.1"]));
            var direct = await NetSnmpTools.RunAsync("snmpwalk", ["-v1", "-c", "public", _snmpd.Peer, "1.3.6.1.2.1.1"]);
            AssertSame(viaProxy, direct, $"{tool} (GetBulk sent to the SNMPv1 device as GetNext)");
        }

        var missing = await NetSnmpTools.RunAsync("snmpget", V3(["-E", V1Device.ToHex(), _proxy, "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.99.0"]));
        var missingDirect = await NetSnmpTools.RunAsync("snmpget", ["-v1", "-c", "public", _snmpd.Peer, "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.99.0"]);
        Assert.That(missingDirect.Complaints, Does.Contain("noSuchName"), missingDirect.StandardError);
        Assert.That(missing.Complaints, Is.EqualTo(missingDirect.Complaints), "the SNMPv1 device's noSuchName and its index reach the SNMPv3 manager");
    }

    [Test]
    public async Task A_target_that_never_answers_gives_the_manager_its_timeout_and_is_no_proxy_drop()
    {
        long dropsBefore = _agent.Statistics[SnmpCounter.SnmpProxyDrops];
        long timeoutsBefore = _agent.ProxyActivity.Timeouts;
        var result = await NetSnmpTools.RunAsync("snmpget", ["-v3", "-u", User, "-l", "authPriv", "-a", "SHA", "-A", AuthPassword, "-x", "AES", "-X", PrivPassword,
            "-t", "1", "-r", "0", "-E", Silent.ToHex(), _proxy, "1.3.6.1.2.1.1.1.0"]);
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Complaints, Does.Contain("Timeout"));
        await WaitUntilAsync(() => _agent.ProxyActivity.Timeouts > timeoutsBefore, "the forwarded request's timeout");
        Assert.That(_agent.Statistics[SnmpCounter.SnmpProxyDrops], Is.EqualTo(dropsBefore), "a time-out is not a proxy drop (SNMPv2-MIB snmpProxyDrops)");
    }

    [Test]
    public async Task An_entry_naming_a_missing_target_is_a_counted_drop_with_a_report()
    {
        long before = _agent.Statistics[SnmpCounter.SnmpProxyDrops];
        var result = await NetSnmpTools.RunAsync("snmpget", V3(["-E", Missing.ToHex(), _proxy, "1.3.6.1.2.1.1.1.0"]));
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.VarBinds, Is.Empty);
        Assert.That(_agent.Statistics[SnmpCounter.SnmpProxyDrops], Is.EqualTo(before + 1), result.StandardError);
        Assert.That(result.Complaints, Does.Contain("Report"), "the Report answers at once");

        // A contextEngineID no entry names reaches no application at all (RFC 3412 4.2.2.1: snmpUnknownPDUHandlers).
        var unknown = await NetSnmpTools.RunAsync("snmpget", V3(["-E", "800007E580756E6B6E6F776E", _proxy, "1.3.6.1.2.1.1.1.0"]));
        Assert.That(unknown.ExitCode, Is.Not.Zero);
        Assert.That(_agent.Statistics[SnmpCounter.SnmpProxyDrops], Is.EqualTo(before + 1));
        Assert.That(await NetSnmpTools.RunAsync("snmpget", V3(["-E", V2cDevice.ToHex(), _proxy, "1.3.6.1.2.1.1.1.0"])), Has.Property("ExitCode").Zero, "the proxy still forwards");
    }

    [Test]
    public async Task A_trap_from_snmptrap_is_forwarded_to_snmptrapd()
    {
        await using var trapd = await SnmptrapdFixture.StartAsync();
        var source = OctetString.FromHex("800007E580747261707301");
        _agent.AddProxiedCommunity("devtraps", source);
        _agent.AddTargetParameters(new TargetParameters { Name = "in-traps", Version = SnmpVersion.SNMPv2c, SecurityName = "devtraps" });
        _agent.AddTargetParameters(new TargetParameters { Name = "in-traps-v1", Version = SnmpVersion.SNMPv1, SecurityName = "devtraps" });
        _agent.AddTargetParameters(new TargetParameters { Name = "to-trapd", Version = SnmpVersion.SNMPv2c, SecurityName = SnmptrapdFixture.Community });
        _agent.AddTargetAddress(new TargetAddress { Name = "trapd", Address = trapd.Address, Params = "to-trapd", Tags = ["collectors"] });
        _agent.AddProxy(new ProxyEntry { Name = "traps", Type = ProxyType.Trap, ContextEngineId = source, TargetParamsIn = "in-traps", MultipleTargetOut = "collectors" });
        _agent.AddProxy(new ProxyEntry { Name = "traps-v1", Type = ProxyType.Trap, ContextEngineId = source, TargetParamsIn = "in-traps-v1", MultipleTargetOut = "collectors" });

        var sent = await NetSnmpTools.RunAsync("snmptrap", ["-v2c", "-c", "devtraps", _proxy, "", "1.3.6.1.4.1.99999.0.42", "1.3.6.1.4.1.99999.1.1.0", "s", "from the device"]);
        Assert.That(sent.ExitCode, Is.Zero, sent.StandardError);
        var entry = await trapd.WaitForEntryAsync("OID: .1.3.6.1.4.1.99999.0.42");
        Assert.That(entry, Does.Contain("from the device").And.Contain($"]:{_agent.Endpoints[0].Port}->"), "snmptrapd got it from the proxy");

        // An SNMPv1 Trap-PDU goes on as SNMPv2-Trap with snmpTrapAddress.0 and snmpTrapCommunity.0 (RFC 3584 3.1).
        var v1 = await NetSnmpTools.RunAsync("snmptrap", ["-v1", "-c", "devtraps", _proxy, "1.3.6.1.4.1.99999", "10.1.2.3", "6", "77", "", "1.3.6.1.4.1.99999.1.2.0", "s", "v1 trap"]);
        Assert.That(v1.ExitCode, Is.Zero, v1.StandardError);
        var v1Entry = await trapd.WaitForEntryAsync("OID: .1.3.6.1.4.1.99999.0.77");
        Assert.That(v1Entry, Does.Contain("v1 trap").And.Contain("10.1.2.3").And.Contain("devtraps"), v1Entry);
    }

    [Test]
    public async Task An_SNMPv1_manager_through_the_proxy_to_an_SNMPv2c_device_walks_what_snmpwalk_v1_walks_Counter64_skipped()
    {
        // snmpwalk -v1 straight to snmpd: snmpd leaves out ifXTable's Counter64 columns itself; through
        // the proxy, snmpd speaks SNMPv2c and the proxy skips them (RFC 3584 4.2.2.1).
        var v1Device = OctetString.FromHex("800007E58076316D616E61676572");
        _agent.AddProxiedCommunity("v1-manager", v1Device);
        _agent.AddTargetParameters(new TargetParameters { Name = "in-v1", Version = SnmpVersion.SNMPv1, SecurityName = "v1-manager" });
        _agent.AddProxy(new ProxyEntry { Name = "v1-manager", Type = ProxyType.Read, ContextEngineId = v1Device, TargetParamsIn = "in-v1", SingleTargetOut = "snmpd-v2c" });
        const string IfXTable = "1.3.6.1.2.1.31.1.1";

        var viaProxy = await NetSnmpTools.RunAsync("snmpwalk", ["-v1", "-c", "v1-manager", "-t", "3", "-r", "1", _proxy, IfXTable]);
        var direct = await NetSnmpTools.RunAsync("snmpwalk", ["-v1", "-c", "public", _snmpd.Peer, IfXTable]);
        var v2c = await NetSnmpTools.RunAsync("snmpwalk", ["-v2c", "-c", "public", _snmpd.Peer, IfXTable]);
        Assert.That(v2c.VarBinds.Select(v => v.Type), Does.Contain("Counter64"), "snmpd has Counter64 columns here");
        Assert.That(viaProxy.ExitCode, Is.Zero, viaProxy.StandardError);
        Assert.That(viaProxy.VarBinds.Select(v => (v.Oid, v.Type)), Is.EqualTo(direct.VarBinds.Select(v => (v.Oid, v.Type))), "the same instances, without Counter64");
        Assert.That(direct.VarBinds, Is.Not.Empty);

        var counter64 = v2c.VarBinds.First(v => v.Type == "Counter64").Oid;
        var get = await NetSnmpTools.RunAsync("snmpget", ["-v1", "-c", "v1-manager", _proxy, counter64]);
        var getDirect = await NetSnmpTools.RunAsync("snmpget", ["-v1", "-c", "public", _snmpd.Peer, counter64]);
        Assert.That(get.Complaints, Is.EqualTo(getDirect.Complaints), "a Counter64 instance is noSuchName for SNMPv1, as snmpd says");
    }

    [Test]
    public async Task A_proxy_row_made_with_snmpset_forwards_and_snmptable_prints_it()
    {
        var engine = OctetString.FromHex("800007E5806D616465627973657401");
        _agent.AddCommunity("admin", writable: true);
        string name = string.Join('.', "made".Select(c => (int)c));
        const string Entry = "1.3.6.1.6.3.14.1.2.1";
        var set = await NetSnmpTools.RunAsync("snmpset", ["-v2c", "-c", "admin", _proxy,
            $"{Entry}.2.{name}", "i", "1", $"{Entry}.3.{name}", "x", engine.ToHex(), $"{Entry}.5.{name}", "s", "in-v3",
            $"{Entry}.6.{name}", "s", "snmpd-v2c", $"{Entry}.9.{name}", "i", "4"]);
        Assert.That(set.ExitCode, Is.Zero, set.StandardError);

        var viaProxy = await NetSnmpTools.RunAsync("snmpget", V3(["-E", engine.ToHex(), _proxy, "1.3.6.1.2.1.1.1.0"]));
        var direct = await NetSnmpTools.RunAsync("snmpget", ["-v2c", "-c", "public", _snmpd.Peer, "1.3.6.1.2.1.1.1.0"]);
        AssertSame(viaProxy, direct, "snmpget through the row made with snmpset");

        var table = await NetSnmpTools.RunAsync("snmptable", TimeSpan.FromSeconds(30), outputOptions: false,
            ["-v2c", "-c", "admin", "-M", MibModules.MibValueRenderingTests.FindIetf(), "-m", "SNMP-PROXY-MIB", "-Ci", "-Cf", "|", "-CH", _proxy, "snmpProxyTable"]);
        Assert.That(table.StandardOutput.Split('\n'), Does.Contain($"'made'|read|\"{string.Join(' ', engine.ToArray().Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)))} \"||in-v3|snmpd-v2c||nonVolatile|active")
            .And.Contain("'v2c-read'|read|\"" + string.Join(' ', V2cDevice.ToArray().Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))) + " \"||in-v3|snmpd-v2c||permanent|active"),
            table.StandardOutput + table.StandardError);
    }

    [Test]
    public async Task Beside_snmpds_own_proxy_directive_the_walk_is_the_same()
    {
        // Net-SNMP's snmpd proxying the system group of the first snmpd (its `proxy` directive, by
        // subtree) and our Agent proxying it by contextEngineID: the same walk.
        // Without its own system group (-I -system_mib), which would otherwise answer before the proxied subtree.
        await using var netSnmpProxy = await SnmpdFixture.StartAsync([$"proxy -v 2c -c public 127.0.0.1:{_snmpd.Port} .1.3.6.1.2.1.1"], extraArguments: ["-I", "-system_mib"]);
        // A value only the device has, so that the walks show where they were answered.
        var mark = await NetSnmpTools.RunAsync("snmpset", ["-v2c", "-c", "private", _snmpd.Peer, "1.3.6.1.2.1.1.6.0", "s", "the device itself"]);
        Assert.That(mark.ExitCode, Is.Zero, mark.StandardError);
        var theirs = await NetSnmpTools.RunAsync("snmpwalk", ["-v2c", "-c", "public", netSnmpProxy.Peer, "1.3.6.1.2.1.1"]);
        var ours = await NetSnmpTools.RunAsync("snmpwalk", V3(["-E", V2cDevice.ToHex(), _proxy, "1.3.6.1.2.1.1"]));
        var direct = await NetSnmpTools.RunAsync("snmpwalk", ["-v2c", "-c", "public", _snmpd.Peer, "1.3.6.1.2.1.1"]);
        // snmpd's own sysORTable (another module) still answers before its proxied subtree; the scalars are the device's.
        static IEnumerable<(string, string, string)> Scalars(NetSnmpResult r) => Comparable(r).Where(v => !v.Oid.StartsWith("1.3.6.1.2.1.1.9.", StringComparison.Ordinal));
        Assert.That(theirs.ExitCode, Is.Zero, theirs.StandardError);
        Assert.That(Scalars(theirs), Is.EqualTo(Scalars(direct)), "snmpd's proxy");
        Assert.That(Scalars(ours), Is.EqualTo(Scalars(theirs)), "our proxy beside snmpd's");
        AssertSame(ours, direct, "our proxy, sysORTable included");
        Assert.That(ours.VarBinds.Single(v => v.Oid == "1.3.6.1.2.1.1.6.0").Value, Is.EqualTo(NetSnmpTools.Render(new OctetString("the device itself")).Value));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited 10 s for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
