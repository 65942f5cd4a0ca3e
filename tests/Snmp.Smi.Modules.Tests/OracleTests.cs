using System.Text.RegularExpressions;

namespace Snmp.Smi.Modules.Tests;

/// <summary>
/// The oracle comparison of issue 11: every node of every module in shared/mibs/ietf, loaded
/// together, against Net-SNMP's parse of the same files (snmptranslate -m ALL): the same OIDs, and
/// at each OID the same name, in a module that defines it.
/// </summary>
public class OracleTests
{
    internal static readonly Lazy<MibModuleSet> IetfSet = new(() =>
    {
        var set = new MibModuleSet(MibCorpus.Ietf);
        set.LoadAll();
        return set;
    });

    [Test]
    public void EveryNodeOfEveryIetfModuleMatchesNetSnmp()
    {
        var dir = MibCorpus.Ietf;

        // -Tz: every node's label and OID.
        var tz = MibCorpus.RunSnmpTranslate(["-M", dir, "-m", "ALL", "-Tz"]);
        var oracle = new List<(string Label, string Oid)>();
        foreach (Match m in Regex.Matches(tz, "^\"([^\"]+)\"\\s+\"([0-9.]+)\"", RegexOptions.Multiline))
        {
            oracle.Add((m.Groups[1].Value, m.Groups[2].Value));
        }

        Assert.That(oracle, Has.Count.GreaterThan(1000), "snmptranslate -Tz listed the nodes");

        // -OS on every OID: the module Net-SNMP names each one with.
        var qualified = new Dictionary<string, string>();
        for (int i = 0; i < oracle.Count; i += 400)
        {
            var chunk = oracle.Skip(i).Take(400).Select(o => o.Oid).ToList();
            var output = MibCorpus.RunSnmpTranslate(new[] { "-M", dir, "-m", "ALL", "-OS" }.Concat(chunk))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.That(output, Has.Length.EqualTo(chunk.Count), "one line per OID from snmptranslate -OS");
            for (int j = 0; j < chunk.Count; j++)
            {
                qualified[chunk[j]] = output[j];
            }
        }

        var set = IetfSet.Value;

        int compared = 0, equal = 0, sameModuleFirst = 0;
        var differences = new List<string>();
        foreach (var (label, oidText) in oracle)
        {
            compared++;
            var oid = new ObjectIdentifier(oidText);
            var nodes = set.FindNodes(oid);
            var netSnmpName = qualified[oidText];
            int sep = netSnmpName.IndexOf("::", StringComparison.Ordinal);
            var netSnmpModule = sep < 0 ? "" : netSnmpName[..sep];
            if (nodes.Count == 0)
            {
                differences.Add($"{netSnmpName} {oidText}: no node here");
                continue;
            }

            if (!nodes.Any(n => n.Name == label && n.ModuleName == netSnmpModule))
            {
                differences.Add($"{netSnmpName} {oidText}: ours {string.Join(", ", nodes.Select(n => n.QualifiedName))}");
                continue;
            }

            equal++;
            if (nodes[0].QualifiedName == netSnmpName)
            {
                sameModuleFirst++;
            }

        }

        // Nodes we have that Net-SNMP has not.
        var oracleOids = oracle.Select(o => o.Oid).ToHashSet();
        var extra = set.Modules.SelectMany(m => m.Nodes).Where(n => !oracleOids.Contains(n.Oid.ToString())).ToList();

        TestContext.Out.WriteLine($"oracle: {set.Modules.Count} modules loaded; {compared} Net-SNMP nodes compared, {equal} equal (OID, name and module), " +
                                  $"{sameModuleFirst} with the same module first; {differences.Count} differences; {extra.Count} nodes only ours");
        foreach (var d in differences)
        {
            TestContext.Out.WriteLine("  difference: " + d);
        }

        foreach (var e in extra)
        {
            TestContext.Out.WriteLine($"  only ours: {e.QualifiedName} {e.Oid}");
        }

        foreach (var d in set.Diagnostics)
        {
            TestContext.Out.WriteLine("  diagnostic: " + d);
        }

        Assert.Multiple(() =>
        {
            Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty, "Net-SNMP loads all of these with no error");
            Assert.That(differences, Is.Empty);
            Assert.That(extra, Is.Empty);
        });
    }
}
