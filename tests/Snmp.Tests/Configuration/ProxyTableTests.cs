using System.Net;
using Snmp.AbstractServices;
using Snmp.Configuration;
using Snmp.Pdus;

namespace Snmp.Tests.Configuration;

/// <summary>
/// SNMP-PROXY-MIB's snmpProxyTable (RFC 3413 section 4.3) and the management target translation
/// of section 7 that reads it: which entries an incoming message matches, the table written over
/// SNMP (RowStatus, the columns the MIB freezes while a row is active, sizes), a row made over
/// SNMP kept across a restart and forwarding at once, and our Agent forwarding to a second Agent of ours.
/// </summary>
[TestFixture]
public class ProxyTableTests
{
    private const string ProxyEntry = "1.3.6.1.6.3.14.1.2.1";
    private static readonly OctetString Engine1 = OctetString.FromHex("800007E58001020304");
    private static readonly OctetString Engine2 = OctetString.FromHex("800007E58005060708");

    private static string Implied(string name) => string.Join('.', name.Select(c => (int)c));

    private static VarBind V(string oid, SnmpValue value) => new(new ObjectIdentifier(oid), value);

    private static ProcessPduParameters Incoming(OctetString engine, string context = "", SnmpVersion version = SnmpVersion.SNMPv3, string name = "alice",
        SecurityLevel level = SecurityLevel.AuthPriv, PduType type = PduType.GetRequest) =>
        new(version, version == SnmpVersion.SNMPv3 ? SecurityModel.Usm : SecurityModel.SNMPv2c, new OctetString(name), level, engine, new OctetString(context),
            new Pdu(type, 1, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0")), 65000, new object(), new TransportStateReference(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 1)));

    private static NotificationTables Tables()
    {
        var tables = new NotificationTables();
        tables.Params.Put("in-v3", new TargetParamsRow { Name = "in-v3", MessageProcessingModel = 3, SecurityModel = 3, SecurityName = new OctetString("alice"), SecurityLevel = SecurityLevel.AuthPriv, Status = RowStatus.Active });
        tables.Params.Put("in-v2c", new TargetParamsRow { Name = "in-v2c", MessageProcessingModel = 1, SecurityModel = 2, SecurityName = new OctetString("public"), SecurityLevel = SecurityLevel.NoAuthNoPriv, Status = RowStatus.Active });
        tables.Params.Put("idle", new TargetParamsRow { Name = "idle", MessageProcessingModel = 3, SecurityModel = 3, SecurityName = new OctetString("alice"), SecurityLevel = SecurityLevel.AuthPriv, Status = RowStatus.NotInService });
        void Proxy(string name, ProxyType type, OctetString engine, string paramsIn, string context = "", RowStatus status = RowStatus.Active) =>
            tables.Proxies.Put(name, new ProxyRow { Name = name, Type = type, ContextEngineId = engine, ContextName = context, TargetParamsIn = paramsIn, SingleTargetOut = "t", Status = status });
        Proxy("b-read", ProxyType.Read, Engine1, "in-v3");
        Proxy("a-read", ProxyType.Read, Engine1, "in-v3");
        Proxy("write", ProxyType.Write, Engine1, "in-v3");
        Proxy("ctx", ProxyType.Read, Engine1, "in-v3", context: "vlan7");
        Proxy("v2c", ProxyType.Read, Engine2, "in-v2c");
        Proxy("idle-params", ProxyType.Read, Engine2, "idle");
        Proxy("idle-row", ProxyType.Read, Engine2, "in-v3", status: RowStatus.NotInService);
        Proxy("no-params", ProxyType.Read, Engine2, "nothing");
        return tables;
    }

    private static string[] Names(IEnumerable<ProxyRow> rows) => [.. rows.Select(r => r.Name)];

    [Test]
    public void Section_7_selects_entries_by_type_context_and_the_incoming_parameters_first_by_name()
    {
        var tables = Tables();

        Assert.That(Names(AgentProxy.Matching(tables, ProxyType.Read, Incoming(Engine1))), Is.EqualTo(new[] { "a-read", "b-read" }), "in snmpProxyName order");
        Assert.That(Names(AgentProxy.Matching(tables, ProxyType.Write, Incoming(Engine1))), Is.EqualTo(new[] { "write" }));
        Assert.That(Names(AgentProxy.Matching(tables, ProxyType.Trap, Incoming(Engine1))), Is.Empty);
        Assert.That(Names(AgentProxy.Matching(tables, ProxyType.Read, Incoming(Engine1, "vlan7"))), Is.EqualTo(new[] { "ctx" }), "snmpProxyContextName");
        Assert.That(Names(AgentProxy.Matching(tables, ProxyType.Read, Incoming(Engine1, level: SecurityLevel.AuthNoPriv))), Is.Empty, "snmpTargetParamsSecurityLevel");
        Assert.That(Names(AgentProxy.Matching(tables, ProxyType.Read, Incoming(Engine1, name: "bob"))), Is.Empty, "snmpTargetParamsSecurityName");
        Assert.That(Names(AgentProxy.Matching(tables, ProxyType.Read, Incoming(Engine2, version: SnmpVersion.SNMPv2c, name: "public", level: SecurityLevel.NoAuthNoPriv))),
            Is.EqualTo(new[] { "v2c" }), "snmpTargetParamsMPModel and SecurityModel");
        Assert.That(Names(AgentProxy.Matching(tables, ProxyType.Read, Incoming(Engine2))), Is.Empty, "inactive rows and parameters, and missing parameters, match nothing");
    }

    [Test]
    public async Task The_table_is_written_over_SNMP_as_RFC_2579_and_the_MIB_say()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        agent.AddCommunity("private", writable: true);
        agent.AddProxy(new Snmp.ProxyEntry { Name = "code", Type = ProxyType.Read, ContextEngineId = Engine1, TargetParamsIn = "in" });
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "private");
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);
        string p1 = Implied("p1");

