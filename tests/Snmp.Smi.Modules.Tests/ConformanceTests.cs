using System.Text.RegularExpressions;

namespace Snmp.Smi.Modules.Tests;

/// <summary>
/// RFC 2580 kept on the node model: OBJECT-GROUP OBJECTS and NOTIFICATION-GROUP NOTIFICATIONS,
/// MODULE-COMPLIANCE's MODULE parts (MANDATORY-GROUPS, GROUP, OBJECT with SYNTAX / WRITE-SYNTAX /
/// MIN-ACCESS) and AGENT-CAPABILITIES' SUPPORTS parts (INCLUDES, VARIATION). Net-SNMP's -Td shows
/// none of these clauses (only the macro, module and DESCRIPTION), so they are checked against the
/// files; Net-SNMP is the oracle for the OIDs of the statements themselves.
/// </summary>
public class ConformanceTests
{
    [Test]
    public void IfMibsComplianceStatementIsKeptClauseByClause()
    {
        var set = OracleTests.IetfSet.Value;
        var compliance = set.FindNode("IF-MIB::ifCompliance3")!;
        Assert.That(compliance.Kind, Is.EqualTo(MibNodeKind.ModuleCompliance));
        var part = compliance.ConformanceModules.Single();
        Assert.Multiple(() =>
        {
            Assert.That(part.ModuleName, Is.Null, "MODULE -- this module");
            Assert.That(part.Groups, Is.EqualTo(new[] { "ifGeneralInformationGroup", "linkUpDownNotificationsGroup" }));
            Assert.That(part.Items.Where(i => i.Kind == MibConformanceItemKind.Group).Select(i => i.Name),
                Is.EqualTo(new[] { "ifFixedLengthGroup", "ifHCFixedLengthGroup", "ifPacketGroup", "ifHCPacketGroup", "ifVHCPacketGroup", "ifCounterDiscontinuityGroup", "ifRcvAddressGroup" }));
            Assert.That(part.Items.Where(i => i.Kind == MibConformanceItemKind.Object).Select(i => $"{i.Name} {i.Access}"),
                Is.EqualTo(new[] { "ifLinkUpDownTrapEnable read-only", "ifPromiscuousMode read-only", "ifAdminStatus read-only", "ifAlias read-only" }));
            var adminStatus = part.Items.Single(i => i.Name == "ifAdminStatus");
            Assert.That(adminStatus.Syntax!.BaseType, Is.EqualTo(MibBaseType.Integer32));
            Assert.That(adminStatus.Syntax.NamedNumbers, Is.EqualTo(new[] { new MibNamedNumber("up", 1), new MibNamedNumber("down", 2) }));
            Assert.That(part.Items[0].Description, Does.StartWith("This group is mandatory for those network interfaces which"));
            Assert.That(set.FindNode("IF-MIB::linkUpDownNotificationsGroup")!.Objects, Is.EqualTo(new[] { "linkUp", "linkDown" }), "NOTIFICATION-GROUP NOTIFICATIONS");
            Assert.That(set.FindNode("IF-MIB::ifStackGroup2")!.Objects, Is.EqualTo(new[] { "ifStackStatus", "ifStackLastChange" }), "OBJECT-GROUP OBJECTS");
        });

        // A MODULE part naming another module, with a WRITE-SYNTAX.
        var notification = set.FindNode("SNMP-NOTIFICATION-MIB::snmpNotifyBasicCompliance")!;
        Assert.That(notification.ConformanceModules.Select(p => p.ModuleName), Is.EqualTo(new string?[] { "SNMP-TARGET-MIB", null }));
    }

