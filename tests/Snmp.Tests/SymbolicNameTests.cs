using Moq;
using Snmp.Applications;
using Snmp.Messages;

namespace Snmp.Tests;

/// <summary>
/// Symbolic names in the facade (issue 11): text OIDs that do not start with a digit go through the
/// configured <see cref="IObjectNameResolver"/>, dotted text never does, and a name nobody can
/// resolve is a typed error naming it. A dictionary stands in for the MIB compiler here (the facade
/// does not depend on it); Snmp.Interop.Tests uses the real MibModuleSet.
/// </summary>
[TestFixture]
public class SymbolicNameTests
{
    internal const string Enterprise = "1.3.6.1.4.1.99999";

    /// <summary>A few names of a made-up TEST-MIB: a scalar, a table with three columns, a notification.</summary>
    internal static DictionaryResolver TestMib() => new(new Dictionary<string, ObjectIdentifier>
    {
        ["TEST-MIB::testCounter"] = new(Enterprise + ".1"),
        ["TEST-MIB::testTable"] = new(Enterprise + ".4"),
        ["TEST-MIB::testEntry"] = new(Enterprise + ".4.1"),
        ["TEST-MIB::testName"] = new(Enterprise + ".4.1.2"),
        ["TEST-MIB::testSpeed"] = new(Enterprise + ".4.1.3"),
        ["TEST-MIB::testAlias"] = new(Enterprise + ".4.1.4"),
        ["TEST-MIB::testEvent"] = new(Enterprise + ".0.1"),
    });

