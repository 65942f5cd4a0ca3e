// The README's C# examples that go beyond a first program (plug-ins, the codec, MIB names, TLS),
// verbatim (ReadmeTests checks that every line of every example is here or in
// ReadmeFirstProgramExamples.cs, in order), so that the build compiles them. They are never run:
// the addresses are documentation ones.
#pragma warning disable CS1998, CS0168, CS0219, IDE0059

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Applications;
using Snmp.AgentX;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;
using Snmp.Smi.Modules;
using Snmp.Tests.Plugins;
using Snmp.Transport.Tls;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Snmp;

namespace Snmp.Tests;

internal static class ReadmeExamples
{
    internal static async Task AProxyForwarder()
    {
        await using var proxy = new Agent(new AgentOptions { ListenOn = ["0.0.0.0:161"] });
        proxy.AddUser("ops", AuthenticationProtocol.HmacSha256, "auth-secret", PrivacyProtocol.Aes128, "priv-secret");
        proxy.AddTargetParameters(new TargetParameters { Name = "from-ops", Version = SnmpVersion.SNMPv3, SecurityName = "ops", SecurityLevel = SecurityLevel.AuthPriv });
        proxy.AddTargetParameters(new TargetParameters { Name = "v1-public", Version = SnmpVersion.SNMPv1, SecurityName = "public" });
        proxy.AddTargetAddress(new TargetAddress { Name = "old-router", Address = "192.0.2.7:161", Params = "v1-public" });
        proxy.AddProxy(new ProxyEntry
        {
            Name = "old-router", Type = ProxyType.Read, ContextEngineId = OctetString.FromHex("800007e5806f6c64"),
            TargetParamsIn = "from-ops", SingleTargetOut = "old-router",
        });
    }

    internal static async Task AgentXSubagentAndMaster(CancellationToken cancellationToken)
    {
        await using var subagent = new AgentXSubagent(new AgentXSubagentOptions
        {
            MasterAddress = "/var/agentx/master",                // Net-SNMP's agentXSocket syntax; or "tcp:localhost:705"
            Description = "my service",
        });
        subagent.Mib.AddScalar("1.3.6.1.4.1.99999.1", new Integer32(42));
        subagent.Mib.Register(new MibScalar("1.3.6.1.4.1.99999.2", new OctetString("hi"), writable: true));
        await subagent.StartAsync(cancellationToken);            // connected, session open, every object registered
        await subagent.NotifyAsync("1.3.6.1.4.1.99999.0.1", [new VarBind("1.3.6.1.4.1.99999.1.0", new Integer32(42))]);
        await subagent.RegisterAsync(new AgentXRegistration("1.3.6.1.4.1.99999.7") { Priority = 100, Context = "vlan-10" });

        await using var master = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:1161"], AgentXAddress = "/run/myagent/agentx" });
        // snmpd -X -x /run/myagent/agentx: its MIB modules are served beside master.Mib's objects
    }

    sealed class InMemoryTokenModule(InMemoryNetwork network, TokenSecurityModel model) : SnmpModule
    {
        public override void Register(SnmpModuleRegistrations registrations)
        {
            registrations.AddTransportMappingFactory(services => new InMemoryTransportMappingFactory(network));
            registrations.AddSecurityModel(services => model);
        }
    }

    internal static async Task YourOwnTransportOrSecurityModel(InMemoryNetwork network, OctetString engineId, TokenSecurityModel agentModel, TokenSecurityModel managerModel)
    {
        await using var agent = new Agent(new AgentOptions
        {
            ListenOn = ["mem:agent"], EngineId = engineId,
            Modules = [new InMemoryTokenModule(network, agentModel)],
        });
        agent.Vacm.AddGroup(TokenSecurityModel.Number, new OctetString("ops"), "token-users");
        agent.Vacm.AddAccess("token-users", OctetString.Empty, TokenSecurityModel.Number, SecurityLevel.NoAuthNoPriv, ContextMatch.Exact, Agent.AllView, "", Agent.AllView);

        await using var engine = new Engine(new EngineOptions { Modules = [new InMemoryTokenModule(network, managerModel)] });
        var manager = engine.Manager("mem:agent", securityModel: TokenSecurityModel.Number, defaultUserName: "ops", engineId: engineId);
        VarBindList sysName = await manager.GetAsync("1.3.6.1.2.1.1.5.0");
    }