    /// <summary>
    /// Every MODULE-COMPLIANCE of the IETF set against its own text: as many MODULE parts, GROUP and
    /// OBJECT clauses, MIN-ACCESS, SYNTAX and WRITE-SYNTAX refinements as the statement writes
    /// (comments left out).
    /// </summary>
    [Test]
    public void EveryComplianceStatementHasTheClausesItsFileWrites()
    {
        var set = OracleTests.IetfSet.Value;
        int statements = 0, items = 0;
        var differences = new List<string>();
        foreach (var node in set.Modules.SelectMany(m => m.Nodes).Where(n => n.Kind == MibNodeKind.ModuleCompliance))
        {
            var module = set.FindModule(node.ModuleName)!;
            var text = WithoutCommentsAndStrings(File.ReadAllText(module.File));
            var match = Regex.Match(text, $@"(?m)^\s*{Regex.Escape(node.Name)}\s+MODULE-COMPLIANCE(?<body>.*?)::=", RegexOptions.Singleline);
            Assert.That(match.Success, Is.True, node.QualifiedName);
            var body = match.Groups["body"].Value;
            int Count(string word) => Regex.Matches(body, $@"(?<![\w-]){word}(?![\w-])").Count;
            var ours = (Modules: node.ConformanceModules.Count,
                Groups: node.ConformanceModules.Sum(p => p.Items.Count(i => i.Kind == MibConformanceItemKind.Group)),
                Objects: node.ConformanceModules.Sum(p => p.Items.Count(i => i.Kind == MibConformanceItemKind.Object)),
                MinAccess: node.ConformanceModules.Sum(p => p.Items.Count(i => i.Access is not null)),
                Syntax: node.ConformanceModules.Sum(p => p.Items.Count(i => i.Syntax is not null)),
                WriteSyntax: node.ConformanceModules.Sum(p => p.Items.Count(i => i.WriteSyntax is not null)),
                Mandatory: node.ConformanceModules.Sum(p => p.Groups.Count));
            var file = (Modules: Count("MODULE"), Groups: Count("GROUP"), Objects: Count("OBJECT"), MinAccess: Count("MIN-ACCESS"), Syntax: Count("SYNTAX"), WriteSyntax: Count("WRITE-SYNTAX"),
                Mandatory: Regex.Matches(body, @"MANDATORY-GROUPS\s*\{(?<g>[^}]*)\}").Sum(m => m.Groups["g"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length));
            statements++;
            items += ours.Groups + ours.Objects;
            if (ours != file)
            {
                differences.Add($"{node.QualifiedName}: ours {ours}, file {file}");
            }
        }

        TestContext.Out.WriteLine($"{statements} MODULE-COMPLIANCE statements, {items} GROUP/OBJECT clauses compared with their files");
        Assert.That(statements, Is.GreaterThan(50));
        Assert.That(differences, Is.Empty);
    }

    /// <summary>The text with its quoted strings emptied and its comments (from "--" to the next "--" or the line's end) removed.</summary>
    private static string WithoutCommentsAndStrings(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                int end = text.IndexOf('"', i + 1);
                i = end < 0 ? text.Length : end;
                sb.Append("\"\"");
            }
            else if (text[i] == '-' && i + 1 < text.Length && text[i + 1] == '-')
            {
                int j = i + 2;
                while (j < text.Length && text[j] != '\n' && !(text[j] == '-' && j + 1 < text.Length && text[j + 1] == '-'))
                {
                    j++;
                }

                i = j < text.Length && text[j] == '-' ? j + 1 : j - 1;
                sb.Append(' ');
            }
            else
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString();
    }

