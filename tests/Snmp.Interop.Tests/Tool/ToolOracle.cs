using System.Text;
using System.Text.RegularExpressions;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Testing;
using Snmp.Tool;
using Snmp.Tool.Cli;

namespace Snmp.Interop.Tests.Tool;

/// <summary>
/// Runs one command line through Net-SNMP's program and through our <c>snmp</c> (in process,
/// <see cref="SnmpTool.RunAsync"/>) and compares standard output, standard error and the exit
/// code line by line. Both run with MIBS="" and a private home, so only -m/-M choose modules.
/// Compared as they are, except: values that move between the two reads (TimeTicks, in every
/// layout) are masked; Net-SNMP's first-run notices are dropped (NetSnmpStandardError); and from a
/// "USAGE:" line on, standard error is not compared (the usage text is our own: documented); and
/// Net-SNMP's program name loses the directory the oracle started it from.
/// </summary>
internal static partial class ToolOracle
{
    private static readonly string Home = Directory.CreateTempSubdirectory("snmp-tool-home-").FullName;

    /// <summary>Net-SNMP's program for each of our subcommands.</summary>
    public static string Subcommand(string program) => program switch
    {
        "snmpget" => "get",
        "snmpgetnext" => "getnext",
        "snmpbulkget" => "bulkget",
        "snmpwalk" => "walk",
        "snmpbulkwalk" => "bulkwalk",
        "snmpset" => "set",
        "snmptable" => "table",
        "snmptranslate" => "translate",
        "snmptrap" => "trap",
        "snmpinform" => "inform",
        "snmpusm" => "usm",
        _ => throw new ArgumentException(program),
    };

    /// <summary>Runs our tool in process with the oracle's environment.</summary>
    public static Task<NetSnmpResult> RunOursAsync(params string[] args) => RunOursAsync(null, args);

    /// <summary>Runs our tool in process with the oracle's environment and <paramref name="extra"/> over it (a TLS lab's SNMPCONFPATH, say).</summary>
    public static async Task<NetSnmpResult> RunOursAsync(IReadOnlyDictionary<string, string>? extra, string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var environment = new Dictionary<string, string>
        {
            ["MIBS"] = "",
            ["HOME"] = Home,
            ["SNMP_TOOL_CACHE"] = Path.Combine(Home, "cache"),
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }
        var console = new ToolConsole(stdout, stderr, errorIsTerminal: false, name => environment.GetValueOrDefault(name));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int exit = await SnmpTool.RunAsync(args, console, limit.Token);
        return new NetSnmpResult(exit, stdout.ToString(), stderr.ToString(), NetSnmpTools.Parse(stdout.ToString()));
    }

    /// <summary>Runs Net-SNMP's program as a user would (no added output options).</summary>
    public static Task<NetSnmpResult> RunTheirsAsync(string program, params string[] args) => RunTheirsAsync(null, program, args);

    /// <summary>Runs Net-SNMP's program with <paramref name="extra"/> over the oracle's environment.</summary>
    public static Task<NetSnmpResult> RunTheirsAsync(IReadOnlyDictionary<string, string>? extra, string program, string[] args)
    {
        var environment = new Dictionary<string, string> { ["HOME"] = Home };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return NetSnmpTools.RunAsync(program, TimeSpan.FromSeconds(60), outputOptions: false, environment, args);
    }

    /// <summary>The differences between the two runs of <paramref name="args"/> in <paramref name="extra"/>'s environment (empty when equal).</summary>
    public static async Task<IReadOnlyList<string>> CompareAsync(IReadOnlyDictionary<string, string>? extra, string program, string[] args)
    {
        var theirs = await RunTheirsAsync(extra, program, args);
        var ours = await RunOursAsync(extra, [Subcommand(program), .. args]);
        return Differences(program, theirs, ours);
    }

    /// <summary>The differences between the two runs of <paramref name="args"/> (empty when equal).</summary>
    public static async Task<IReadOnlyList<string>> CompareAsync(string program, params string[] args)
    {
        var theirs = await RunTheirsAsync(program, args);
        var ours = await RunOursAsync([Subcommand(program), .. args]);
        return Differences(program, theirs, ours);
    }

    /// <summary>The differences between Net-SNMP's run and ours (empty when equal).</summary>
    public static IReadOnlyList<string> Differences(string program, NetSnmpResult theirs, NetSnmpResult ours)
    {
        var differences = new List<string>();
        if (theirs.ExitCode != ours.ExitCode)
        {
            differences.Add($"exit code: {program} {theirs.ExitCode}, ours {ours.ExitCode}");
        }

        CompareLines("stdout", Normalize(theirs.StandardOutput), Normalize(ours.StandardOutput), differences);
        CompareLines("stderr", UpToUsage(ProgramName().Replace(theirs.Complaints, "$1$2:")), UpToUsage(NetSnmpStandardError.Complaints(ours.StandardError)), differences);
        return differences;
    }

    /// <summary>Asserts that both runs are the same, printing the command and every difference.</summary>
    public static async Task AssertSameAsync(string program, params string[] args)
    {
        var differences = await CompareAsync(program, args);
        TestContext.Out.WriteLine($"{program} {string.Join(' ', args.Select(a => a.Length == 0 || a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a))}: {(differences.Count == 0 ? "same" : "DIFFERENT")}");
        Assert.That(differences, Is.Empty, string.Join("\n", differences));
    }

    private static void CompareLines(string stream, string theirs, string ours, List<string> differences)
    {
        var a = theirs.Split('\n');
        var b = ours.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "<none>";
            var y = i < b.Length ? b[i] : "<none>";
            if (x != y)
            {
                differences.Add($"{stream} line {i + 1}:\n  net-snmp: [{x}]\n  ours:     [{y}]");
                if (differences.Count > 10)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Standard output with the values that move between two reads masked.</summary>
    public static string Normalize(string output)
    {
        var text = TimeTicksText().Replace(output, "Timeticks: (*)");
        text = QuickTicks().Replace(text, "*:*:*:*.*");
        return text;
    }

    private static string UpToUsage(string complaints)
    {
        // snmpusm's usage starts "Usage: snmpusm", the others' "USAGE: snmpget".
        int usage = complaints.StartsWith("Usage: ", StringComparison.Ordinal) ? 0
            : complaints.IndexOf("\nUsage: ", StringComparison.Ordinal) is >= 0 and var line ? line + 1
            : complaints.IndexOf("USAGE:", StringComparison.Ordinal);
        return usage < 0 ? complaints : complaints[..usage].TrimEnd('\n');
    }

    // The oracle starts Net-SNMP's programs by their full path, so their argv[0] is "/usr/bin/snmpget";
    // a user's shell (and our messages) say "snmpget".
    [GeneratedRegex(@"(^|\n)/[^\s:]*/(snmp\w+):")]
    private static partial Regex ProgramName();

    [GeneratedRegex(@"Timeticks: \(\d+\) (\d+ days?, )?\d+:\d\d:\d\d\.\d\d")]
    private static partial Regex TimeTicksText();

    [GeneratedRegex(@"\b\d+:\d+:\d\d:\d\d\.\d\d\b")]
    private static partial Regex QuickTicks();

    /// <summary>Splits a command line written with spaces; 'quoted words' keep their spaces ('' is an empty word).</summary>
    public static string[] Words(string line)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false, any = false;
        foreach (var c in line)
        {
            if (c == '\'')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    words.Add(sb.ToString());
                }

                sb.Clear();
                any = false;
            }
            else
            {
                sb.Append(c);
                any = true;
            }
        }

        if (any)
        {
            words.Add(sb.ToString());
        }

        return [.. words];
    }
}
