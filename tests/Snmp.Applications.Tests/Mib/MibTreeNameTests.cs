using Moq;

namespace Snmp.Applications.Tests.Mib;

/// <summary>
/// Registering objects by name (issue 11): MibTree's text overloads parse dotted text without the
/// resolver, resolve names through <see cref="MibTree.Mibs"/> (SnmpUnknownNameException when they
/// cannot), and when the resolver describes the objects (IObjectTypeResolver) check a scalar's kind,
/// syntax and access, accept a table or its entry, and take a table's columns from the MIB.
/// </summary>
[TestFixture]
public class MibTreeNameTests
{
    private const string Enterprise = "1.3.6.1.4.1.99999";

    [Test]
    public void Dotted_text_registers_as_before_without_the_resolver()
    {
        var resolver = new Mock<IObjectTypeResolver>(MockBehavior.Strict);
        var tree = new MibTree { Mibs = resolver.Object };

        var scalar = tree.AddScalar(Enterprise + ".1", new Integer32(1));
        var writable = tree.AddScalar("." + Enterprise + ".2", new OctetString("x"), writable: true);
        var computed = tree.AddScalar(Enterprise + ".3", SnmpType.Gauge32, () => new Gauge32(3));
        var table = tree.AddTable(Enterprise + ".4.1", new MibColumn(2, SnmpType.OctetString));

        Assert.That(scalar.Instance, Is.EqualTo(new ObjectIdentifier(Enterprise + ".1.0")));
        Assert.That(writable.Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".2")));
        Assert.That(computed.Type, Is.EqualTo(SnmpType.Gauge32));
        Assert.That(table.Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".4.1")), "dotted text is the entry, as it always was");
        resolver.VerifyNoOtherCalls();
    }

    [Test]
    public void A_scalar_may_be_named_as_the_object_or_its_instance()
    {
        var tree = new MibTree { Mibs = new TestMib() };

        var byObject = tree.AddScalar("TEST-MIB::testCounter", new Counter32(7));
        tree.Unregister(byObject);
        var byInstance = tree.AddScalar("testCounter.0", new Counter32(7));
        var contact = tree.AddScalar("TEST-MIB::testContact.0", new OctetString("ops"), writable: true);

        Assert.That(byObject.Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".1")));
        Assert.That(byInstance.Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".1")), "not .1.0 with an instance .1.0.0");
        Assert.That(byInstance.Instance, Is.EqualTo(new ObjectIdentifier(Enterprise + ".1.0")));
        Assert.That(contact.Instance, Is.EqualTo(new ObjectIdentifier(Enterprise + ".2.0")));
    }

    [Test]
    public void What_the_MIB_defines_otherwise_is_refused_at_registration()
    {
        var tree = new MibTree { Mibs = new TestMib() };

        var syntax = Assert.Throws<ArgumentException>(() => tree.AddScalar("testCounter", new Integer32(7)))!;
        Assert.That(syntax.Message, Does.Contain("TEST-MIB::testCounter").And.Contain("Counter32").And.Contain("Integer32"));
        Assert.Throws<ArgumentException>(() => tree.AddScalar("testCounter", SnmpType.Gauge32, () => new Gauge32(1)));
        var readOnly = Assert.Throws<ArgumentException>(() => tree.AddScalar("testCounter.0", new Counter32(7), writable: true))!;
        Assert.That(readOnly.Message, Does.Contain("read-only"));
        Assert.Throws<ArgumentException>(() => tree.AddScalar("testTable", new Integer32(1)), "a table is not a scalar");
        Assert.Throws<ArgumentException>(() => tree.AddScalar("testName.1", new OctetString("x")), "a column instance is not a scalar");
        Assert.Throws<ArgumentException>(() => tree.AddTable("testCounter", new MibColumn(1, SnmpType.Integer32)), "a scalar is not a table");
        Assert.Throws<ArgumentException>(() => tree.AddTable("testTable", new MibColumn(2, SnmpType.Integer32)), "testName is an OCTET STRING");
        Assert.Throws<ArgumentException>(() => tree.AddTable("testTable", new MibColumn(5, SnmpType.Integer32)), "no column 5");
        Assert.Throws<ArgumentException>(() => tree.AddTable("testEntry", new MibColumn(2, SnmpType.OctetString, MibAccess.ReadWrite)), "testName is read-only");
        Assert.That(tree.Objects, Is.Empty, "nothing registered by a refused call");
    }

    [Test]
    public void Names_nobody_resolves_are_typed_errors()
    {
        var bare = new MibTree();
        var noMibs = Assert.Throws<SnmpUnknownNameException>(() => bare.AddScalar("TEST-MIB::testCounter", new Counter32(1)))!;
        Assert.That(noMibs.Message, Does.Contain("no MIB modules"));

        var tree = new MibTree { Mibs = new TestMib() };
        var unknown = Assert.Throws<SnmpUnknownNameException>(() => tree.AddTable("TEST-MIB::noTable"))!;
        Assert.That(unknown.Name, Is.EqualTo("TEST-MIB::noTable"));
        Assert.Throws<SnmpUnknownNameException>(() => tree.AddScalar("nothing.0", SnmpType.Integer32, () => new Integer32(1)));
        Assert.Throws<FormatException>(() => tree.AddScalar("1.3.x", new Integer32(1)));
    }

    [Test]
    public void A_table_named_without_columns_takes_them_from_the_MIB()
    {
        var tree = new MibTree { Mibs = new TestMib() };

        var table = tree.AddTable("TEST-MIB::testTable");

        Assert.That(table.Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".4.1")), "the table's entry (RFC 2578 7.10)");
        Assert.That(table.Columns, Is.EqualTo(new[]
        {
            new MibColumn(1, SnmpType.Integer32, MibAccess.NotAccessible),
            new MibColumn(2, SnmpType.OctetString, MibAccess.ReadOnly),
            new MibColumn(3, SnmpType.Gauge32, MibAccess.ReadOnly),
            new MibColumn(4, SnmpType.OctetString, MibAccess.ReadWrite),
            MibColumn.RowStatus(6),
        }));
        Assert.That(tree.AddTable("TEST-MIB::otherEntry", new MibColumn(1, SnmpType.Integer32)).Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".7.1")),
            "an entry the resolver does not describe is taken as the entry");
    }

    [Test]
    public void Given_columns_of_a_named_entry_that_agree_with_the_MIB_are_kept()
    {
        var tree = new MibTree { Mibs = new TestMib() };

        var table = tree.AddTable("testEntry", new MibColumn(2, SnmpType.OctetString), new MibColumn(4, SnmpType.OctetString, MibAccess.ReadOnly),
            new MibColumn(1, SnmpType.Integer32, MibAccess.NotAccessible));

        Assert.That(table.Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".4.1")));
        Assert.That(table.Columns.Select(c => c.Id), Is.EqualTo(new uint[] { 1, 2, 4 }), "a read-write column may be served read-only");
    }

    [Test]
    public void A_resolver_that_only_knows_names_registers_what_the_name_stands_for()
    {
        var names = new Mock<IObjectNameResolver>();
        ObjectIdentifier? counter = new(Enterprise + ".1");
        names.Setup(r => r.TryResolve("MY-MIB::myCounter", out counter)).Returns(true);
        var tree = new MibTree { Mibs = names.Object };

        var scalar = tree.AddScalar("MY-MIB::myCounter", new Counter32(1));

        Assert.That(scalar.Oid, Is.EqualTo(new ObjectIdentifier(Enterprise + ".1")));
    }

    /// <summary>TEST-MIB as a compiled MIB describes it.</summary>
    private sealed class TestMib : IObjectTypeResolver
    {
        private readonly Dictionary<string, ObjectIdentifier> _names = new()
        {
            ["testCounter"] = new(Enterprise + ".1"),
            ["testContact"] = new(Enterprise + ".2"),
            ["testTable"] = new(Enterprise + ".4"),
            ["testEntry"] = new(Enterprise + ".4.1"),
            ["testIndex"] = new(Enterprise + ".4.1.1"),
            ["testName"] = new(Enterprise + ".4.1.2"),
            ["testSpeed"] = new(Enterprise + ".4.1.3"),
            ["testAlias"] = new(Enterprise + ".4.1.4"),
            ["testStatus"] = new(Enterprise + ".4.1.6"),
            ["otherEntry"] = new(Enterprise + ".7.1"),
        };

        private readonly Dictionary<ObjectIdentifier, ObjectTypeDefinition> _types = [];

        public TestMib()
        {
            ObjectTypeDefinition Define(string name, ObjectTypeKind kind, SnmpType? type, string access, string? syntaxName = null, IReadOnlyList<ObjectTypeDefinition>? columns = null) =>
                _types[_names[name]] = new(_names[name], "TEST-MIB::" + name, kind, type, syntaxName, access, columns ?? []);
            Define("testCounter", ObjectTypeKind.Scalar, SnmpType.Counter32, "read-only");
            Define("testContact", ObjectTypeKind.Scalar, SnmpType.OctetString, "read-write", "DisplayString");
            ObjectTypeDefinition[] columns =
            [
                Define("testIndex", ObjectTypeKind.Column, SnmpType.Integer32, "not-accessible"),
                Define("testName", ObjectTypeKind.Column, SnmpType.OctetString, "read-only", "DisplayString"),
                Define("testSpeed", ObjectTypeKind.Column, SnmpType.Gauge32, "read-only"),
                Define("testAlias", ObjectTypeKind.Column, SnmpType.OctetString, "read-write", "DisplayString"),
                Define("testStatus", ObjectTypeKind.Column, SnmpType.Integer32, "read-create", "RowStatus"),
            ];
            Define("testTable", ObjectTypeKind.Table, null, "not-accessible", columns: columns);
            Define("testEntry", ObjectTypeKind.Row, null, "not-accessible", columns: columns);
        }

        public bool TryResolve(string name, out ObjectIdentifier? oid)
        {
            name = name.StartsWith("TEST-MIB::", StringComparison.Ordinal) ? name[10..] : name;
            int dot = name.IndexOf('.', StringComparison.Ordinal);
            oid = _names.TryGetValue(dot < 0 ? name : name[..dot], out var found)
                ? dot < 0 ? found : found.Append(new ObjectIdentifier(name[(dot + 1)..]))
                : null;
            return oid is not null;
        }

        public string FormatInstance(ObjectIdentifier oid) => oid.ToString();

        public ObjectTypeDefinition? FindObjectType(ObjectIdentifier oid) => _types.GetValueOrDefault(oid);
    }
}