    [Test]
    public async Task Dotted_text_never_consults_the_resolver()
    {
        var resolver = new Mock<IObjectNameResolver>(MockBehavior.Strict);
        await using var agent = StartAgent(out _);
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = "public", Mibs = resolver.Object });
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        var values = await manager.GetAsync(Enterprise + ".1.0", "." + Enterprise + ".1.0");
        var next = manager.GetNext(Enterprise + ".1");

        Assert.That(values[0].Value, Is.EqualTo(new Counter32(7)));
        Assert.That(values[1].Value, Is.EqualTo(new Counter32(7)));
        Assert.That(next[0].Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".1.0")));
        resolver.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Names_are_resolved_in_every_request_form()
    {
        await using var agent = StartAgent(out _);
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = "public", Mibs = TestMib() });
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        var get = await manager.GetAsync("TEST-MIB::testCounter.0", "testName.1");
        var next = manager.GetNext("TEST-MIB::testName");
        var bulk = manager.GetBulk(0, 2, "TEST-MIB::testName");
        var walked = manager.Walk("TEST-MIB::testSpeed").Select(v => v.Oid).ToList();
        var set = await manager.SetAsync("TEST-MIB::testAlias.1", new OctetString("uplink"), new RequestOptions { Community = "private" });

        Assert.That(get[0].Value, Is.EqualTo(new Counter32(7)));
        Assert.That(get[1].Value, Is.EqualTo(new OctetString("eth0")));
        Assert.That(next[0].Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".4.1.2.1")));
        Assert.That(bulk.Select(v => v.Oid.ToString()), Is.EqualTo(new[] { Enterprise + ".4.1.2.1", Enterprise + ".4.1.2.2" }));
        Assert.That(walked.Select(o => o.ToString()), Is.EqualTo(new[] { Enterprise + ".4.1.3.1", Enterprise + ".4.1.3.5" }), "row 2 has no speed");
        Assert.That(set[0].Value, Is.EqualTo(new OctetString("uplink")));
        Assert.That((await manager.GetAsync("TEST-MIB::testAlias.1"))[0].Value, Is.EqualTo(new OctetString("uplink")));
        Assert.That(engine.Resolve("TEST-MIB::testEntry"), Is.EqualTo(new ObjectIdentifier(Enterprise + ".4.1")));
    }

    [Test]
    public async Task Names_take_per_request_options_too()
    {
        await using var agent = StartAgent(out _);
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = "nobody", Mibs = TestMib() });
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);
        var asPublic = new RequestOptions { Community = "public" };

        var get = await manager.GetAsync(["TEST-MIB::testCounter.0", Enterprise + ".4.1.2.2"], asPublic);
        var next = manager.GetNext(["testSpeed.1"], asPublic);
        var bulk = await manager.GetBulkAsync(0, 3, ["TEST-MIB::testAlias"], asPublic);

        Assert.That(get.Select(v => v.Value), Is.EqualTo(new SnmpValue[] { new Counter32(7), new OctetString("eth1") }));
        Assert.That(next[0].Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".4.1.3.5")));
        Assert.That(bulk.Select(v => v.Value), Is.EqualTo(new SnmpValue[] { new OctetString(""), new OctetString("spare"), new Integer32(99) }));
        Assert.ThrowsAsync<SnmpUnknownNameException>(() => manager.GetNextAsync(["TEST-MIB::nothing"], asPublic));
    }

    [Test]
    public async Task A_name_nobody_can_resolve_is_a_typed_error_naming_it()
    {
        await using var bare = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = bare.Manager("127.0.0.1:9");
        var noMibs = Assert.Throws<SnmpUnknownNameException>(() => manager.Get("IF-MIB::ifDescr.1"))!;
        Assert.That(noMibs.Name, Is.EqualTo("IF-MIB::ifDescr.1"));
        Assert.That(noMibs.Message, Does.Contain("IF-MIB::ifDescr.1").And.Contain("no MIB modules"));

        manager.Mibs = TestMib();
        var unknown = Assert.ThrowsAsync<SnmpUnknownNameException>(() => manager.GetAsync("TEST-MIB::noSuchThing.0"))!;
        Assert.That(unknown.Message, Does.Contain("TEST-MIB::noSuchThing.0").And.Contain("not a name"));
        Assert.Throws<SnmpUnknownNameException>(() => manager.Walk("noSuchThing"), "a walk fails when called, not when enumerated");
        Assert.Throws<SnmpUnknownNameException>(() => manager.GetTable("noSuchTable"));
        Assert.Throws<SnmpUnknownNameException>(() => manager.Set("", new Integer32(1)));
        Assert.Throws<FormatException>(() => manager.Get("1.3.6.x"), "malformed dotted text keeps its FormatException");
        Assert.That(bare.Mibs, Is.Null, "a Manager's resolver is its own");
    }

    [Test]
    public async Task Notification_OIDs_may_be_names()
    {
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Communities = ["public"] });
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public") { Mibs = TestMib() };
        var notifier = engine.Notifier(receiver.Endpoints[0].ToString());
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();

        await notifier.SendTrapAsync("TEST-MIB::testEvent", [new VarBind(engine.Resolve("TEST-MIB::testName.1"), new OctetString("eth0"))]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.That(await notifications.MoveNextAsync().AsTask().WaitAsync(cts.Token), Is.True);

        Assert.That(notifications.Current.TrapOid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".0.1")));
        Assert.That(notifications.Current.Payload.First().Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".4.1.2.1")));
        Assert.Throws<SnmpUnknownNameException>(() => notifier.SendTrap("TEST-MIB::nothing"));
    }

    [Test]
    public async Task Several_objects_are_set_by_name_in_one_request_or_none()
    {
        await using var agent = StartAgent(out var table);
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = "private", Mibs = TestMib() });
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        var set = manager.Set([("TEST-MIB::testAlias.1", new OctetString("a")), (Enterprise + ".4.1.4.2", new OctetString("b"))], null);
        Assert.ThrowsAsync<SnmpUnknownNameException>(() => manager.SetAsync([("testAlias.1", new OctetString("x")), ("testNothing.2", new OctetString("y"))], null));
        var handle = manager.BeginSet("testAlias.2", new OctetString("c"));
        var handled = handle.Wait();

        Assert.That(set.Select(v => v.Value), Is.EqualTo(new[] { new OctetString("a"), new OctetString("b") }));
        Assert.That(handled[0].Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".4.1.4.2")));
        Assert.That(table.GetCell(new ObjectIdentifier(1), 4), Is.EqualTo(new OctetString("a")), "the failed call sent nothing");
        Assert.That(table.GetCell(new ObjectIdentifier(2), 4), Is.EqualTo(new OctetString("c")));
    }

    [Test]
    public async Task An_agent_view_may_be_given_by_name()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], BuiltInObjects = false, Mibs = TestMib() });
        agent.Mib.AddScalar(Enterprise + ".1", new Counter32(7));
        agent.Mib.AddScalar(Enterprise + ".4.1.2", new OctetString("x"));
        agent.AddView("names", "TEST-MIB::testTable");
        agent.AddCommunity("limited", view: "names");
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "limited");
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        var values = await manager.GetAsync(Enterprise + ".1.0", Enterprise + ".4.1.2.0");

        Assert.That(values[0].Value, Is.EqualTo(NoSuchObject.Instance), "outside the view (RFC 3415 3.2)");
        Assert.That(values[1].Value, Is.EqualTo(new OctetString("x")));
        Assert.Throws<SnmpUnknownNameException>(() => agent.AddView("names", "TEST-MIB::nothing"));
    }

    [Test]
    public async Task An_SNMPv1_trap_enterprise_may_be_a_name()
    {
        await using var receiver = new TrapReceiver(new TrapReceiverOptions { ListenOn = ["127.0.0.1:0"], Communities = ["public"] });
        await using var engine = new Engine(SnmpVersion.SNMPv1, defaultCommunity: "public") { Mibs = TestMib() };
        var notifier = engine.Notifier(receiver.Endpoints[0].ToString(), SnmpVersion.SNMPv1);
        await using var notifications = receiver.ReadAllAsync().GetAsyncEnumerator();

        await notifier.SendV1TrapAsync("TEST-MIB::testTable", Snmp.GenericTrap.EnterpriseSpecific, 7);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.That(await notifications.MoveNextAsync().AsTask().WaitAsync(cts.Token), Is.True);

        Assert.That(notifications.Current.TrapOid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".4.0.7")), "RFC 3584 3.1: enterprise.0.specific-trap");
        Assert.Throws<SnmpUnknownNameException>(() => notifier.SendV1Trap("TEST-MIB::nothing", Snmp.GenericTrap.EnterpriseSpecific, 1));
    }

    [Test]
    public async Task An_agent_resolves_names_for_registration_and_notifications()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], Mibs = TestMib() });
        agent.AddCommunity("public");
        agent.Mib.AddScalar(agent.Resolve("TEST-MIB::testCounter"), new Counter32(3));
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        Assert.That((await manager.GetAsync(Enterprise + ".1.0"))[0].Value, Is.EqualTo(new Counter32(3)));
        Assert.That(await agent.SendNotificationAsync("TEST-MIB::testEvent"), Is.Zero, "no targets");
        Assert.ThrowsAsync<SnmpUnknownNameException>(() => agent.SendNotificationAsync("TEST-MIB::nothing"));
    }

    [Test]
    public async Task An_agent_registers_by_name_in_every_context_and_a_table_from_the_MIB_creates_rows()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], BuiltInObjects = false, Mibs = new TypedResolver() });
        agent.AddCommunity("public", writable: true);
        var context = agent.AddContext("other");
        agent.Mib.AddScalar("TEST-MIB::testCounter.0", new Counter32(3));
        var table = agent.Mib.AddTable("TEST-MIB::testTable");
        context.AddScalar("testCounter", new Counter32(4));
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public") { Mibs = new TypedResolver() };
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        // RFC 2579 createAndGo (4) on the RowStatus column the MIB defines, with the row's other writable cell.
        await manager.SetAsync([new VarBind(engine.Resolve("testStatus.9"), new Integer32(4)), new VarBind(engine.Resolve("testAlias.9"), new OctetString("new"))], null);
        var read = await manager.GetTableAsync("testTable");

        Assert.That(agent.Mib.Mibs, Is.SameAs(agent.Options.Mibs));
        Assert.That(context.Mibs, Is.SameAs(agent.Options.Mibs), "every context's tree resolves names");
        Assert.That(context.Find(new ObjectIdentifier(Enterprise + ".1.0")), Is.Not.Null);
        Assert.That((await manager.GetAsync("TEST-MIB::testCounter.0"))[0].Value, Is.EqualTo(new Counter32(3)));
        Assert.That(table.Columns.Single(c => c.IsRowStatus).Id, Is.EqualTo(6u));
        Assert.That(read.Rows.Single().ToString(), Is.EqualTo("9: testAlias=new, testStatus=1"), "the row active(1), the index column not served");
        Assert.Throws<ArgumentException>(() => agent.Mib.AddScalar("testCounter", new Integer32(1)), "checked against the MIB before the overlap");
        Assert.Throws<SnmpUnknownNameException>(() => agent.Mib.AddTable("TEST-MIB::nothing"));
    }

    /// <summary>
    /// An agent with TEST-MIB's objects: testCounter.0 = 7 and a sparse testTable indexed by an
    /// integer: rows 1 (all columns), 2 (no testSpeed), 5 (no testName), then a scalar after the table.
    /// </summary>
    internal static Agent StartAgent(out MibTable table)
    {
        var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], BuiltInObjects = false });
        agent.AddCommunity("public");
        agent.AddCommunity("private", writable: true);
        agent.Mib.AddScalar(Enterprise + ".1", new Counter32(7));
        table = agent.Mib.AddTable(Enterprise + ".4.1",
            new MibColumn(1, SnmpType.Integer32, MibAccess.NotAccessible),
            new MibColumn(2, SnmpType.OctetString),
            new MibColumn(3, SnmpType.Gauge32),
            new MibColumn(4, SnmpType.OctetString, MibAccess.ReadWrite));
        table.SetRow(new ObjectIdentifier(1), new Integer32(1), new OctetString("eth0"), new Gauge32(1000), new OctetString(""));
        table.SetRow(new ObjectIdentifier(2), new Integer32(2), new OctetString("eth1"), null, new OctetString("spare"));
        table.SetRow(new ObjectIdentifier(5), new Integer32(5), null, new Gauge32(10), null);
        agent.Mib.AddScalar(Enterprise + ".5", new Integer32(99));
        return agent;
    }
}

