using Snmp.Conformance;
using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.Interop.Tests.Conformance;

/// <summary>
/// `snmp check` against Net-SNMP's snmpd on 127.0.0.1: the outcome of every check is pinned, so a
/// change in the checker (or in snmpd) shows here. snmpTargetAddrTable (SNMP-TARGET-MIB) is the
/// RowStatus table; its scratch row is named "check".
/// </summary>
[NonParallelizable]
public class NetSnmpdConformanceTests
{
    // What Net-SNMP 5.9's snmpd gets wrong (every other check passes; README "snmp check" lists the bytes):
    private static readonly Dictionary<string, CheckOutcome> Expected = new()
    {
        ["rfc3413/3.2/1"] = CheckOutcome.Fail,    // an unknown context: silence, no snmpUnknownContexts Report
        ["rfc3416/4.2.1/13"] = CheckOutcome.Fail, // tooBig, but with the request's 20 varbinds instead of none
        ["rfc3416/4.2.3/9"] = CheckOutcome.Fail,  // GetBulk with msgMaxSize 484: genErr instead of fewer varbinds
        ["rfc3584/4.2.2.2/1"] = CheckOutcome.Fail,  // (SHOULD) a GetBulkRequest-PDU in an SNMPv1 message is answered
    };

    [Test]
    public async Task EveryCheckHasItsKnownOutcomeAgainstSnmpd()
    {
        await using var snmpd = await SnmpdFixture.StartAsync(
        [
            "rocommunity restricted 127.0.0.1 .1.3.6.1.2.1.1",
            $"createUser check-priv SHA \"{ConformancePeers.Password}\" AES \"{ConformancePeers.Password}\"",
            "rwuser check-priv priv",
            "createUser check-noauth",
            "rouser check-noauth noauth",
        ]);
        var target = ConformancePeers.Target(snmpd.Endpoint, AuthenticationProtocol.HmacSha1,
            ObjectIdentifier.Parse("1.3.6.1.6.3.12.1.2.1.9"), ObjectIdentifier.Parse("5.99.104.101.99.107"));
        var report = await ConformanceSuite.RunAsync(target);
        var text = ConformancePeers.Text(report);
        TestContext.Out.WriteLine(text);
        Assert.That(ConformancePeers.Differences(report, Expected), Is.Empty, text);
    }
}
