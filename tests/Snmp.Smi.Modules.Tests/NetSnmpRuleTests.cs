namespace Snmp.Smi.Modules.Tests;

/// <summary>
/// Four rules where the compiler once differed from Net-SNMP (issue 22, item 5), each checked
/// against snmptranslate on modules written here: name(number) components make named nodes;
/// an IMPORTS group of keywords only loads no module; a search-directory file that replaces a
/// built-in base module without its macros does not fail its importers; an index that does not fit
/// its INDEX clause is decoded as far as it fits.
/// </summary>
public class NetSnmpRuleTests
{
    private const string NamedArcs = """
        ACME-NAMED-MIB DEFINITIONS ::= BEGIN
        IMPORTS enterprises, OBJECT-TYPE, Integer32 FROM SNMPv2-SMI;
        acmeWidget OBJECT IDENTIFIER ::= { enterprises acme(99999) products(1) 5 }
        acmeThing OBJECT-TYPE
            SYNTAX Integer32
            MAX-ACCESS read-only
            STATUS current
            DESCRIPTION "a scalar under a named arc"
            ::= { acmeWidget 1 }
        acmeOther OBJECT IDENTIFIER ::= { iso org(3) dod(6) internet(1) private(4) enterprises(1) acme(99999) other(7) }
        acmeRoot OBJECT IDENTIFIER ::= { enterprises 99997 }
        acmeA OBJECT IDENTIFIER ::= { enterprises named(99997) 1 }
        acmeB OBJECT IDENTIFIER ::= { enterprises named2(99996) 1 }
        acmeC OBJECT IDENTIFIER ::= { enterprises 99996 }
        acmeLast OBJECT IDENTIFIER ::= { acmeRoot last(9) }
        END
        """;

    /// <summary>
    /// "{ enterprises acme(99999) products(1) 5 }" names 1.3.6.1.4.1.99999 acme and .1 products,
    /// nodes of the module that wrote them; at an OID the module also defines, the later of the two
    /// names it (Net-SNMP prints the later same-module definition); the last component is the
    /// definition's own arc and names nothing.
    /// </summary>
    [Test]
    public void NameAndNumberComponentsNameTheirOids()
    {
        using var files = new MibFiles();
        files.Write("ACME-NAMED-MIB.txt", NamedArcs);
        var set = new MibModuleSet(files.Directory, MibCorpus.Ietf);
        set.Load("ACME-NAMED-MIB");
        var (compared, differences, extra) = OracleTests.CompareWithNetSnmp(set, [files.Directory, MibCorpus.Ietf], [],
            oid => oid.StartsWith("1.3.6.1.4.1.9999", StringComparison.Ordinal), "named arcs");
        string[] oids = ["1.3.6.1.4.1.99999", "1.3.6.1.4.1.99999.1", "1.3.6.1.4.1.99999.1.5.1.0", "1.3.6.1.4.1.99997", "1.3.6.1.4.1.99996", "1.3.6.1.4.1.99997.9"];
        var netSnmp = MibCorpus.RunSnmpTranslate(new[] { "-M", $"{files.Directory}:{MibCorpus.Ietf}", "-m", "ACME-NAMED-MIB", "-OS" }.Concat(oids))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Multiple(() =>
        {
            Assert.That(compared, Is.EqualTo(12));
            Assert.That(differences, Is.Empty);
            Assert.That(extra, Is.Empty);
            Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty);
            Assert.That(netSnmp, Is.EqualTo(new[]
            {
                "ACME-NAMED-MIB::acme", "ACME-NAMED-MIB::products", "ACME-NAMED-MIB::acmeThing.0", "ACME-NAMED-MIB::named", "ACME-NAMED-MIB::acmeC", "ACME-NAMED-MIB::acmeLast",
            }));
            Assert.That(oids.Select(o => set.FormatInstance(new ObjectIdentifier(o))), Is.EqualTo(netSnmp));
            Assert.That(set.FindNode("ACME-NAMED-MIB::acme")!.Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999")));
            Assert.That(set.FindNode("ACME-NAMED-MIB::acme")!.Kind, Is.EqualTo(MibNodeKind.ObjectIdentifier));
            Assert.That(set.Resolve("ACME-NAMED-MIB::products"), Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.1")));
            Assert.That(set.FindNodes("last"), Is.Empty, "the last component is the definition's own arc");
            Assert.That(set.FindModule("ACME-NAMED-MIB")!.Nodes.Count(n => n.Name == "acme"), Is.EqualTo(1), "acme(99999) written twice is one node");
        });
    }
}
