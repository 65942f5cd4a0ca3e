using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Snmp.Conformance;

/// <summary>
/// The results of a run against one agent, and their forms: text lines (pass/fail/skip, and for
/// a failure the requirement, expected, actual and a hex dump), JSON, and JUnit XML.
/// </summary>
public sealed class ConformanceReport
{
    internal ConformanceReport(string agent, IReadOnlyList<CheckResult> results, TimeSpan elapsed)
    {
        Agent = agent;
        Results = results;
        Elapsed = elapsed;
    }

    /// <summary>The agent's address.</summary>
    public string Agent { get; }

    /// <summary>One result per check run, in order.</summary>
    public IReadOnlyList<CheckResult> Results { get; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The result of the check <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such check ran.</exception>
    public CheckResult this[string id] => Results.FirstOrDefault(r => r.Check.Id == id) ?? throw new KeyNotFoundException($"No check {id} ran.");

    /// <summary>Whether a result fails the run: a failed MUST check, or a failed SHOULD check when <paramref name="strict"/>.</summary>
    public static bool FailsRun(CheckResult result, bool strict)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome == CheckOutcome.Fail && (result.Check.Level == CheckLevel.Must || (strict && result.Check.Level == CheckLevel.Should));
    }

    /// <summary>0 when no result fails the run, 1 when one does.</summary>
    public int ExitCode(bool strict) => Results.Any(r => FailsRun(r, strict)) ? 1 : 0;

    /// <summary>Writes a line per check, the details of each failure, and a summary.</summary>
    public void WriteText(TextWriter output, bool strict)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write($"snmp check {Agent}: {Results.Count} checks\n");
        int width = Results.Count == 0 ? 0 : Results.Max(r => r.Check.Id.Length);
        foreach (var result in Results)
        {
            var word = result.Outcome switch
            {
                CheckOutcome.Pass => "pass",
                CheckOutcome.Skip => "skip",
                _ => FailsRun(result, strict) ? "FAIL" : "fail",
            };
            var detail = result.Outcome == CheckOutcome.Skip ? result.Reason : result.Check.Sends;
            output.Write($"{word}  {result.Check.Id.PadRight(width)}  {LevelWord(result.Check.Level),-6} {detail}\n");
            if (result.Outcome == CheckOutcome.Fail)
            {
                output.Write($"      requirement: {result.Check.Requirement}\n");
                output.Write($"      expected:    {result.Expected}\n");
                output.Write($"      actual:      {result.Actual}\n");
                if (result.Evidence is { } octets)
                {
                    foreach (var line in HexDump(octets))
                    {
                        output.Write($"      {line}\n");
                    }
                }
            }
        }