        async Task<(ErrorStatus, int)> Refused(params VarBind[] varBinds)
        {
            var error = Assert.ThrowsAsync<SnmpErrorResponseException>(() => manager.SetAsync(varBinds, null));
            return (error!.ErrorStatus, error.ErrorIndex);
        }

        Assert.That(await Refused(V($"{ProxyEntry}.3.{p1}", OctetString.FromHex("0102")), V($"{ProxyEntry}.9.{p1}", new Integer32(5))), Is.EqualTo((ErrorStatus.WrongLength, 1)), "SnmpEngineID is 5..32 octets");
        Assert.That(await Refused(V($"{ProxyEntry}.2.{p1}", new Integer32(5)), V($"{ProxyEntry}.9.{p1}", new Integer32(5))), Is.EqualTo((ErrorStatus.WrongValue, 1)));
        Assert.That(await Refused(V($"{ProxyEntry}.7.{p1}", new OctetString("two tags")), V($"{ProxyEntry}.9.{p1}", new Integer32(5))), Is.EqualTo((ErrorStatus.WrongValue, 1)), "SnmpTagValue");
        Assert.That(await Refused(V($"{ProxyEntry}.2.{p1}", new Integer32(1)), V($"{ProxyEntry}.9.{p1}", new Integer32(4))), Is.EqualTo((ErrorStatus.InconsistentValue, 2)),
            "createAndGo of a row without contextEngineID and parameters is not ready");
        Assert.That(await Refused(V($"{ProxyEntry}.2.{Implied("code")}", new Integer32(2))), Is.EqualTo((ErrorStatus.InconsistentValue, 1)), "snmpProxyType is frozen while active");
        Assert.That(await Refused(V($"{ProxyEntry}.9.{Implied("code")}", new Integer32(6))), Is.EqualTo((ErrorStatus.InconsistentValue, 1)), "a permanent row is not destroyed");

