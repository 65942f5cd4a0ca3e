using Snmp.AbstractServices;
using Snmp.Messages;

namespace Snmp.Tests;

/// <summary>
/// Manager.GetTable (issue 11): rows keyed by index with the columns each row has, on a sparse
/// table of our own Agent, by GetBulk (SNMPv2c) and GetNext (SNMPv1), with and without names.
/// </summary>
[TestFixture]
public class GetTableTests
{
    private const string Entry = SymbolicNameTests.Enterprise + ".4.1";

    [TestCase(SnmpVersion.SNMPv2c, 1)]
    [TestCase(SnmpVersion.SNMPv2c, 25)]
    [TestCase(SnmpVersion.SNMPv1, 0)]
    public async Task A_sparse_table_keeps_each_cell_in_its_own_row(SnmpVersion version, int maxRepetitions)
    {
        await using var agent = SymbolicNameTests.StartAgent(out _);
        await using var engine = new Engine(version, defaultCommunity: "public");
        var manager = engine.Manager(agent.Endpoints[0], version);
        manager.Timeout = TimeSpan.FromSeconds(5);
        if (maxRepetitions > 0)
        {
            manager.WalkMaxRepetitions = maxRepetitions;
        }

        var table = await manager.GetTableAsync(SymbolicNameTests.Enterprise + ".4");

        Assert.That(table.Entry, Is.EqualTo(new ObjectIdentifier(Entry)));
        Assert.That(table.Columns, Is.EqualTo(new[] { "2", "3", "4" }), "no MIBs: columns by number; the not-accessible index column is not served");
        Assert.That(table.Rows.Select(r => r.IndexText), Is.EqualTo(new[] { "1", "2", "5" }));
        Assert.That(table.Rows.Select(r => r.Index), Is.EqualTo(new[] { new ObjectIdentifier(1), new ObjectIdentifier(2), new ObjectIdentifier(5) }));
        Assert.That(table["1"]!["2"], Is.EqualTo(new OctetString("eth0")));
        Assert.That(table["1"]!["3"], Is.EqualTo(new Gauge32(1000)));
        Assert.That(table["2"]!["2"], Is.EqualTo(new OctetString("eth1")));
        Assert.That(table["2"]!["3"], Is.Null, "row 2 has no column 3: missing, not row 5's value");
        Assert.That(table["2"]!["4"], Is.EqualTo(new OctetString("spare")));
        Assert.That(table["5"]!["2"], Is.Null, "row 5 has no column 2");
        Assert.That(table["5"]!["3"], Is.EqualTo(new Gauge32(10)));
        Assert.That(table["5"]!.Cells.Keys, Is.EquivalentTo(new[] { "3" }));
        Assert.That(table["5"]!.Cells["3"].Oid, Is.EqualTo(new ObjectIdentifier(Entry + ".3.5")));
        Assert.That(table["3"], Is.Null);
        Assert.That(table.Rows.SelectMany(r => r.Cells.Values).Select(c => c.Value), Has.None.EqualTo(new Integer32(99)), "the scalar after the table is not a row");
    }

    [Test]
    public async Task With_names_columns_are_named_and_the_table_may_be_given_by_name()
    {
        await using var agent = SymbolicNameTests.StartAgent(out _);
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public") { Mibs = SymbolicNameTests.TestMib() };
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        var table = manager.GetTable("TEST-MIB::testTable");

        Assert.That(table.Columns, Is.EqualTo(new[] { "testName", "testSpeed", "testAlias" }));
        Assert.That(table.Rows.Select(r => r.IndexText), Is.EqualTo(new[] { "1", "2", "5" }));
        Assert.That(table["2"]!["testName"], Is.EqualTo(new OctetString("eth1")));
        Assert.That(table["2"]!["testSpeed"], Is.Null);
        Assert.That(table["5"]!["testSpeed"], Is.EqualTo(new Gauge32(10)));
    }

    [Test]
    public async Task An_empty_table_and_rows_changing_between_reads()
    {
        await using var agent = SymbolicNameTests.StartAgent(out var mib);
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        foreach (var index in mib.RowIndexes().ToList())
        {
            mib.RemoveRow(index);
        }

        var empty = manager.GetTable(new ObjectIdentifier(SymbolicNameTests.Enterprise + ".4"));
        mib.SetRow(new ObjectIdentifier(7, 1), new Integer32(7), new OctetString("new"), null, null);
        var one = manager.GetTable(new ObjectIdentifier(SymbolicNameTests.Enterprise + ".4"));

        Assert.That(empty.Rows, Is.Empty);
        Assert.That(empty.Columns, Is.Empty);
        Assert.That(one.Rows.Single().IndexText, Is.EqualTo("7.1"), "no MIBs: the index is the dotted instance");
        Assert.That(one.Rows.Single()["2"], Is.EqualTo(new OctetString("new")));
    }

