using System.Text.RegularExpressions;

namespace Snmp.Tests;

/// <summary>The README's examples compile: each is copied into <see cref="ReadmeExamples"/>, and this test keeps the copy true.</summary>
[TestFixture]
public partial class ReadmeTests
{
    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    private static string RepoFile(string name)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Snmp.Architecture.sln")))
        {
            dir = dir.Parent;
        }

        return File.ReadAllText(Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), name));
    }

    private static string[] Lines(string text) =>
        [.. text.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !(l.StartsWith("using ") && l.EndsWith(';') && !l.Contains('=')))];

    [Test]
    public void Every_csharp_example_in_the_README_is_in_the_compiled_examples()
    {
        var examples = string.Join("\n", Lines(RepoFile("tests/Snmp.Tests/ReadmeExamples.cs")))
            + "\n" + string.Join("\n", Lines(RepoFile(FirstProgramFile)));
        var blocks = CSharpBlock().Matches(RepoFile("README.md")).Select(m => m.Groups[1].Value).ToArray();

        Assert.That(blocks, Has.Length.GreaterThanOrEqualTo(5));
        foreach (var block in blocks)
        {
            var lines = string.Join("\n", Lines(block));
            Assert.That(examples, Does.Contain(lines), "copy the README example into tests/Snmp.Tests/ReadmeExamples.cs or ReadmeFirstProgramExamples.cs:\n" + lines);
        }
    }

    private const string FirstProgramFile = "tests/Snmp.Tests/ReadmeFirstProgramExamples.cs";

    private static string[] UsingDirectives(string text) =>
        [.. text.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("using ") && l.EndsWith(';') && !l.Contains('='))];

    [Test]
    public void The_first_program_examples_compile_with_using_Snmp_alone()
    {
        // A first program (Get, walk, Set, SNMPv3 users, an agent, a trap receiver) needs one
        // namespace: the compiled copy may name no other, and neither may the README blocks it holds.
        var file = RepoFile(FirstProgramFile);
        Assert.That(UsingDirectives(file), Is.EqualTo(new[] { "using Snmp;" }));
        Assert.That(file, Does.Contain("namespace FirstProgram;"), "outside Snmp.*, so that no parent namespace is in scope");

        var compiled = string.Join("\n", Lines(file));
        var firstProgramBlocks = CSharpBlock().Matches(RepoFile("README.md")).Select(m => m.Groups[1].Value)
            .Where(block => compiled.Contains(string.Join("\n", Lines(block)), StringComparison.Ordinal)).ToArray();
        Assert.That(firstProgramBlocks, Has.Length.GreaterThanOrEqualTo(6));
        foreach (var block in firstProgramBlocks)
        {
            Assert.That(UsingDirectives(block).Where(u => u != "using Snmp;"), Is.Empty, "a first-program README example names another namespace:\n" + block);
        }
    }
}
