using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Snmp.Smi.Modules.Tests;

/// <summary>
/// The second oracle comparison: for every OBJECT-TYPE and NOTIFICATION-TYPE that one module alone
/// defines, what <c>snmptranslate -Td</c> says of it (textual convention, base syntax, enumerations or
/// named bits, ranges and sizes, DISPLAY-HINT, MAX-ACCESS, STATUS, UNITS, INDEX with IMPLIED, AUGMENTS,
/// DEFVAL, OBJECTS) against our node. Nodes defined by several modules (RFC1213-MIB and its successors)
/// are left out: Net-SNMP merges them into one node showing one definition's clauses.
/// </summary>
public class DescribeOracleTests
{
    private static readonly string[] Fields =
        ["TEXTUAL CONVENTION", "SYNTAX", "ranges", "enumerations", "DISPLAY-HINT", "MAX-ACCESS", "STATUS", "UNITS", "INDEX", "AUGMENTS", "DEFVAL", "OBJECTS"];

    private static readonly List<string> Exceptions = [];

    [Test]
    public void ClausesOfEveryObjectAndNotificationMatchNetSnmp()
    {
        Exceptions.Clear();
        var set = OracleTests.IetfSet.Value;
        var nodes = set.Modules.SelectMany(m => m.Nodes)
            .Where(n => n.Kind is MibNodeKind.Scalar or MibNodeKind.Table or MibNodeKind.Row or MibNodeKind.Column or MibNodeKind.Notification)
            .Where(n => set.FindNodes(n.Oid).Count == 1)
            .ToList();
        Assert.That(nodes, Has.Count.GreaterThan(1000));

        var compared = Fields.ToDictionary(f => f, _ => 0);
        var equal = Fields.ToDictionary(f => f, _ => 0);
        var differences = new List<string>();
        for (int i = 0; i < nodes.Count; i += 300)
        {
            var chunk = nodes.Skip(i).Take(300).ToList();
            var output = MibCorpus.RunSnmpTranslate(new[] { "-M", MibCorpus.Ietf, "-m", "ALL", "-Td", "-OS" }.Concat(chunk.Select(n => n.QualifiedName)));
            var lines = output.Split('\n');
            int at = 0;
            foreach (var node in chunk)
            {
                while (at < lines.Length && lines[at] != node.QualifiedName)
                {
                    at++;
                }

                Assert.That(at, Is.LessThan(lines.Length), $"snmptranslate -Td printed {node.QualifiedName}");
                var theirs = new Dictionary<string, string>();
                for (at++; at < lines.Length && !lines[at].StartsWith("::=", StringComparison.Ordinal); at++)
                {
                    var m = Regex.Match(lines[at], "^  (-- TEXTUAL CONVENTION|[A-Z][A-Z-]+)\\s(.*)$");
                    if (m.Success)
                    {
                        var key = m.Groups[1].Value.Replace("-- ", "", StringComparison.Ordinal);
                        theirs.TryAdd(key, m.Groups[2].Value.Trim());
                    }
                }

                Compare(node, theirs, compared, equal, differences);
            }
        }

        TestContext.Out.WriteLine($"snmptranslate -Td: {nodes.Count} objects and notifications described");
        foreach (var f in Fields)
        {
            TestContext.Out.WriteLine($"  {f}: {compared[f]} compared, {equal[f]} equal");
        }

        TestContext.Out.WriteLine($"  {Exceptions.Count} differences explained by the two documented exceptions:");
        foreach (var e in Exceptions)
        {
            TestContext.Out.WriteLine("  exception: " + e);
        }

        foreach (var d in differences)
        {
            TestContext.Out.WriteLine("  difference: " + d);
        }

        Assert.That(differences, Is.Empty);
    }

