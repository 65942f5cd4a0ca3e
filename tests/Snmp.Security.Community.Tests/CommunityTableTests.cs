using Snmp.Messages;

namespace Snmp.Security.Community.Tests;

/// <summary>The snmpCommunityTable lookup of RFC 3584 5.2.1: the first active row by snmpCommunityIndex.</summary>
[TestFixture]
public class CommunityTableTests
{
    private static readonly OctetString Public = new("public");

    private static CommunityRow Row(string index, string securityName, RowStatus status = RowStatus.Active) =>
        new(index, Public, new CommunityEntry(new OctetString(securityName), OctetString.Empty) { Status = status });

    [Test]
    public void The_first_active_row_by_index_wins_whatever_order_the_rows_came_in()
    {
        var table = new CommunityTable();
        table.SetRow(Row("c", "third"));
        table.SetRow(Row("a", "first", RowStatus.NotInService));
        table.SetRow(Row("b", "second"));

        Assert.That(table.Find(Public)?.SecurityName, Is.EqualTo(new OctetString("second")), "a is not active; b comes before c");

        table.SetRow(Row("a", "first"));
        Assert.That(table.Find(Public)?.SecurityName, Is.EqualTo(new OctetString("first")), "a, now active, comes first");

        Assert.That(table.RemoveRow("a"), Is.True);
        Assert.That(table.RemoveRow("b"), Is.True);
        Assert.That(table.Find(Public)?.SecurityName, Is.EqualTo(new OctetString("third")));
        Assert.That(table.Remove(Public), Is.True);
        Assert.That(table.Find(Public), Is.Null);
        Assert.That(table.Rows, Is.Empty);
    }
}
