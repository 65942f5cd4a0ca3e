using System.Text.RegularExpressions;

namespace Snmp.Smi.Modules.Tests;

/// <summary>
/// Broken vendor-style modules (tests/Snmp.Smi.Modules.Tests/Rejected), each loaded by Net-SNMP's
/// snmptranslate and by us. Where Net-SNMP rejects the file (complains on standard error, or silently
/// leaves out what the module defines) we report an error with the file, line and column; where it
/// accepts it, we accept it too, with the same nodes. The list, with Net-SNMP's complaint and our
/// diagnostic, is in the README's MIB section.
/// </summary>
public class RejectedFileTests
{
    private static string RejectedDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Rejected");

    /// <summary>module, a line of Net-SNMP's complaint (null: it says nothing and loads nothing), our error's line, a word of our message.</summary>
    public static IEnumerable<TestCaseData> RejectedByNetSnmp()
    {
        yield return new TestCaseData("REJ-MISSING-END-MIB", null, 12, "END");
        yield return new TestCaseData("REJ-NO-BEGIN-MIB", null, 2, "BEGIN");
        yield return new TestCaseData("REJ-UNRESOLVED-IMPORT-MIB", "Cannot find module (ACME-NOWHERE-MIB): At line 3", 3, "ACME-NOWHERE-MIB");
        yield return new TestCaseData("REJ-BAD-OID-MIB", "Bad parse of OBJECT IDENTIFIER: At line 5", 5, "-1");
        yield return new TestCaseData("REJ-UNTERMINATED-STRING-MIB", "Bad DESCRIPTION (EOF): At line 13", 10, "string");
        yield return new TestCaseData("REJ-UNDEFINED-PARENT-MIB", "Undefined identifier: acmeNeverDefined near line 4", 4, "acmeNeverDefined");
        yield return new TestCaseData("REJ-BAD-CLAUSE-MIB", "Bad ACCESS type (read-sometimes): At line 8", 8, "read-sometimes");
    }

    [TestCaseSource(nameof(RejectedByNetSnmp))]
    public void AFileNetSnmpRejectsIsOurErrorWithFileLineAndColumn(string module, string? netSnmpComplaint, int line, string word)
    {
        var file = Path.Combine(RejectedDirectory, module + ".txt");
        var (tz, complaints) = MibCorpus.RunSnmpTranslateWithErrors(["-M", $"{RejectedDirectory}:{MibCorpus.Ietf}", "-m", module, "-Tz"]);
        var symbols = Regex.Matches(File.ReadAllText(file), @"^(rej[A-Za-z]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Distinct().ToList();
        var netSnmpNodes = symbols.Where(s => tz.Contains($"\"{s}\"", StringComparison.Ordinal)).ToList();
        TestContext.Out.WriteLine($"Net-SNMP: {(complaints.Length == 0 ? "(nothing on standard error)" : complaints.Trim())}; loads {netSnmpNodes.Count} of {symbols.Count} definitions");

        var set = new MibModuleSet(RejectedDirectory, MibCorpus.Ietf);
        set.Load(module);
        var errors = set.Diagnostics.Where(d => d.Severity == MibSeverity.Error).ToList();
        errors.ForEach(e => TestContext.Out.WriteLine("ours: " + e));
        Assert.Multiple(() =>
        {
            if (netSnmpComplaint is null)
            {
                Assert.That(netSnmpNodes, Is.Empty, "Net-SNMP loads nothing of the module");
            }
            else
            {
                Assert.That(complaints, Does.Contain(netSnmpComplaint), "Net-SNMP's complaint");
            }

            Assert.That(errors, Has.Some.Matches<MibDiagnostic>(e => e.File == file && e.Line == line && e.Column > 0 && e.Message.Contains(word, StringComparison.Ordinal)),
                $"an error at {module}.txt line {line} naming '{word}'");
            Assert.That(errors.Where(e => e.Line == 0).Select(e => e.Message), Has.None.Contains("search directories"), "a module whose file is there but broken is not said to be missing from the search directories");
        });
    }

    /// <summary>A descriptor defined twice in one module at two OIDs: Net-SNMP keeps both nodes, and so do we (with a warning).</summary>
    [Test]
    public void ADuplicateDefinitionNetSnmpAcceptsIsAcceptedWithTheSameNodes()
    {
        const string module = "REJ-DUPLICATE-MIB";
        var (tz, _) = MibCorpus.RunSnmpTranslateWithErrors(["-M", $"{RejectedDirectory}:{MibCorpus.Ietf}", "-m", module, "-Tz"]);
        var theirs = Regex.Matches(tz, "^\"(rej[^\"]+)\"\\s+\"([0-9.]+)\"", RegexOptions.Multiline).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").Order().ToList();
        var set = new MibModuleSet(RejectedDirectory, MibCorpus.Ietf);
        set.Load(module);
        set.Diagnostics.ToList().ForEach(d => TestContext.Out.WriteLine("ours: " + d));
        var ours = set.FindModule(module)!.Nodes.Select(n => $"{n.Name} {n.Oid}").Order().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(theirs, Has.Count.EqualTo(3));
            Assert.That(ours, Is.EqualTo(theirs));
            Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty);
        });
    }
}
