using Snmp.Security.Usm;

namespace Snmp.Security.Usm.Tests;

/// <summary>The usmUserTable of the Local Configuration Datastore (RFC 3414 2.1, 2.6).</summary>
[TestFixture]
public class UsmUserTableTests
{
    private static readonly OctetString Agent1 = OctetString.FromHex("80001F8880C71100005F5F3A6A");
    private static readonly OctetString Agent2 = OctetString.FromHex("8000000005AABBCCDDEEFF0011");

    private static UsmUser Alice(string password = "alice-auth") =>
        new(new OctetString("alice"), AuthenticationProtocol.HmacSha1, System.Text.Encoding.UTF8.GetBytes(password), null, default);

    [Test]
    public void Rows_are_keyed_by_engine_and_user_name_with_keys_localised_for_that_engine()
    {
        var table = new UsmUserTable();
        var atAgent1 = table.Add(Agent1, Alice());
        var atAgent2 = table.Add(Agent2, Alice());

        Assert.That(table.Find(Agent1, new OctetString("alice")), Is.SameAs(atAgent1));
        Assert.That(table.Find(Agent2, new OctetString("alice")), Is.SameAs(atAgent2));
        Assert.That(table.Find(Agent1, new OctetString("bob")), Is.Null);
        Assert.That(atAgent1.EngineId, Is.EqualTo(Agent1));
        Assert.That(atAgent1.SameKeysAs(atAgent2), Is.False, "RFC 3414 2.6: the same password localises to different keys per engine");
    }

    [Test]
    public void Adding_a_user_again_replaces_its_row()
    {
        var table = new UsmUserTable();
        table.Add(Agent1, Alice());

        var replaced = table.Add(Agent1, Alice("another-password"));

        Assert.That(table.Find(Agent1, new OctetString("alice")), Is.SameAs(replaced));
    }

    [Test]
    public void A_row_found_before_the_table_changed_is_looked_up_again()
    {
        // Find keeps the row it found last; every change to the table must show at once.
        var table = new UsmUserTable();
        var first = table.Add(Agent1, Alice());
        Assert.That(table.Find(Agent1, new OctetString("alice")), Is.SameAs(first));
        Assert.That(table.Find(new OctetString(Agent1.Span), new OctetString("alice")), Is.SameAs(first), "the same names in other instances");

        var replaced = table.Add(Agent1, Alice("another-password"));
        Assert.That(table.Find(Agent1, new OctetString("alice")), Is.SameAs(replaced));

        var notInService = replaced.With(StorageType.NonVolatile, RowStatus.NotInService, OctetString.Empty);
        table.Put(notInService);
        Assert.That(table.Find(Agent1, new OctetString("alice")), Is.Null, "only an active row authenticates anyone");
        Assert.That(table.FindRow(Agent1, new OctetString("alice")), Is.SameAs(notInService));

        Assert.That(table.Remove(notInService), Is.True);
        Assert.That(table.FindRow(Agent1, new OctetString("alice")), Is.Null);
        Assert.That(table.Find(Agent2, new OctetString("alice")), Is.Null);
    }
}