        await manager.SetAsync([V($"{ProxyEntry}.2.{p1}", new Integer32(3)), V($"{ProxyEntry}.3.{p1}", Engine2), V($"{ProxyEntry}.5.{p1}", new OctetString("in")),
            V($"{ProxyEntry}.7.{p1}", new OctetString("collectors")), V($"{ProxyEntry}.9.{p1}", new Integer32(4))], null);
        var row = await manager.GetAsync($"{ProxyEntry}.2.{p1}", $"{ProxyEntry}.3.{p1}", $"{ProxyEntry}.4.{p1}", $"{ProxyEntry}.7.{p1}", $"{ProxyEntry}.8.{p1}", $"{ProxyEntry}.9.{p1}",
            $"{ProxyEntry}.8.{Implied("code")}");
        Assert.That(row.Select(v => v.Value), Is.EqualTo(new SnmpValue[]
        {
            new Integer32(3), Engine2, OctetString.Empty, new OctetString("collectors"), new Integer32((int)StorageType.NonVolatile), new Integer32((int)RowStatus.Active),
            new Integer32((int)StorageType.Permanent),
        }));

        await manager.SetAsync([V($"{ProxyEntry}.9.{p1}", new Integer32(6))], null);
        Assert.That((await manager.GetAsync($"{ProxyEntry}.9.{p1}"))[0].Value, Is.SameAs(NoSuchInstance.Instance));
    }

    [Test]
    public async Task An_SNMPv3_device_behind_the_proxy_is_reached_as_a_USM_user_after_discovery()
    {
        await using var device = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], SysDescr = "an SNMPv3 device" });
        device.AddUser("relay", AuthenticationProtocol.HmacSha256, "relay-auth-pass", PrivacyProtocol.Aes128, "relay-priv-pass");
        await using var proxy = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        proxy.AddUser("relay", AuthenticationProtocol.HmacSha256, "relay-auth-pass", PrivacyProtocol.Aes128, "relay-priv-pass");
        proxy.AddProxiedCommunity("to-device", device.LocalEngine.EngineId);
        proxy.AddTargetParameters(new TargetParameters { Name = "in", Version = SnmpVersion.SNMPv2c, SecurityName = "to-device" });
        proxy.AddTargetParameters(new TargetParameters { Name = "out", Version = SnmpVersion.SNMPv3, SecurityName = "relay", SecurityLevel = SecurityLevel.AuthPriv });
        proxy.AddTargetAddress(new TargetAddress { Name = "device", Address = $"127.0.0.1:{device.Endpoints[0].Port}", Params = "out" });
        proxy.AddProxy(new Snmp.ProxyEntry { Name = "device", Type = ProxyType.Read, ContextEngineId = device.LocalEngine.EngineId, TargetParamsIn = "in", SingleTargetOut = "device" });
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "to-device");
        var manager = engine.Manager(proxy.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        Assert.That((await manager.GetAsync("1.3.6.1.2.1.1.1.0"))[0].Value, Is.EqualTo(new OctetString("an SNMPv3 device")));
        var walked = new List<VarBind>();
        await foreach (var vb in manager.WalkAsync("1.3.6.1.6.3.10.2.1"))
        {
            walked.Add(vb);
        }

        Assert.That(walked[0].Value, Is.EqualTo(device.LocalEngine.EngineId), "the device's snmpEngineID: answered by the device, over USM authPriv");
        Assert.That(device.Statistics[SnmpCounter.SnmpInPkts], Is.GreaterThan(2));
        Assert.That(proxy.Statistics[SnmpCounter.SnmpProxyDrops], Is.Zero);
    }

    [Test]
    public void AddProxy_refuses_what_the_MIB_cannot_hold()
    {
        using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        Assert.Throws<SnmpConfigurationException>(() => agent.AddProxy(new Snmp.ProxyEntry { Name = "x", Type = ProxyType.Read, ContextEngineId = OctetString.FromHex("01"), TargetParamsIn = "in" }));
        Assert.Throws<SnmpConfigurationException>(() => agent.AddProxy(new Snmp.ProxyEntry { Name = new string('n', 33), Type = ProxyType.Read, ContextEngineId = Engine1, TargetParamsIn = "in" }));
        Assert.Throws<SnmpConfigurationException>(() => agent.AddProxy(new Snmp.ProxyEntry { Name = "x", Type = ProxyType.Trap, ContextEngineId = Engine1, TargetParamsIn = "in", MultipleTargetOut = "a b" }));
        Assert.Throws<SnmpConfigurationException>(() => agent.AddTargetAddress(new TargetAddress { Name = "t", Address = "not an address::", Params = "p" }));
        Assert.Throws<SnmpConfigurationException>(() => agent.AddTargetParameters(new TargetParameters { Name = "p", Version = SnmpVersion.SNMPv2c, SecurityName = "c", SecurityLevel = SecurityLevel.AuthPriv }));
    }

    [Test]
    public async Task A_proxy_row_made_over_SNMP_forwards_at_once_and_after_a_restart_to_a_second_agent_of_ours()
    {
        var directory = Directory.CreateTempSubdirectory("agent-proxy-").FullName;
        try
        {
            await using var device = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], SysDescr = "the device behind the proxy" });
            device.AddCommunity("public");
            var boots = Path.Combine(directory, "proxy.boots");

            Agent StartProxy(int port)
            {
                var proxy = new Agent(new AgentOptions { ListenOn = [$"127.0.0.1:{port}"], EngineBootsFile = boots });
                proxy.AddCommunity("private", writable: true);
                // A manager speaking SNMPv2c names the proxied context through its community (RFC 3584 5.1).
                proxy.AddProxiedCommunity("via-proxy", Engine1);
                proxy.AddTargetParameters(new TargetParameters { Name = "in", Version = SnmpVersion.SNMPv2c, SecurityName = "via-proxy" });
                proxy.AddTargetParameters(new TargetParameters { Name = "out", Version = SnmpVersion.SNMPv2c, SecurityName = "public" });
                proxy.AddTargetAddress(new TargetAddress { Name = "device", Address = $"127.0.0.1:{device.Endpoints[0].Port}", Params = "out" });
                return proxy;
            }

            await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "via-proxy");
            int port;
            await using (var proxy = StartProxy(0))
            {
                port = proxy.Endpoints[0].Port;
                var admin = engine.Manager(proxy.Endpoints[0], community: new OctetString("private"));
                admin.Timeout = TimeSpan.FromSeconds(5);
                var viaProxy = engine.Manager(proxy.Endpoints[0]);
                viaProxy.Timeout = TimeSpan.FromMilliseconds(500);
                viaProxy.RefreshPeriod = TimeSpan.FromMilliseconds(500);
                Assert.ThrowsAsync<SnmpTimeoutException>(() => viaProxy.GetAsync("1.3.6.1.2.1.1.1.0"), "no proxy entry yet: nothing answers");

                string p = Implied("dev");
                await admin.SetAsync([V($"{ProxyEntry}.2.{p}", new Integer32(1)), V($"{ProxyEntry}.3.{p}", Engine1), V($"{ProxyEntry}.5.{p}", new OctetString("in")),
                    V($"{ProxyEntry}.6.{p}", new OctetString("device")), V($"{ProxyEntry}.8.{p}", new Integer32((int)StorageType.NonVolatile)), V($"{ProxyEntry}.9.{p}", new Integer32(4))], null);
                viaProxy.Timeout = TimeSpan.FromSeconds(5);
                Assert.That((await viaProxy.GetAsync("1.3.6.1.2.1.1.1.0"))[0].Value, Is.EqualTo(new OctetString("the device behind the proxy")));
            }

            await using (var proxy = StartProxy(port))
            {
                var viaProxy = engine.Manager(proxy.Endpoints[0]);
                viaProxy.Timeout = TimeSpan.FromSeconds(5);
                Assert.That((await viaProxy.GetAsync("1.3.6.1.2.1.1.1.0"))[0].Value, Is.EqualTo(new OctetString("the device behind the proxy")), "the row came back from the configuration file");
                Assert.That(proxy.ProxyActivity.RequestsForwarded, Is.EqualTo(1));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
