namespace Snmp.Smi.Modules.Tests;

/// <summary>
/// MibModuleSet as the facade's IObjectTypeResolver (issue 11): kinds, wire types, access and a
/// table's columns, as the IETF modules define them.
/// </summary>
[TestFixture]
public class ObjectTypeTests
{
    private static MibModuleSet? _set;

    private static MibModuleSet Set
    {
        get
        {
            if (_set is null)
            {
                var set = new MibModuleSet(MibCorpus.Ietf);
                foreach (var module in new[] { "IF-MIB", "SNMPv2-MIB", "HOST-RESOURCES-MIB", "IP-MIB", "DISMAN-EVENT-MIB" })
                {
                    Assert.That(set.Load(module), Is.Not.Null, module);
                }

                _set = set;
            }

            return _set;
        }
    }

    [Test]
    public void A_table_and_its_entry_list_the_entrys_columns_in_order()
    {
        var table = Set.FindObjectType(Set.Resolve("IF-MIB::ifTable"))!;
        var entry = Set.FindObjectType(Set.Resolve("IF-MIB::ifEntry"))!;

        Assert.That(table.Kind, Is.EqualTo(ObjectTypeKind.Table));
        Assert.That(table.Name, Is.EqualTo("IF-MIB::ifTable"));
        Assert.That(table.Syntax, Is.Null);
        Assert.That(entry.Kind, Is.EqualTo(ObjectTypeKind.Row));
        Assert.That(table.Columns.Select(c => c.Oid), Is.EqualTo(entry.Columns.Select(c => c.Oid)));
        Assert.That(table.Columns.Select(c => c.Name.Split("::")[1]).Take(4), Is.EqualTo(new[] { "ifIndex", "ifDescr", "ifType", "ifMtu" }));
        Assert.That(table.Columns, Has.Count.EqualTo(22));
        Assert.That(table.Columns.Select(c => c.Oid[^1]), Is.Ordered.And.Unique);
        Assert.That(table.Columns, Has.All.Matches<ObjectTypeDefinition>(c => c.Kind == ObjectTypeKind.Column && c.Columns.Count == 0));

        var admin = table.Columns.Single(c => c.Name == "IF-MIB::ifAdminStatus");
        Assert.That((admin.Syntax, admin.MaxAccess, admin.IsReadable), Is.EqualTo((SnmpType.Integer32, "read-write", true)));
        var specific = table.Columns.Single(c => c.Name == "IF-MIB::ifSpecific");
        Assert.That(specific.Syntax, Is.EqualTo(SnmpType.ObjectIdentifier));
        var physical = table.Columns.Single(c => c.Name == "IF-MIB::ifPhysAddress");
        Assert.That((physical.Syntax, physical.SyntaxName), Is.EqualTo((SnmpType.OctetString, "PhysAddress")));
    }

    [Test]
    public void Scalars_columns_and_wire_types()
    {
        var contact = Set.FindObjectType(Set.Resolve("SNMPv2-MIB::sysContact"))!;
        Assert.That((contact.Kind, contact.Syntax, contact.SyntaxName, contact.MaxAccess), Is.EqualTo((ObjectTypeKind.Scalar, SnmpType.OctetString, "DisplayString", "read-write")));
        Assert.That(Set.FindObjectType(Set.Resolve("SNMPv2-MIB::sysUpTime"))!.Syntax, Is.EqualTo(SnmpType.TimeTicks));
        Assert.That(Set.FindObjectType(Set.Resolve("IF-MIB::ifHCInOctets"))!.Syntax, Is.EqualTo(SnmpType.Counter64));
        Assert.That(Set.FindObjectType(Set.Resolve("IF-MIB::ifHighSpeed"))!.Syntax, Is.EqualTo(SnmpType.Gauge32));
        Assert.That(Set.FindObjectType(Set.Resolve("IP-MIB::ipAdEntAddr"))!.Syntax, Is.EqualTo(SnmpType.IpAddress));
        Assert.That(Set.FindObjectType(Set.Resolve("DISMAN-EVENT-MIB::mteTriggerTest"))!.Syntax, Is.EqualTo(SnmpType.OctetString), "BITS travel as an OCTET STRING (RFC 2578 7.1.4)");
        Assert.That(Set.FindObjectType(Set.Resolve("HOST-RESOURCES-MIB::hrStorageSize"))!.Kind, Is.EqualTo(ObjectTypeKind.Column));

        var status = Set.FindObjectType(Set.Resolve("IP-MIB::ipAddressRowStatus"))!;
        Assert.That((status.SyntaxName, status.MaxAccess), Is.EqualTo(("RowStatus", "read-create")));
        var index = Set.FindObjectType(Set.Resolve("IP-MIB::ipAddressAddrType"))!;
        Assert.That((index.MaxAccess, index.IsReadable), Is.EqualTo(("not-accessible", false)));
    }

    [Test]
    public void Nodes_that_are_not_object_types_and_instances_have_none()
    {
        Assert.That(Set.FindObjectType(Set.Resolve("SNMPv2-SMI::mib-2")), Is.Null);
        Assert.That(Set.FindObjectType(Set.Resolve("IF-MIB::linkDown")), Is.Null, "a notification");
        Assert.That(Set.FindObjectType(Set.Resolve("SNMPv2-MIB::sysContact.0")), Is.Null, "an instance");
        Assert.That(Set.FindObjectType(new ObjectIdentifier(1, 3, 6, 1, 4, 1, 99999, 77)), Is.Null);
        IObjectTypeResolver resolver = Set;
        Assert.That(resolver.FindObjectType(Set.Resolve("IF-MIB::ifDescr"))!.Kind, Is.EqualTo(ObjectTypeKind.Column));
    }
}