    [TestCase(1, 3, 7)]
    [TestCase(25, 1, 1)]
    public async Task Columns_the_MIB_knows_are_read_side_by_side_in_fewer_requests(int maxRepetitions, int tableRequests, int walkRequests)
    {
        await using var agent = SymbolicNameTests.StartAgent(out _);
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public") { Mibs = new TypedResolver() };
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);
        manager.WalkMaxRepetitions = maxRepetitions;
        manager.WalkMaxRepetitionsLimit = maxRepetitions; // the walk in pages of the same size, for the comparison

        long before = engine.Statistics[SnmpCounter.SnmpOutPkts];
        var table = await manager.GetTableAsync("TEST-MIB::testTable");
        long afterTable = engine.Statistics[SnmpCounter.SnmpOutPkts];
        var walked = await manager.WalkAsync(Entry).ToListAsync();
        long afterWalk = engine.Statistics[SnmpCounter.SnmpOutPkts];

        Assert.That(afterTable - before, Is.EqualTo(tableRequests), "testName, testSpeed and testAlias in each GetBulk, up to the end of the longest");
        Assert.That(afterWalk - afterTable, Is.EqualTo(walkRequests), "the walk of the entry that GetTable was before");
        Assert.That(table.Columns, Is.EqualTo(new[] { "testName", "testSpeed", "testAlias" }));
        Assert.That(table.Rows.Select(r => r.IndexText), Is.EqualTo(new[] { "1", "2", "5" }));
        Assert.That(table.Rows.SelectMany(r => r.Cells.Values).Select(c => c.Oid).Order(), Is.EqualTo(walked.Select(v => v.Oid)), "every cell once, none other");
        Assert.That(table["2"]!["testSpeed"], Is.Null);
        Assert.That(table["5"]!.Cells.Keys, Is.EquivalentTo(new[] { "testSpeed" }));
    }

    [Test]
    public async Task The_entry_and_a_subset_of_columns_may_be_named()
    {
        await using var agent = SymbolicNameTests.StartAgent(out _);
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public") { Mibs = new TypedResolver() };
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        var byEntry = manager.GetTable("TEST-MIB::testEntry");
        var speeds = await manager.GetTableAsync("testTable", ["testSpeed"]);
        var two = manager.GetTable(new ObjectIdentifier(Entry), [new ObjectIdentifier(Entry + ".4"), new ObjectIdentifier(Entry + ".2"), new ObjectIdentifier(Entry + ".4")]);

        Assert.That(byEntry.Oid, Is.EqualTo(new ObjectIdentifier(SymbolicNameTests.Enterprise + ".4")), "the entry names its table");
        Assert.That(byEntry.Entry, Is.EqualTo(new ObjectIdentifier(Entry)));
        Assert.That(byEntry.Rows.Select(r => r.ToString()), Is.EqualTo(manager.GetTable("TEST-MIB::testTable").Rows.Select(r => r.ToString())));
        Assert.That(speeds.Columns, Is.EqualTo(new[] { "testSpeed" }));
        Assert.That(speeds.Rows.Select(r => r.IndexText), Is.EqualTo(new[] { "1", "5" }), "row 2 has no speed, so it is not a row of this read");
        Assert.That(speeds["5"]!["testSpeed"], Is.EqualTo(new Gauge32(10)));
        Assert.That(two.Columns, Is.EqualTo(new[] { "testName", "testAlias" }), "column order, each once");
        Assert.That(two.Rows.Select(r => r.IndexText), Is.EqualTo(new[] { "1", "2" }));
        Assert.That(two["2"]!["testAlias"], Is.EqualTo(new OctetString("spare")));
    }

    [Test]
    public async Task Columns_must_be_columns_of_the_table()
    {
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public") { Mibs = new TypedResolver() };
        var manager = engine.Manager("127.0.0.1:9");

        Assert.ThrowsAsync<ArgumentException>(() => manager.GetTableAsync("testTable", ["testCounter"]));
        Assert.ThrowsAsync<ArgumentException>(() => manager.GetTableAsync("testTable", [Entry + ".2.1"]), "an instance, not a column");
        Assert.ThrowsAsync<ArgumentException>(() => manager.GetTableAsync("testTable", Array.Empty<string>()));
        Assert.ThrowsAsync<SnmpUnknownNameException>(() => manager.GetTableAsync("testTable", ["testNothing"]));
        Assert.ThrowsAsync<ArgumentException>(() => manager.GetTableAsync("testSpeed"), "a column is not a table");
        Assert.Throws<ArgumentException>(() => manager.GetTable("TEST-MIB::testCounter"), "nor is a scalar");
    }

    [Test]
    public async Task Columns_the_MIB_does_not_define_are_still_read()
    {
        await using var agent = SymbolicNameTests.StartAgent(out _);
        var extra = agent.Mib.AddTable(SymbolicNameTests.Enterprise + ".6.1", new MibColumn(2, SnmpType.Integer32), new MibColumn(7, SnmpType.Integer32));
        extra.SetRow(new ObjectIdentifier(1), new Integer32(12), new Integer32(17));
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public") { Mibs = new TypedResolver() };
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);
        manager.WalkMaxRepetitions = 1;
        agent.Mib.Unregister(agent.Mib.Find(new ObjectIdentifier(Entry))!);
        var table = agent.Mib.AddTable(Entry, new MibColumn(2, SnmpType.OctetString), new MibColumn(5, SnmpType.Integer32), new MibColumn(9, SnmpType.Integer32));
        table.SetRow(new ObjectIdentifier(1), new OctetString("eth0"), new Integer32(5), new Integer32(9));
        table.SetRow(new ObjectIdentifier(3), null, new Integer32(55), null);

        var read = await manager.GetTableAsync("TEST-MIB::testTable");

        Assert.That(read.Columns, Is.EqualTo(new[] { "testName", "5", "9" }), "columns 5 and 9 found where testName, testSpeed and testAlias end");
        Assert.That(read["1"]!.Cells.Keys, Is.EquivalentTo(new[] { "testName", "5", "9" }));
        Assert.That(read["3"]!.Cells.Keys, Is.EquivalentTo(new[] { "5" }));
        Assert.That(read["3"]!["5"], Is.EqualTo(new Integer32(55)));
    }

    [Test]
    public async Task SNMPv1_reads_the_columns_side_by_side_with_GetNext_to_the_end_of_the_MIB()
    {
        // The table is the last thing the agent has: the GetNext past its last column is noSuchName.
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], BuiltInObjects = false });
        agent.AddCommunity("public");
        var table = agent.Mib.AddTable(Entry, new MibColumn(2, SnmpType.OctetString), new MibColumn(3, SnmpType.Gauge32), new MibColumn(4, SnmpType.OctetString));
        table.SetRow(new ObjectIdentifier(1), new OctetString("eth0"), new Gauge32(1000), new OctetString("a"));
        table.SetRow(new ObjectIdentifier(2), new OctetString("eth1"), null, new OctetString("b"));
        table.SetRow(new ObjectIdentifier(5), null, new Gauge32(10), new OctetString("c"));
        await using var engine = new Engine(SnmpVersion.SNMPv1, defaultCommunity: "public") { Mibs = new TypedResolver() };
        var manager = engine.Manager(agent.Endpoints[0], SnmpVersion.SNMPv1);
        manager.Timeout = TimeSpan.FromSeconds(5);

        long before = engine.Statistics[SnmpCounter.SnmpOutPkts];
        var read = await manager.GetTableAsync("TEST-MIB::testTable");
        long requests = engine.Statistics[SnmpCounter.SnmpOutPkts] - before;

        Assert.That(read.Rows.Select(r => r.ToString()), Is.EqualTo(new[]
        {
            "1: testName=eth0, testSpeed=1000, testAlias=a",
            "2: testName=eth1, testAlias=b",
            "5: testSpeed=10, testAlias=c",
        }));
        // testStatus, which this agent does not serve, is noSuchName at once and asked again
        // without it (1); then [name, speed, alias] for rows 1, 2 and (name and speed running into
        // the next column) 5 (3); then alias's GetNext past the end of the MIB, noSuchName (1).
        Assert.That(requests, Is.EqualTo(5));
    }

    [Test]
    public async Task A_GetBulk_answer_cut_inside_a_row_is_read_on_from_where_it_ends()
    {
        await using var agent = SymbolicNameTests.StartAgent(out _);
        await using var relay = new Fakes.TruncatingUdpRelay(agent.Endpoints[0], drop: 1);
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public") { Mibs = new TypedResolver() };
        var manager = engine.Manager(relay.Address);
        manager.Timeout = TimeSpan.FromSeconds(5);
        manager.WalkMaxRepetitions = 2;

        var read = await manager.GetTableAsync("TEST-MIB::testTable", ["testName", "testSpeed", "testAlias"]);

        Assert.That(relay.Truncated, Is.GreaterThan(1), "every answer lost its last varbind, so no row of a page was whole at the end");
        Assert.That(read.Rows.Select(r => r.ToString()), Is.EqualTo(new[]
        {
            "1: testName=eth0, testSpeed=1000, testAlias=",
            "2: testName=eth1, testAlias=spare",
            "5: testSpeed=10",
        }));
        var cut = await manager.GetBulkAsync(0, 2, new ObjectIdentifier(Entry + ".2"), new ObjectIdentifier(Entry + ".3"));
        Assert.That(cut, Has.Count.EqualTo(3), "GetBulk itself returns the cut answer as it came (RFC 3416 4.2.3)");
    }
}