/// <summary>A resolver over a dictionary of names: "MODULE::name" or "name", with a dotted instance after.</summary>
internal sealed class DictionaryResolver(Dictionary<string, ObjectIdentifier> names) : IObjectNameResolver
{
    public bool TryResolve(string name, out ObjectIdentifier? oid)
    {
        oid = null;
        int dot = name.IndexOf('.', name.IndexOf("::", StringComparison.Ordinal) + 1);
        var symbol = dot < 0 ? name : name[..dot];
        var match = names.FirstOrDefault(n => n.Key == symbol || n.Key.EndsWith("::" + symbol, StringComparison.Ordinal));
        if (match.Key is null)
        {
            return false;
        }

        oid = dot < 0 ? match.Value : match.Value.Append(new ObjectIdentifier(name[(dot + 1)..]));
        return true;
    }

    public string FormatInstance(ObjectIdentifier oid)
    {
        var best = names.Where(n => oid.StartsWith(n.Value)).OrderByDescending(n => n.Value.Length).FirstOrDefault();
        return best.Key is null ? oid.ToString()
            : best.Value.Length == oid.Length ? best.Key
            : best.Key + "." + new ObjectIdentifier(oid.SubIdentifiers[best.Value.Length..]);
    }
}

/// <summary>
/// TEST-MIB with its definitions, as a compiled MIB would describe them (an IObjectTypeResolver):
/// testCounter a read-only Counter32 scalar, testTable/testEntry with the not-accessible index
/// testIndex (1), testName (2, read-only), testSpeed (3, read-only Gauge32), testAlias (4,
/// read-create), and testStatus (6, a read-create RowStatus) that the test agent does not serve.
/// </summary>
internal sealed class TypedResolver : IObjectTypeResolver
{
    private readonly DictionaryResolver _names;
    private readonly Dictionary<ObjectIdentifier, ObjectTypeDefinition> _types = [];

