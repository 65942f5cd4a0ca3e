using Snmp.Messages;
using Snmp.Smi;

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
}