    internal static async Task MetricsAndTracing()
    {
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SnmpTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => Console.WriteLine($"{instrument.Name} {value}"));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) => Console.WriteLine($"{instrument.Name} {value} s"));
        listener.Start();

        using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        await engine.Manager("192.0.2.1").GetAsync("1.3.6.1.2.1.1.1.0");   // snmp.client.request.duration 0.0004 s
        listener.RecordObservableInstruments();                             // snmp.in_pkts 1, snmp.out_pkts 1, ...
    }

    internal static void TheCodec()
    {
        var request = new CommunityMessage(SnmpVersion.SNMPv2c, "public"u8.ToArray(),
            new Pdu(PduType.GetRequest, requestId: 42, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0")));
        byte[] wire = SnmpMessageCodec.Encode(request);
        CommunityMessage decoded = SnmpMessageCodec.DecodeCommunityMessage(wire); // throws SnmpDecodeException on bad input

        // RFC 2578 7.7 table indexes
        ObjectIdentifier instance = new ObjectIdentifier("1.3.6.1.2.1.2.2.1.2").AppendIndex(3);
        var reader = instance.ExtractIndex("1.3.6.1.2.1.2.2.1.2");
        int ifIndex = reader.ReadInteger();
    }

    internal static async Task NamesAndTables()
    {
        var mibs = new MibModuleSet("/usr/share/snmp/mibs", "./mibs");     // search directories; IMPORTS are found there
        mibs.LoadAll();                                                      // or mibs.Load("IF-MIB"); WriteCache/ReadCache to start fast
        using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = "public", Mibs = mibs });
        var manager = engine.Manager("192.0.2.1");
        VarBindList status = await manager.GetAsync("IF-MIB::ifOperStatus.3", "sysUpTime.0", "1.3.6.1.2.1.1.5.0");   // names and dotted OIDs mix
        foreach (var vb in status)
            Console.WriteLine(mibs.Format(vb));                               // IF-MIB::ifOperStatus.3 = INTEGER: up(1), as snmpget prints it
        await manager.SetAsync("IF-MIB::ifAlias.3", new OctetString("uplink"), new RequestOptions { Community = "private" });
        SnmpTable interfaces = await manager.GetTableAsync("IF-MIB::ifTable");   // all columns side by side: GetBulk (v2c/v3), GetNext (v1)
        foreach (SnmpTableRow row in interfaces.Rows)                            // index order; IndexText decoded by the INDEX clause
            Console.WriteLine($"{row.IndexText}: {row["ifDescr"]} {row["ifOperStatus"]}");   // null where the row has no such cell
        SnmpTable states = manager.GetTable("ifEntry", ["ifDescr", "ifOperStatus"]);        // the table or its entry; only these columns
        await engine.Notifier("192.0.2.9").SendTrapAsync("IF-MIB::linkDown", [new VarBind(engine.Resolve("IF-MIB::ifIndex.3"), new Integer32(3))]);
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:1161"], Mibs = mibs });
        agent.Mib.AddScalar("HOST-RESOURCES-MIB::hrSystemNumUsers.0", new Gauge32(3));   // checked against the MIB: a scalar, Gauge32
        var ports = agent.Mib.AddTable("IF-MIB::ifTable");                               // its columns as IF-MIB defines them
        agent.AddView("interfaces", "IF-MIB::interfaces");                               // a VACM view of a named subtree
    }

    internal static async Task TcpTlsAndDtls(X509Certificate2 agentCertificate, X509Certificate2 ca)
    {
        // The manager: its certificate (with key), and the agent's certificate pinned by fingerprint
        // (or TrustAnchors = a CA collection).
        var tls = new TlsTransportOptions
        {
            LocalCertificate = X509CertificateLoader.LoadPkcs12FromFile("manager.p12", "secret"),
            PeerFingerprints = [CertificateFingerprint.Parse("AA:BB:...")],
        };
        using var engine = new Engine(new EngineOptions { Tls = tls });
        var manager = engine.Manager("tls:agent.example:10161", securityModel: SecurityModel.Tsm, defaultUserName: "manager");
        VarBindList sysDescr = await manager.GetAsync("1.3.6.1.2.1.1.1.0");   // contextEngineID found by RFC 5343

        // The agent: clients' certificates chain to a CA, and their CN becomes tmSecurityName
        // (snmpTlstmCertToTSNTable, as Net-SNMP's "certSecName 10 <CA fingerprint> --cn").
        await using var agent = new Agent(new AgentOptions
        {
            ListenOn = ["tls:0.0.0.0:10161", "dtls:0.0.0.0:10161"],
            Tls = new TlsTransportOptions
            {
                LocalCertificate = agentCertificate,
                TrustAnchors = [ca],
                CertificateToSecurityName = [new(CertificateFingerprint.Compute(ca, HashAlgorithmName.SHA256), CertificateMapType.CommonName)],
            },
        });
        agent.AddSecurityName(SecurityModel.Tsm, "manager", writable: true);   // VACM, model 4, authPriv
    }

    internal static async Task HostingAndDependencyInjection(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSnmpAgent((agent, services) =>                     // after the settings' users and communities
            agent.Mib.AddScalar("1.3.6.1.4.1.99999.1", new Integer32(42)));
        builder.Services.AddSnmpEngine();                                      // an Engine singleton for your pollers
        builder.Services.AddSnmpTrapReceiver((notification, cancellationToken) =>
        {
            Console.WriteLine($"{notification.Source} {notification.TrapOid}: {string.Join(", ", notification.Payload)}");
            return Task.CompletedTask;
        });                                                                    // or AddSnmpTrapReceiver<MyHandler>()
        builder.Services.AddHostedService<RouterPoller>();
        await builder.Build().RunAsync();
    }
}

// The hosting example's poller (README "Hosting and dependency injection").
sealed class RouterPoller(Engine engine) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var router = engine.Manager("192.0.2.1");                      // user "ops" of Snmp:Engine:Users, authPriv
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
        do
        {
            VarBindList upTime = await router.GetAsync(["1.3.6.1.2.1.1.3.0"], null, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
