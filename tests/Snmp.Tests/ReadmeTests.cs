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
        var examples = string.Join("\n", Lines(RepoFile("tests/Snmp.Tests/ReadmeExamples.cs")));
        var blocks = CSharpBlock().Matches(RepoFile("README.md")).Select(m => m.Groups[1].Value).ToArray();

        Assert.That(blocks, Has.Length.GreaterThanOrEqualTo(5));
        foreach (var block in blocks)
        {
            var lines = string.Join("\n", Lines(block));
            Assert.That(examples, Does.Contain(lines), "copy the README example into tests/Snmp.Tests/ReadmeExamples.cs:\n" + lines);
        }
    }
}
