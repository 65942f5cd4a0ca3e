using System.Text;

namespace Snmp.Smi.Modules.Tests;

/// <summary>Bad MIB text: a diagnostic with a place, never an exception, a hang or a stack overflow.</summary>
public class AdversarialTests
{
    private static MibModuleSet LoadText(MibFiles files, string module, string text)
    {
        files.Write(module + ".txt", text);
        var set = new MibModuleSet(files.Directory);
        set.Load(module);
        return set;
    }

    private static MibDiagnostic SingleError(MibModuleSet set) =>
        set.Diagnostics.Single(d => d.Severity == MibSeverity.Error);

    [Test]
    public void ASyntaxErrorHasFileLineAndColumnAndKeepsWhatCameBefore()
    {
        using var files = new MibFiles();
        var set = LoadText(files, "BAD-MIB", """
            BAD-MIB DEFINITIONS ::= BEGIN
            IMPORTS enterprises FROM SNMPv2-SMI;
            good OBJECT IDENTIFIER ::= { enterprises 1 }
            bad OBJECT IDENTIFIER ::= { good ; }
            END
            """);
        var error = SingleError(set);
        Assert.Multiple(() =>
        {
            Assert.That(error.File, Is.EqualTo(Path.Combine(files.Directory, "BAD-MIB.txt")));
            Assert.That((error.Line, error.Column), Is.EqualTo((4, 34)));
            Assert.That(error.Message, Does.Contain("';'"));
            Assert.That(set.FindNode("BAD-MIB::good")?.Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.1")));
        });
    }

    [Test]
    public void MissingModuleAndMissingSymbolAreErrorsAtTheImport()
    {
        using var files = new MibFiles();
        var set = LoadText(files, "A-MIB", """
            A-MIB DEFINITIONS ::= BEGIN
            IMPORTS enterprises, noSuchThing FROM SNMPv2-SMI
                    other FROM NOWHERE-MIB;
            a OBJECT IDENTIFIER ::= { enterprises 7 }
            b OBJECT IDENTIFIER ::= { other 1 }
            END
            """);
        var errors = set.Diagnostics.Where(d => d.Severity == MibSeverity.Error).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(errors.Any(e => e.Message.Contains("noSuchThing") && e.Line == 2 && e.Column == 22), Is.True, string.Join("\n", errors));
            Assert.That(errors.Any(e => e.Message.Contains("NOWHERE-MIB not found") && e.Line == 3 && e.Column == 20), Is.True, string.Join("\n", errors));
            Assert.That(errors.Any(e => e.Message.Contains("unknown OBJECT IDENTIFIER name other") && e.Line == 5), Is.True, string.Join("\n", errors));
            Assert.That(set.FindNode("a"), Is.Not.Null, "what does not depend on the missing module is loaded");
            Assert.That(set.FindNode("b"), Is.Null);
        });
    }

    [Test]
    public void ImportCyclesAreReportedAndStillResolve()
    {
        using var files = new MibFiles();
        files.Write("X-MIB", """
            X-MIB DEFINITIONS ::= BEGIN
            IMPORTS enterprises FROM SNMPv2-SMI y FROM Y-MIB;
            x OBJECT IDENTIFIER ::= { enterprises 5 }
            xy OBJECT IDENTIFIER ::= { y 1 }
            END
            """);
        files.Write("Y-MIB", """
            Y-MIB DEFINITIONS ::= BEGIN
            IMPORTS x FROM X-MIB;
            y OBJECT IDENTIFIER ::= { x 2 }
            END
            """);
        var set = new MibModuleSet(files.Directory);
        set.Load("X-MIB");
        Assert.Multiple(() =>
        {
            Assert.That(SingleError(set).Message, Is.EqualTo("import cycle: X-MIB -> Y-MIB -> X-MIB"));
            Assert.That(SingleError(set).Line, Is.EqualTo(2));
            Assert.That(set.FindNode("xy")?.Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.5.2.1")));
        });
    }

    [Test]
    public void ALongChainOfImportsIsAnErrorNotAStackOverflow()
    {
        using var files = new MibFiles();
        const int length = 300;
        for (int i = 0; i < length; i++)
        {
            files.Write($"M{i}-MIB", $"M{i}-MIB DEFINITIONS ::= BEGIN\nIMPORTS x{i + 1} FROM M{i + 1}-MIB;\nx{i} OBJECT IDENTIFIER ::= {{ x{i + 1} 1 }}\nEND\n");
        }

        files.Write($"M{length}-MIB", $"M{length}-MIB DEFINITIONS ::= BEGIN\nIMPORTS enterprises FROM SNMPv2-SMI;\nx{length} OBJECT IDENTIFIER ::= {{ enterprises 9 }}\nEND\n");
        var set = new MibModuleSet(files.Directory);
        set.Load("M0-MIB");
        Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error).Select(d => d.Message), Has.Some.Contains("imports nested deeper than 200 modules"));
    }

    [Test]
    public void AnOidThatDependsOnItselfIsAnError()
    {
        using var files = new MibFiles();
        var set = LoadText(files, "LOOP-MIB", """
            LOOP-MIB DEFINITIONS ::= BEGIN
            a OBJECT IDENTIFIER ::= { b 1 }
            b OBJECT IDENTIFIER ::= { a 1 }
            END
            """);
        Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error).Select(d => d.Message), Has.Some.Contains("depends on itself"));
        Assert.That(set.FindNode("a"), Is.Null);
    }

    [Test]
    public void ALongChainOfDefinitionsIsAnErrorNotAStackOverflow()
    {
        // Each definition is built on the next one, defined after it: resolving the first goes all the way down.
        var sb = new StringBuilder("CHAIN-MIB DEFINITIONS ::= BEGIN\nIMPORTS enterprises FROM SNMPv2-SMI;\n");
        const int length = 100_000;
        for (int i = 0; i < length; i++)
        {
            sb.Append("c").Append(i).Append(" OBJECT IDENTIFIER ::= { c").Append(i + 1).Append(" 1 }\n");
        }

        sb.Append("c").Append(length).Append(" OBJECT IDENTIFIER ::= { enterprises 3 }\nEND\n");
        using var files = new MibFiles();
        var set = LoadText(files, "CHAIN-MIB", sb.ToString());
        Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error).Select(d => d.Message), Has.Some.Contains("built on more than 256 definitions"));
        Assert.That(set.FindNode("c" + (length - 100))?.Oid.Length, Is.EqualTo(107), "the end of the chain near its root resolves (enterprises.3 and 100 more)");
    }

    [TestCase("{ enterprises 99999999999999999999 }", "sub-identifier")]
    [TestCase("{ enterprises 4294967296 }", "sub-identifier")]
    [TestCase("{ enterprises -1 }", "sub-identifier")]
    public void HugeNumbersAreErrors(string value, string message)
    {
        using var files = new MibFiles();
        var set = LoadText(files, "BIG-MIB", $"BIG-MIB DEFINITIONS ::= BEGIN\nIMPORTS enterprises FROM SNMPv2-SMI;\nbig OBJECT IDENTIFIER ::= {value}\nEND\n");
        var error = SingleError(set);
        Assert.That((error.Line, error.Message), Is.EqualTo((3, error.Message)));
        Assert.That(error.Message, Does.Contain(message));
    }

    [Test]
    public void HugeRangeAndEnumerationNumbersAreErrors()
    {
        using var files = new MibFiles();
        var set = LoadText(files, "BIG-MIB", "BIG-MIB DEFINITIONS ::= BEGIN\nT ::= INTEGER (0.." + new string('9', 5000) + ")\nU ::= INTEGER { a(" + new string('9', 30) + ") }\nEND\n");
        var error = SingleError(set);
        Assert.That(error.Line, Is.EqualTo(2), "the first error ends the module");
    }

    [Test]
    public void DeepNestingIsAnErrorNotAStackOverflow()
    {
        using var files = new MibFiles();
        var deepType = string.Concat(Enumerable.Repeat("SEQUENCE OF ", 100_000)) + "INTEGER";
        var set = LoadText(files, "DEEP-MIB", "DEEP-MIB DEFINITIONS ::= BEGIN\nT ::= " + deepType + "\nEND\n");
        Assert.That(SingleError(set).Message, Does.Contain("nested deeper"));

        using var files2 = new MibFiles();
        var braces = new string('{', 200_000);
        set = LoadText(files2, "DEEP-MIB", "DEEP-MIB DEFINITIONS ::= BEGIN\nx OBJECT-TYPE SYNTAX INTEGER MAX-ACCESS read-only STATUS current DEFVAL " + braces + "\nEND\n");
        Assert.That(SingleError(set).Message, Does.Contain("not closed"));

        using var files3 = new MibFiles();
        var tags = string.Concat(Enumerable.Repeat("[APPLICATION 1] ", 100_000)) + "INTEGER";
        set = LoadText(files3, "DEEP-MIB", "DEEP-MIB DEFINITIONS ::= BEGIN\nT ::= " + tags + "\nEND\n");
        Assert.That(SingleError(set).Message, Does.Contain("nested deeper"));
    }

    [Test]
    public void EveryTruncationOfARealModuleGivesDiagnosticsNotExceptions()
    {
        var text = File.ReadAllText(Path.Combine(MibCorpus.Ietf, "IF-MIB.txt"));
        int truncations = 0, withErrors = 0;
        using var files = new MibFiles();
        for (int cut = 0; cut < text.Length; cut += 331)
        {
            files.Write("IF-MIB.txt", text[..cut]);
            var set = new MibModuleSet(files.Directory);
            set.Load("IF-MIB");
            truncations++;
            if (set.Diagnostics.Any(d => d.Severity == MibSeverity.Error && d.Line > 0 || d.Message.Contains("not found")))
            {
                withErrors++;
            }
        }

        Assert.That(withErrors, Is.EqualTo(truncations), "every truncated IF-MIB is an error with a place (or not found, when the heading is cut)");
    }

    [Test]
    public void BinaryGarbageGivesDiagnosticsNotExceptions()
    {
        var random = new Random(11);
        using var files = new MibFiles();
        for (int round = 0; round < 50; round++)
        {
            var bytes = new byte[random.Next(1, 20_000)];
            random.NextBytes(bytes);
            var text = "GARBAGE-MIB DEFINITIONS ::= BEGIN\n" + Encoding.Latin1.GetString(bytes);
            files.Write("GARBAGE-MIB.txt", text);
            var set = new MibModuleSet(files.Directory);
            set.Load("GARBAGE-MIB");
            Assert.That(set.Diagnostics.Any(d => d.Severity == MibSeverity.Error), Is.True, $"round {round}");
        }
    }

    [Test]
    public void MutatedRealModulesGiveDiagnosticsNotExceptions()
    {
        var random = new Random(2578);
        var original = File.ReadAllText(Path.Combine(MibCorpus.Ietf, "SNMP-TARGET-MIB.txt"));
        using var files = new MibFiles();
        const string alphabet = "{}()[],;|.:=-'\"aZ09 \n";
        for (int round = 0; round < 100; round++)
        {
            var chars = original.ToCharArray();
            for (int k = 0; k < 5; k++)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            files.Write("SNMP-TARGET-MIB.txt", new string(chars));
            var set = new MibModuleSet(files.Directory);
            Assert.DoesNotThrow(() => set.Load("SNMP-TARGET-MIB"));
            Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error && d.File.EndsWith(".txt")).All(d => d.Line > 0), Is.True);
        }
    }

    [Test]
    public void ATenMegabyteModuleLoads()
    {
        var sb = new StringBuilder("HUGE-MIB DEFINITIONS ::= BEGIN\nIMPORTS enterprises, OBJECT-TYPE FROM SNMPv2-SMI;\nhuge OBJECT IDENTIFIER ::= { enterprises 31337 }\n");
        int count = 0;
        while (sb.Length < 10 * 1024 * 1024)
        {
            count++;
            sb.Append("hugeObject").Append(count).Append(" OBJECT-TYPE\n    SYNTAX INTEGER (0..100)\n    MAX-ACCESS read-only\n    STATUS current\n    DESCRIPTION \"")
              .Append('x', 40).Append("\"\n    ::= { huge ").Append(count).Append(" }\n");
        }

        sb.Append("END\n");
        using var files = new MibFiles();
        var set = LoadText(files, "HUGE-MIB", sb.ToString());
        Assert.That(set.Diagnostics, Is.Empty);
        Assert.That(set.FindModule("HUGE-MIB")!.Nodes, Has.Count.EqualTo(count + 1));
        Assert.That(set.GetName(new ObjectIdentifier($"1.3.6.1.4.1.31337.{count}.0")), Is.EqualTo($"HUGE-MIB::hugeObject{count}.0"));
    }

    /// <summary>Where we are more lenient than Net-SNMP: IMPORTS without its semicolon (Net-SNMP drops the module) and underscores without -Pu.</summary>
    [Test]
    public void ImportsWithoutTheSemicolonAndUnderscoresAreWarningsOnly()
    {
        using var files = new MibFiles();
        var set = LoadText(files, "LAX-MIB", """
            LAX-MIB DEFINITIONS ::= BEGIN
            IMPORTS enterprises FROM SNMPv2-SMI
            lax_root OBJECT IDENTIFIER ::= { enterprises 77 }
            END
            """);
        Assert.Multiple(() =>
        {
            Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty);
            Assert.That(set.Diagnostics.Single().Message, Does.Contain("IMPORTS not ended by ';'"));
            Assert.That((set.Diagnostics.Single().Line, set.Diagnostics.Single().Column), Is.EqualTo((3, 1)));
            Assert.That(set.FindNode("lax_root")?.Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.77")));
        });
    }

    [Test]
    public void AFileThatIsNotAModuleIsAnError()
    {
        using var files = new MibFiles();
        files.Write("NOT-A-MIB", "hello world\n");
        var set = new MibModuleSet(files.Directory);
        Assert.That(set.Load("NOT-A-MIB"), Is.Null);
        Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error).Select(d => (d.Line, d.Column)), Does.Contain((1, 7)));
    }
}
