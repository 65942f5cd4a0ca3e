using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Snmp.Conformance.Tests;

public partial class SuiteTests
{
    [GeneratedRegex(@"^rfc(3416|3412|3413|3414|3415|3584|3417|2579)/[0-9A-Za-z.]+/[0-9]+$")]
    private static partial Regex IdShape();

    [Test]
    public void Every_check_has_an_id_by_RFC_section_and_number_a_sentence_and_what_it_sends_and_expects()
    {
        var checks = ConformanceSuite.Checks;
        Assert.That(checks, Has.Count.GreaterThanOrEqualTo(60));
        Assert.That(checks.Select(c => c.Id), Is.Unique);
        Assert.That(checks.Where(c => !IdShape().IsMatch(c.Id)).Select(c => c.Id), Is.Empty);
        Assert.That(checks.Where(c => c.Requirement.Length < 20 || c.Sends.Length == 0 || c.Expects.Length == 0).Select(c => c.Id), Is.Empty);
        Assert.That(checks.Select(c => c.Group).Distinct(), Is.SupersetOf(new[] { "rfc3416", "rfc3412", "rfc3414", "rfc3415", "rfc3584", "rfc3417", "rfc2579" }));
    }

    [Test]
    public void Every_check_names_its_section_and_quotes_what_it_tests()
    {
        var checks = ConformanceSuite.Checks;
        Assert.That(checks.Where(c => c.Section.Length == 0 || c.Requirement.Length == 0).Select(c => c.Id), Is.Empty, "a section and a requirement");
        // Each requirement quotes (a passage in double quotes) and says where the quote comes from.
        Assert.That(checks.Where(c => c.Requirement.Count(ch => ch == '"') < 2 || !(c.Requirement.Contains("RFC ", StringComparison.Ordinal) || c.Requirement.Contains("X.690", StringComparison.Ordinal))).Select(c => c.Id), Is.Empty, "a quote and its source");
        // A bare sentence is cited by the section of its id.
        Assert.That(ConformanceSuite.Checks.Single(c => c.Id == "rfc3416/4.2.1/8").Requirement, Does.StartWith("\"Otherwise, the value of the Response-PDU's error-status field is set to `noError'").And.EndWith("\" (RFC 3416 section 4.2.1)"));
        Assert.That(ConformanceSuite.Checks.Single(c => c.Id == "rfc2579/RowStatus/1").Section, Is.EqualTo("RowStatus"));
    }

    [Test]
    public async Task A_check_whose_prerequisite_is_missing_is_skipped_and_names_it()
    {
        await using var agent = OwnAgent.Start();
        var target = new ConformanceTarget { Agent = agent.Endpoints[0], SilenceTimeout = TimeSpan.FromMilliseconds(100) };
        var report = await ConformanceSuite.RunAsync(target, ConformanceSuite.Select(["rfc3416/4.2.5", "rfc2579", "rfc3414/3.2/4", "rfc3415", "rfc3414/3.2/3", "rfc3416/4.2.1/2"]));

        Assert.That(report["rfc3416/4.2.1/2"].Outcome, Is.EqualTo(CheckOutcome.Pass));
        var skipped = report.Results.Where(r => r.Check.Id != "rfc3416/4.2.1/2").ToArray();
        Assert.That(skipped.Select(r => r.Outcome), Is.All.EqualTo(CheckOutcome.Skip));
        Assert.That(report["rfc3416/4.2.5/1"].Reason, Does.Contain("--write-community"));
        Assert.That(report["rfc3414/3.2/4"].Reason, Does.Contain("-u, -a, -A"));
        Assert.That(report["rfc3415/3.2/1"].Reason, Does.Contain("--restricted"));
        Assert.That(report.ExitCode(strict: true), Is.EqualTo(0), "skips never fail a run");
    }

    [Test]
    public async Task An_agent_that_answers_nothing_is_a_timeout_not_a_report()
    {
        using var silent = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new ConformanceTarget { Agent = (IPEndPoint)silent.Client.LocalEndPoint!, ResponseTimeout = TimeSpan.FromMilliseconds(100) };
        Assert.ThrowsAsync<TimeoutException>(() => ConformanceSuite.RunAsync(target));
        await Task.CompletedTask;
    }

    [TestCase(CheckLevel.Must, false, 1)]
    [TestCase(CheckLevel.Should, false, 0)]
    [TestCase(CheckLevel.Should, true, 1)]
    [TestCase(CheckLevel.Info, true, 0)]
    public void A_failure_fails_the_run_by_its_level(CheckLevel level, bool strict, int exitCode)
    {
        var report = Report(Result(level, CheckOutcome.Fail), Result(CheckLevel.Must, CheckOutcome.Pass));
        Assert.That(report.ExitCode(strict), Is.EqualTo(exitCode));
        var text = new StringWriter();
        report.WriteText(text, strict);
        Assert.That(text.ToString(), Does.Contain(exitCode == 1 ? "FAIL  rfc3416/9/1" : "fail  rfc3416/9/1"));
    }

    [Test]
    public void JUnit_has_a_failure_per_failed_check_and_skipped_per_skip()
    {
        var report = Report(Result(CheckLevel.Must, CheckOutcome.Fail), Result(CheckLevel.Should, CheckOutcome.Fail, "rfc3412/9/2"), Result(CheckLevel.Must, CheckOutcome.Skip, "rfc3412/9/3"), Result(CheckLevel.Must, CheckOutcome.Pass, "rfc3412/9/4"));
        var xml = new StringWriter();
        report.WriteJUnit(xml, strict: false);
        var doc = XDocument.Parse(xml.ToString());
        Assert.That(doc.Descendants("testcase").Count(), Is.EqualTo(4));
        Assert.That(doc.Descendants("failure").Count(), Is.EqualTo(2));
        Assert.That(doc.Descendants("skipped").Count(), Is.EqualTo(1));
        Assert.That(doc.Descendants("testsuite").Select(s => s.Attribute("name")!.Value), Is.EqualTo(new[] { "rfc3416", "rfc3412" }));
        Assert.That(doc.Descendants("failure").First().Value, Does.Contain("0000  30 03 02 01 07"));
    }

    [Test]
    public void Json_carries_the_octets_of_a_failure()
    {
        var report = Report(Result(CheckLevel.Must, CheckOutcome.Fail));
        using var stream = new MemoryStream();
        report.WriteJson(stream, strict: false);
        using var json = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        var result = json.RootElement.GetProperty("results")[0];
        Assert.That(result.GetProperty("octets").GetString(), Is.EqualTo("3003020107"));
        Assert.That(result.GetProperty("failsRun").GetBoolean(), Is.True);
        Assert.That(json.RootElement.GetProperty("exitCode").GetInt32(), Is.EqualTo(1));
    }

    private static ConformanceReport Report(params CheckResult[] results) => new("127.0.0.1:161", results, TimeSpan.FromSeconds(1));

    private static CheckResult Result(CheckLevel level, CheckOutcome outcome, string id = "rfc3416/9/1") =>
        new(new ConformanceCheck(id, level, CheckPrerequisites.None, "A sentence long enough to be an RFC's requirement here.", "sends", "expects", _ => Task.FromResult(CheckVerdict.Pass())),
            outcome, outcome == CheckOutcome.Skip ? "needs something" : null, "expected", "actual", outcome == CheckOutcome.Fail ? [0x30, 0x03, 0x02, 0x01, 0x07] : null, TimeSpan.Zero);
}
