using Snmp.Conformance;
using Snmp.Interop.Tests.PySnmp;

namespace Snmp.Interop.Tests.Conformance;

/// <summary>
/// `snmp check` against a pysnmp 4.4 agent (conformance_agent.py) on 127.0.0.1: the outcome of
/// every check is pinned. snmpNotifyTable (SNMP-NOTIFICATION-MIB) is the RowStatus table (a row
/// of snmpTargetAddrTable, which pysnmp's community model reads, would disturb the run).
/// </summary>
[NonParallelizable]
public class PySnmpConformanceTests
{
    // What pysnmp 4.4's agent (as conformance_agent.py sets it up) gets wrong; every other check passes:
    private static readonly Dictionary<string, CheckOutcome> Expected = new()
    {
        ["rfc3416/4.2.3/2"] = CheckOutcome.Fail,     // negative non-repeaters: no answer
        ["rfc3416/4.2.3/3"] = CheckOutcome.Fail,     // negative max-repetitions: no answer
        ["rfc3416/4.2.3/4"] = CheckOutcome.Fail,     // max-repetitions 0: genErr
        ["rfc3416/4.2.5/1"] = CheckOutcome.Fail,     // an INTEGER for a DisplayString is stored as "7", not wrongType
        ["rfc3416/4.2.5/2"] = CheckOutcome.Fail,     // 300 octets for a DisplayString: wrongValue, not wrongLength
        ["rfc3416/4.2.5/4"] = CheckOutcome.Fail,     // sysContact.1: notWritable, not noCreation
        ["rfc3416/4.2.5/5"] = CheckOutcome.Fail,     // (the wrongType of 4.2.5/1, at each position)
        ["rfc3416/4.2.5/6"] = CheckOutcome.Fail,
        ["rfc3416/4.2.5/7"] = CheckOutcome.Fail,
        ["rfc3416/4.2.5/9"] = CheckOutcome.Fail,     // a Set with the read-only community succeeds
        ["rfc2579/RowStatus/1"] = CheckOutcome.Fail, // createAndWait on snmpNotifyRowStatus (read-create): notWritable
        ["rfc2579/RowStatus/2"] = CheckOutcome.Fail,
        ["rfc2579/RowStatus/3"] = CheckOutcome.Fail,
        ["rfc2579/RowStatus/4"] = CheckOutcome.Fail,
        ["rfc2579/RowStatus/5"] = CheckOutcome.Fail,
        ["rfc3414/3.2/1"] = CheckOutcome.Fail,       // an unknown engine ID: usmStatsUnknownUserNames, not UnknownEngineIDs
        ["rfc3414/3.2/3"] = CheckOutcome.Fail,       // authNoPriv from a noAuthNoPriv user: silence, no Report
        ["rfc3414/3.2/8"] = CheckOutcome.Fail,       // an authPriv user's authNoPriv request: usmStatsUnsupportedSecLevels
        ["rfc3413/3.2/1"] = CheckOutcome.Fail,       // an unknown context: silence
        ["rfc3416/4.2.1/13"] = CheckOutcome.Fail,    // a response over msgMaxSize 484: silence, no tooBig
        ["rfc3416/4.2.3/9"] = CheckOutcome.Fail,     // GetBulk with msgMaxSize 484: silence, no truncation
        ["rfc3584/4.4/3"] = CheckOutcome.Fail,       // (4.2.5/1 in SNMPv1)
        ["rfc3584/4.4/5"] = CheckOutcome.Fail,       // (4.2.5/9 in SNMPv1)
        ["rfc3584/4.2.2.1/1"] = CheckOutcome.Skip,   // no Counter64 object served
        ["rfc3584/4.2.2.1/2"] = CheckOutcome.Skip,
        ["rfc3415/3.2/2"] = CheckOutcome.Fail,       // a Get outside the view: noAccess, not noSuchObject
        ["rfc3417/8/3"] = CheckOutcome.Fail,         // an indefinite length is accepted and answered
        ["rfc3412/4.2.1/5"] = CheckOutcome.Fail,     // a sub-identifier above 2^32 is accepted and answered
    };

    [Test]
    public async Task EveryCheckHasItsKnownOutcomeAgainstPySnmp()
    {
        await using var agent = await PySnmpAgentFixture.StartAsync("conformance_agent.py", ["80001F8880434845434B", ConformancePeers.Password]);
        var target = ConformancePeers.Target(agent.Endpoint, AuthenticationProtocol.HmacSha1,
            ObjectIdentifier.Parse("1.3.6.1.6.3.13.1.1.1.5"), ObjectIdentifier.Parse("5.99.104.101.99.107"));
        var report = await ConformanceSuite.RunAsync(target);
        var text = ConformancePeers.Text(report);
        TestContext.Out.WriteLine(text);
        Assert.That(ConformancePeers.Differences(report, Expected), Is.Empty, text + "\n" + agent.Output);
    }
}
