// The README's first-program examples (Get, walk, Set, the poller, SNMPv3 users, an agent,
// notifications), verbatim, compiled with `using Snmp;` alone: ReadmeTests checks that this file
// uses no other namespace and that those README blocks name no other. They are never run: the
// addresses are documentation ones.
#pragma warning disable CS1998, CS0168, CS0219, IDE0059

using Snmp;

namespace FirstProgram;

internal static class ReadmeFirstProgramExamples
{
    internal static async Task UsingIt()
    {
        using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager("127.0.0.1:161");          // "host", "host:port", "[::1]:161" or an IPEndPoint

        VarBindList result = await manager.GetAsync("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0");
        foreach (var (oid, value) in result)
            Console.WriteLine($"{oid} = {value.Type}: {value}");

        await manager.SetAsync([new VarBind("1.3.6.1.2.1.1.4.0", new OctetString("ops@example.org"))],
                               new RequestOptions { Community = "private" });

        await foreach (var vb in manager.WalkAsync("1.3.6.1.2.1.2.2"))   // GetBulk (v2c) or GetNext (v1)
            Console.WriteLine(vb);

        try { VarBindList now = manager.Get("1.3.6.1.2.1.1.1.0"); }  // blocking forms return the values too
        catch (SnmpTimeoutException e) { Console.WriteLine(e.Message); }
        catch (SnmpErrorResponseException e) { Console.WriteLine($"{e.ErrorStatus} at {e.ErrorIndex}"); }
    }

    internal static void HandlesAndThePoller(Engine engine)
    {
        var manager = engine.Manager("192.0.2.1", autowait: false);   // or RequestOptions { Wait = false }
        var poller = engine.Poller();
        RequestHandle a = manager.BeginGet("1.3.6.1.2.1.1.3.0");     // returns at once
        RequestHandle b = manager.BeginGetNext("1.3.6.1.2.1.2.2.1.2");
        poller.Register(a); poller.Register(b);
        while (poller.Count > 0)
            foreach (var done in poller.Wait(TimeSpan.FromSeconds(5)))
                Console.WriteLine(done.Wait()[0]);                    // Wait() returns the varbinds or throws
    }

    internal static async Task SnmpV3(OctetString knownEngineId)
    {
        using var engine = new Engine();                                  // defaultVersion: SNMPv3, USM
        engine.Usm.AddUser("ops", AuthenticationProtocol.HmacSha256, "auth-secret-1",
                           PrivacyProtocol.Aes128, "priv-secret-1");       // first user: the default; level authPriv
        engine.Usm.AddUser("monitor", AuthenticationProtocol.HmacSha1, secret: "shared-secret");   // authNoPriv
        engine.Usm.AddUser("ops", AuthenticationProtocol.HmacMd5, secret: "lab-secret-1", @namespace: "lab");

        var router = engine.Manager("192.0.2.1");                        // user "ops", authPriv
        VarBindList r = await router.GetAsync("1.3.6.1.2.1.1.5.0");
        await router.GetAsync(["1.3.6.1.2.1.1.3.0"], new RequestOptions { UserName = "monitor" });     // its own default level
        await router.GetAsync(["1.3.6.1.2.1.1.3.0"], new RequestOptions { SecurityLevel = SecurityLevel.AuthNoPriv, Context = "vlan-10" });
        var lab = engine.Manager("[2001:db8::7]:1161", @namespace: "lab", engineId: knownEngineId);   // skip discovery
    }

