namespace Snmp.Conformance.Tests;

/// <summary>
/// The whole suite against our own Agent: every check passes (none skipped: the agent has every
/// prerequisite) but the one our engine is known to fail (<see cref="MisbehavingAgentTests.OwnAgentFails"/>).
/// </summary>
public class OwnAgentTests
{
    [Test]
    public async Task EveryCheckPassesAgainstOurAgent()
    {
        await using var agent = OwnAgent.Start();
        var report = await ConformanceSuite.RunAsync(OwnAgent.Target(agent.Endpoints[0]));
        var text = new StringWriter();
        report.WriteText(text, strict: true);
        TestContext.Out.WriteLine(text);
        Assert.That(report.Results.Where(r => r.Outcome != (MisbehavingAgentTests.OwnAgentFails.Contains(r.Check.Id) ? CheckOutcome.Fail : CheckOutcome.Pass))
            .Select(r => $"{r.Check.Id}: {r.Outcome} {r.Reason}{r.Actual}"), Is.Empty, text.ToString());
    }
}