    private const string Capabilities = """
        ACME-CAPS-MIB DEFINITIONS ::= BEGIN
        IMPORTS MODULE-IDENTITY, enterprises FROM SNMPv2-SMI
                AGENT-CAPABILITIES FROM SNMPv2-CONF;

        acmeCaps MODULE-IDENTITY
            LAST-UPDATED "202611260000Z" ORGANIZATION "ACME" CONTACT-INFO "none"
            DESCRIPTION "Capabilities of the ACME agent."
            ::= { enterprises 99995 }

        acmeAgentV1 AGENT-CAPABILITIES
            PRODUCT-RELEASE "ACME agent 1.0"
            STATUS current
            DESCRIPTION "What the ACME agent implements."
            SUPPORTS IF-MIB
                INCLUDES { ifGeneralInformationGroup, ifStackGroup2 }
                VARIATION ifAdminStatus
                    SYNTAX INTEGER { up(1), down(2) }
                    DESCRIPTION "No testing(3)."
                VARIATION ifStackStatus
                    WRITE-SYNTAX INTEGER { active(1), createAndGo(4), destroy(6) }
                    ACCESS read-write
                    CREATION-REQUIRES { ifStackStatus }
                    DEFVAL { active }
                    DESCRIPTION "Rows are created with createAndGo only."
                VARIATION linkDown
                    ACCESS not-implemented
                    DESCRIPTION "No linkDown traps."
            SUPPORTS SNMPv2-MIB
                INCLUDES { systemGroup }
            ::= { acmeCaps 1 }
        END
        """;

    [Test]
    public void AgentCapabilitiesKeepSupportsIncludesAndVariations()
    {
        using var files = new MibFiles();
        files.Write("ACME-CAPS-MIB.txt", Capabilities);
        var set = new MibModuleSet(files.Directory, MibCorpus.Ietf);
        set.Load("ACME-CAPS-MIB");
        var caps = set.FindNode("ACME-CAPS-MIB::acmeAgentV1")!;

        // Net-SNMP reads the statement too: the same OID, and -Td calls it AGENT-CAPABILITIES.
        var (td, complaints) = MibCorpus.RunSnmpTranslateWithErrors(["-M", $"{files.Directory}:{MibCorpus.Ietf}", "-m", "ACME-CAPS-MIB", "-On", "-Td", "ACME-CAPS-MIB::acmeAgentV1"]);
        Assert.Multiple(() =>
        {
            Assert.That(complaints, Is.Empty);
            Assert.That(td, Does.StartWith(".1.3.6.1.4.1.99995.1"));
            Assert.That(td, Does.Contain("AGENT-CAPABILITIES"));
            Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty);
            Assert.That(caps.Kind, Is.EqualTo(MibNodeKind.AgentCapabilities));
            Assert.That(caps.Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99995.1")));
            Assert.That(caps.ConformanceModules.Select(p => $"{p.ModuleName}: {string.Join(",", p.Groups)}"),
                Is.EqualTo(new[] { "IF-MIB: ifGeneralInformationGroup,ifStackGroup2", "SNMPv2-MIB: systemGroup" }));
            var variations = caps.ConformanceModules[0].Items;
            Assert.That(variations.Select(v => (v.Kind, v.Name, v.Access)), Is.EqualTo(new[]
            {
                (MibConformanceItemKind.Variation, "ifAdminStatus", (string?)null),
                (MibConformanceItemKind.Variation, "ifStackStatus", "read-write"),
                (MibConformanceItemKind.Variation, "linkDown", "not-implemented"),
            }));
            Assert.That(variations[0].Syntax!.NamedNumbers.Select(n => n.Name), Is.EqualTo(new[] { "up", "down" }));
            Assert.That(variations[1].WriteSyntax!.NamedNumbers.Select(n => n.Value), Is.EqualTo(new long[] { 1, 4, 6 }));
            Assert.That(variations[1].CreationRequires, Is.EqualTo(new[] { "ifStackStatus" }));
            Assert.That(variations[1].DefaultValue, Is.EqualTo("active"));
            Assert.That(variations[2].Description, Is.EqualTo("No linkDown traps."));
        });

        // And through the cache.
        using var stream = new MemoryStream();
        set.WriteCache(stream);
        stream.Position = 0;
        var restored = MibModuleSet.ReadCache(stream)!;
        Assert.That(CacheTests.Describe(restored.FindNode("ACME-CAPS-MIB::acmeAgentV1")!), Is.EqualTo(CacheTests.Describe(caps)));
    }
}