        int passed = Results.Count(r => r.Outcome == CheckOutcome.Pass);
        int skipped = Results.Count(r => r.Outcome == CheckOutcome.Skip);
        var failed = Results.Where(r => r.Outcome == CheckOutcome.Fail).ToArray();
        var byLevel = string.Join(", ", failed.GroupBy(r => r.Check.Level).OrderBy(g => g.Key).Select(g => $"{g.Count()} {LevelWord(g.Key)}"));
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"summary: {passed} passed, {failed.Length} failed{(failed.Length > 0 ? $" ({byLevel})" : "")}, {skipped} skipped in {Elapsed.TotalSeconds:0.0} s; {(ExitCode(strict) == 0 ? "conformant" : "NOT conformant")}{(strict ? " (strict: SHOULD counts)" : "")}\n"));
    }

    /// <summary>Writes one JSON object: the agent, the summary and every result.</summary>
    public void WriteJson(Stream output, bool strict)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("agent", Agent);
        json.WriteBoolean("strict", strict);
        json.WriteNumber("exitCode", ExitCode(strict));
        json.WriteNumber("passed", Results.Count(r => r.Outcome == CheckOutcome.Pass));
        json.WriteNumber("failed", Results.Count(r => r.Outcome == CheckOutcome.Fail));
        json.WriteNumber("skipped", Results.Count(r => r.Outcome == CheckOutcome.Skip));
        json.WriteNumber("seconds", Math.Round(Elapsed.TotalSeconds, 3));
        json.WriteStartArray("results");
        foreach (var result in Results)
        {
            json.WriteStartObject();
            json.WriteString("id", result.Check.Id);
            json.WriteString("level", LevelWord(result.Check.Level));
            json.WriteString("outcome", result.Outcome.ToString().ToLowerInvariant());
            json.WriteBoolean("failsRun", FailsRun(result, strict));
            json.WriteString("requirement", result.Check.Requirement);
            json.WriteString("sends", result.Check.Sends);
            json.WriteString("expects", result.Check.Expects);
            if (result.Reason is not null)
            {
                json.WriteString("reason", result.Reason);
            }

            if (result.Outcome == CheckOutcome.Fail)
            {
                json.WriteString("expected", result.Expected);
                json.WriteString("actual", result.Actual);
                if (result.Evidence is not null)
                {
                    json.WriteString("octets", Convert.ToHexString(result.Evidence));
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes JUnit XML: a testsuite per RFC group, a testcase per check, a failure element per failed check, skipped for skips.</summary>
    public void WriteJUnit(TextWriter output, bool strict)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 });
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", $"snmp check {Agent}");
        xml.WriteAttributeString("tests", Results.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", Results.Count(r => r.Outcome == CheckOutcome.Fail).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
        foreach (var group in Results.GroupBy(r => r.Check.Group))
        {
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", group.Key);
            xml.WriteAttributeString("tests", group.Count().ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("failures", group.Count(r => r.Outcome == CheckOutcome.Fail).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("skipped", group.Count(r => r.Outcome == CheckOutcome.Skip).ToString(CultureInfo.InvariantCulture));
            foreach (var result in group)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", group.Key);
                xml.WriteAttributeString("name", $"{result.Check.Id} [{LevelWord(result.Check.Level)}] {result.Check.Sends}");
                xml.WriteAttributeString("time", result.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
                if (result.Outcome == CheckOutcome.Fail)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", $"expected {result.Expected}; actual {result.Actual}");
                    xml.WriteAttributeString("type", FailsRun(result, strict) ? LevelWord(result.Check.Level) : LevelWord(result.Check.Level) + " (does not fail the run)");
                    xml.WriteString($"requirement: {result.Check.Requirement}\n" + (result.Evidence is null ? "" : string.Join("\n", HexDump(result.Evidence))));
                    xml.WriteEndElement();
                }
                else if (result.Outcome == CheckOutcome.Skip)
                {
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", result.Reason ?? "");
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>Lists the checks without running them (<c>--dry-run</c>).</summary>
    public static void WriteCheckList(TextWriter output, IReadOnlyList<ConformanceCheck> checks, ConformanceTarget? target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(checks);
        int width = checks.Count == 0 ? 0 : checks.Max(c => c.Id.Length);
        foreach (var check in checks)
        {
            var skip = target is not null && !target.Has(check.Prerequisites) ? "  (would be skipped: no " + check.Prerequisites + ")" : "";
            output.Write($"{check.Id.PadRight(width)}  {LevelWord(check.Level),-6} {check.Sends}; expects {check.Expects}{skip}\n");
        }

        output.Write($"{checks.Count} checks\n");
    }

    private static string LevelWord(CheckLevel level) => level switch
    {
        CheckLevel.Must => "MUST",
        CheckLevel.Should => "SHOULD",
        _ => "INFO",
    };

    /// <summary>Lines of 16 octets: offset, hex.</summary>
    public static IEnumerable<string> HexDump(byte[] octets)
    {
        ArgumentNullException.ThrowIfNull(octets);
        for (int offset = 0; offset < octets.Length; offset += 16)
        {
            var row = octets.AsSpan(offset, Math.Min(16, octets.Length - offset));
            var hex = string.Join(' ', row.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            yield return $"{offset:x4}  {hex}";
        }
    }
}