    private static void Compare(MibNode node, Dictionary<string, string> theirs, Dictionary<string, int> compared, Dictionary<string, int> equal, List<string> differences)
    {
        void Check(string field, string? ours, string? netSnmp, Func<bool>? documentedException = null)
        {
            compared[field]++;
            if (ours == netSnmp)
            {
                equal[field]++;
            }
            else if (documentedException?.Invoke() == true)
            {
                Exceptions.Add($"{node.QualifiedName} {field}: ours [{ours}] Net-SNMP [{netSnmp}]");
            }
            else
            {
                differences.Add($"{node.QualifiedName} {field}: ours [{ours}] Net-SNMP [{netSnmp}]");
            }
        }

        var syntax = node.Syntax;
        if (node.Kind != MibNodeKind.Notification && node.Kind != MibNodeKind.Table && node.Kind != MibNodeKind.Row)
        {
            var tc = syntax?.TypeName is { } t && !IsSmiTypeName(t) ? t : null;
            Check("TEXTUAL CONVENTION", tc, theirs.GetValueOrDefault("TEXTUAL CONVENTION"));

            // SYNTAX <base> [{enumerations}] [(ranges)]
            var written = theirs.GetValueOrDefault("SYNTAX") ?? "";
            var m = Regex.Match(written, "^([A-Za-z0-9 ]+?)\\s*(\\{[^}]*\\})?\\s*(\\([^)]*\\))?\\s*$");
            Check("SYNTAX", syntax?.BaseType.ToString(), m.Success ? BaseTypeOf(m.Groups[1].Value) : written);
            var ourRanges = syntax is null ? "" : string.Join(" | ", (syntax.Sizes.Count > 0 ? syntax.Sizes : syntax.Ranges).Select(r => r.ToString()));
            var theirRanges = m.Groups[3].Success ? m.Groups[3].Value.Trim('(', ')', ' ') : "";

            // Exception 1: for a textual convention refining Opaque with SIZE (UCD-SNMP-MIB Float),
            // snmptranslate -Td prints the TC's module name where the size belongs.
            Check("ranges", ourRanges, theirRanges, () => syntax?.BaseType == MibBaseType.Opaque && theirRanges == syntax.TypeModule);
            var ourNamed = syntax is null ? "" : string.Join(", ", syntax.NamedNumbers.Select(n => n.ToString()));
            Check("enumerations", ourNamed, m.Groups[2].Success ? m.Groups[2].Value.Trim('{', '}', ' ') : "");
            Check("DISPLAY-HINT", node.DisplayHint, Unquote(theirs.GetValueOrDefault("DISPLAY-HINT")));
            Check("UNITS", node.Units, Unquote(theirs.GetValueOrDefault("UNITS")));
            var theirDefault = Normalize(theirs.GetValueOrDefault("DEFVAL") is { } dv ? dv[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal) : null);

            // Exception 2: snmptranslate -Td prints a 'hex'H default as the hex digits' unsigned integer value (''H as 0);
            // we keep the value as written.
            Check("DEFVAL", Normalize(node.DefaultValue), theirDefault, () =>
                node.DefaultValue is { } ours && Regex.Match(ours, "^'([0-9A-Fa-f]*)'H$") is { Success: true } hex &&
                BigInteger.Parse("0" + hex.Groups[1].Value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) == theirDefault);
        }

        if (node.Kind != MibNodeKind.Notification)
        {
            Check("MAX-ACCESS", node.MaxAccess, theirs.GetValueOrDefault("MAX-ACCESS"));
        }

        if (node.Kind != MibNodeKind.Notification)
        {
            // snmptranslate -Td does not print a notification's STATUS.
            Check("STATUS", node.Status, theirs.GetValueOrDefault("STATUS"));
        }
        if (node.Kind == MibNodeKind.Row)
        {
            var ourIndex = node.Index.Count == 0 ? null : "{ " + string.Join(", ", node.Index.Select(x => (x.Implied ? "IMPLIED " : "") + x.Name)) + " }";
            Check("INDEX", ourIndex, theirs.GetValueOrDefault("INDEX"));
            Check("AUGMENTS", node.Augments is null ? null : "{ " + node.Augments + " }", theirs.GetValueOrDefault("AUGMENTS"));
        }

        if (node.Kind == MibNodeKind.Notification)
        {
            Check("OBJECTS", node.Objects.Count == 0 ? null : "{ " + string.Join(", ", node.Objects) + " }", theirs.GetValueOrDefault("OBJECTS"));
        }
    }

    private static bool IsSmiTypeName(string name) =>
        name is "Integer32" or "IpAddress" or "Counter32" or "Counter" or "Gauge32" or "Gauge" or "Unsigned32" or "TimeTicks" or "Opaque" or "Counter64" or "NetworkAddress";

    private static string BaseTypeOf(string netSnmp) => netSnmp.Trim() switch
    {
        "INTEGER" or "Integer32" => "Integer32",
        "OCTET STRING" => "OctetString",
        "OBJECT IDENTIFIER" => "ObjectIdentifier",
        "BITS" => "Bits",
        "UInteger32" or "Unsigned32" => "Unsigned32",
        var other => other,
    };

    private static string? Unquote(string? s) => s is { Length: >= 2 } && s[0] == '"' ? s[1..^1] : s;

    private static string? Normalize(string? s) => s is null ? null : Regex.Replace(s, "\\s+", " ").Replace(" ,", ",", StringComparison.Ordinal).Trim();
}