    public TypedResolver()
    {
        const string e = SymbolicNameTests.Enterprise;
        var names = new Dictionary<string, ObjectIdentifier>
        {
            ["TEST-MIB::testCounter"] = new(e + ".1"),
            ["TEST-MIB::testTable"] = new(e + ".4"),
            ["TEST-MIB::testEntry"] = new(e + ".4.1"),
            ["TEST-MIB::testIndex"] = new(e + ".4.1.1"),
            ["TEST-MIB::testName"] = new(e + ".4.1.2"),
            ["TEST-MIB::testSpeed"] = new(e + ".4.1.3"),
            ["TEST-MIB::testAlias"] = new(e + ".4.1.4"),
            ["TEST-MIB::testStatus"] = new(e + ".4.1.6"),
            ["TEST-MIB::testEvent"] = new(e + ".0.1"),
        };
        _names = new DictionaryResolver(names);
        ObjectTypeDefinition Column(string name, SnmpType type, string access, string? syntaxName = null) =>
            new(names["TEST-MIB::" + name], "TEST-MIB::" + name, ObjectTypeKind.Column, type, syntaxName, access, []);
        ObjectTypeDefinition[] columns =
        [
            Column("testIndex", SnmpType.Integer32, "not-accessible"),
            Column("testName", SnmpType.OctetString, "read-only", "DisplayString"),
            Column("testSpeed", SnmpType.Gauge32, "read-only"),
            Column("testAlias", SnmpType.OctetString, "read-create", "DisplayString"),
            Column("testStatus", SnmpType.Integer32, "read-create", "RowStatus"),
        ];
        foreach (var column in columns)
        {
            _types[column.Oid] = column;
        }

        _types[names["TEST-MIB::testCounter"]] = new(names["TEST-MIB::testCounter"], "TEST-MIB::testCounter", ObjectTypeKind.Scalar, SnmpType.Counter32, null, "read-only", []);
        _types[names["TEST-MIB::testTable"]] = new(names["TEST-MIB::testTable"], "TEST-MIB::testTable", ObjectTypeKind.Table, null, null, "not-accessible", columns);
        _types[names["TEST-MIB::testEntry"]] = new(names["TEST-MIB::testEntry"], "TEST-MIB::testEntry", ObjectTypeKind.Row, null, null, "not-accessible", columns);
    }

    /// <summary>How many times the facade asked for a definition.</summary>
    public int Lookups { get; private set; }

    public bool TryResolve(string name, out ObjectIdentifier? oid) => _names.TryResolve(name, out oid);

    public string FormatInstance(ObjectIdentifier oid) => _names.FormatInstance(oid);

    public ObjectTypeDefinition? FindObjectType(ObjectIdentifier oid)
    {
        Lookups++;
        return _types.GetValueOrDefault(oid);
    }
}