    internal static async Task AnAgent()
    {
        await using var agent = new Agent(new AgentOptions
        {
            ListenOn = ["127.0.0.1:1161", "[::1]:1161"],         // port 0 picks a free port: agent.Endpoints
            EngineBootsFile = "/var/lib/myagent/engine.boots",    // snmpEngineID and boots survive restarts
            SysDescr = "my device",
        });
        agent.AddCommunity("public");                             // read the whole tree (view "all")
        agent.AddCommunity("private", writable: true);
        agent.AddContext("vlan-10").AddScalar("1.3.6.1.4.1.99999.9", new Integer32(10));   // a second context:
        agent.AddCommunity("public@vlan-10", context: "vlan-10");                           // v3 contextName, or a community
        agent.AddUser("admin", AuthenticationProtocol.HmacSha256, "auth-secret", PrivacyProtocol.Aes128, "priv-secret", writable: true);
        agent.Vacm.AddView("sys", "1.3.6.1.2.1.1");               // VACM directly for anything finer
        agent.AddUser("viewer", AuthenticationProtocol.HmacSha1, "viewer-secret", view: "sys");

        agent.Mib.AddScalar("1.3.6.1.4.1.99999.1", new Integer32(42));                                // read-only value
        agent.Mib.Register(new MibScalar("1.3.6.1.4.1.99999.2", new OctetString("hi"), writable: true));
        agent.Mib.Register(MibScalar.FromAsyncCallback("1.3.6.1.4.1.99999.3", SnmpType.Gauge32,
            async ct => new Gauge32(await ReadSensorAsync(ct))));                                         // slow source, async
        var table = agent.Mib.AddTable("1.3.6.1.4.1.99999.4.1",                                          // xxxEntry
            new MibColumn(1, SnmpType.Integer32, MibAccess.NotAccessible),                              // the index
            new MibColumn(2, SnmpType.OctetString, MibAccess.ReadCreate),
            new MibColumn(3, SnmpType.Integer32, MibAccess.ReadCreate, DefaultValue: new Integer32(0)),
            MibColumn.RowStatus(4));                                                                    // managers create/destroy rows
        table.SetRow(new ObjectIdentifier().AppendIndex(IndexValue.Integer(1)),
            new Integer32(1), new OctetString("first"), new Integer32(10), new Integer32((int)RowStatus.Active));
    }

    internal static async Task Notifications(CancellationToken cancellationToken)
    {
        using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var notifier = engine.Notifier("192.0.2.9");                      // port 162
        await notifier.SendTrapAsync("1.3.6.1.6.3.1.1.5.3",               // snmpTrapOID: linkDown; sysUpTime.0 is the engine's
            [new VarBind("1.3.6.1.2.1.2.2.1.1.4", new Integer32(4))]);
        VarBindList acked = await notifier.InformAsync("1.3.6.1.4.1.99999.0.1");   // retransmitted until answered, or SnmpTimeoutException
        engine.Notifier("192.0.2.9", SnmpVersion.SNMPv1)
            .SendV1Trap("1.3.6.1.4.1.99999", GenericTrap.EnterpriseSpecific, 12);   // enterprise, generic-trap, specific-trap

        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["0.0.0.0:162"], Communities = ["public"] });
        await foreach (ReceivedNotification n in receiver.ReadAllAsync(cancellationToken))
            Console.WriteLine($"{n.Source} {n.Version} {n.TrapOid} at {n.SysUpTime}: {string.Join(", ", n.Payload)}");
    }

    internal static async Task SnmpV3Notifications()
    {
        using var v3 = new Engine(new EngineOptions { EngineBootsFile = "notifier.boots" });
        v3.Usm.AddUser("traps", AuthenticationProtocol.HmacSha1, "auth-secret-1", PrivacyProtocol.Aes128, "priv-secret-1");
        var v3Notifier = v3.Notifier("192.0.2.9", SnmpVersion.SNMPv3);            // user "traps", authPriv
        await v3Notifier.SendTrapAsync("1.3.6.1.6.3.1.1.5.3");                    // as engine v3.LocalEngine.EngineId
        await v3Notifier.InformAsync("1.3.6.1.4.1.99999.0.1");                    // the receiver's engine discovered first

        await using var v3Receiver = new TrapReceiver(new TrapReceiverOptions
        {
            ListenOn = ["0.0.0.0:162"],
            Users = [new TrapReceiverUser("traps", AuthenticationProtocol.HmacSha1, "auth-secret-1", PrivacyProtocol.Aes128, "priv-secret-1")],
        });
    }

    internal static async Task AgentNotificationTargets()
    {
        await using var agent = new Agent(new AgentOptions
        {
            ListenOn = ["0.0.0.0:161"],
            EngineBootsFile = "agent.boots",
            NotificationTargets =
            [
                new NotificationTarget("192.0.2.9") { Community = "public" },       // SNMPv2c trap
                new NotificationTarget("192.0.2.10:162")
                {
                    Version = SnmpVersion.SNMPv3, UserName = "traps", SecurityLevel = SecurityLevel.AuthPriv,
                    AuthProtocol = AuthenticationProtocol.HmacSha256, AuthPassword = "auth-secret-1",
                    PrivProtocol = PrivacyProtocol.Aes128, PrivPassword = "priv-secret-1",
                    Inform = true,                                                  // acknowledged by 192.0.2.10
                },
            ],
        });
        await agent.SendNotificationAsync("1.3.6.1.4.1.99999.0.2", [new VarBind("1.3.6.1.4.1.99999.2.0", new Integer32(2))]);
    }


    private static Task<uint> ReadSensorAsync(CancellationToken cancellationToken) => Task.FromResult(21u);
}
