using System.Text.RegularExpressions;
using Snmp.AbstractServices;

namespace Snmp.Core.Tests;

public class SnmpTelemetryTests
{
    // OpenTelemetry's naming: lower case, namespaces separated by dots, words by underscores.
    private static readonly Regex OpenTelemetryName = new("^snmp(\\.[a-z][a-z0-9]*(_[a-z0-9]+)*)+$");

    [Test]
    public void Every_library_counter_has_its_own_OpenTelemetry_style_instrument_name()
    {
        var names = Enum.GetValues<SnmpCounter>().ToDictionary(c => c, c => SnmpTelemetry.InstrumentName(SnmpCounterRegistry.Of(c).Name));

        Assert.That(names.Values, Is.All.Matches(OpenTelemetryName));
        Assert.That(names.Values, Is.Unique);
        Assert.That(names, Is.EquivalentTo(new Dictionary<SnmpCounter, string>
        {
            [SnmpCounter.SnmpInPkts] = "snmp.in_pkts",
            [SnmpCounter.SnmpOutPkts] = "snmp.out_pkts",
            [SnmpCounter.SnmpInBadVersions] = "snmp.in_bad_versions",
            [SnmpCounter.SnmpInBadCommunityNames] = "snmp.in_bad_community_names",
            [SnmpCounter.SnmpInBadCommunityUses] = "snmp.in_bad_community_uses",
            [SnmpCounter.SnmpInASNParseErrs] = "snmp.in_asn_parse_errs",
            [SnmpCounter.SnmpInTotalReqVars] = "snmp.in_total_req_vars",
            [SnmpCounter.SnmpInTotalSetVars] = "snmp.in_total_set_vars",
            [SnmpCounter.SnmpSilentDrops] = "snmp.silent_drops",
            [SnmpCounter.SnmpProxyDrops] = "snmp.proxy_drops",
            [SnmpCounter.SnmpUnknownSecurityModels] = "snmp.unknown_security_models",
            [SnmpCounter.SnmpInvalidMsgs] = "snmp.invalid_msgs",
            [SnmpCounter.SnmpUnknownPDUHandlers] = "snmp.unknown_pdu_handlers",
            [SnmpCounter.SnmpUnavailableContexts] = "snmp.unavailable_contexts",
            [SnmpCounter.SnmpUnknownContexts] = "snmp.unknown_contexts",
            [SnmpCounter.UsmStatsUnsupportedSecLevels] = "snmp.usm.stats.unsupported_sec_levels",
            [SnmpCounter.UsmStatsNotInTimeWindows] = "snmp.usm.stats.not_in_time_windows",
            [SnmpCounter.UsmStatsUnknownUserNames] = "snmp.usm.stats.unknown_user_names",
            [SnmpCounter.UsmStatsUnknownEngineIDs] = "snmp.usm.stats.unknown_engine_ids",
            [SnmpCounter.UsmStatsWrongDigests] = "snmp.usm.stats.wrong_digests",
            [SnmpCounter.UsmStatsDecryptionErrors] = "snmp.usm.stats.decryption_errors",
        }));
    }

    [TestCase("snmpTsmInvalidCaches", "snmp.tsm.invalid_caches")]
    [TestCase("snmpTsmInadequateSecurityLevels", "snmp.tsm.inadequate_security_levels")]
    [TestCase("snmpTlstmSessionOpens", "snmp.tlstm.session.opens")]
    [TestCase("snmpTlstmSessionInvalidClientCertificates", "snmp.tlstm.session.invalid_client_certificates")]
    [TestCase("tokenRefusals", "snmp.token_refusals")]
    [TestCase("myMIBStatsBadTokens2", "snmp.my_mib_stats_bad_tokens2")]
    [TestCase("snmp", "snmp.snmp")]
    [TestCase("snmpx", "snmp.snmpx")]
    public void Other_groups_and_plug_in_counters_follow_the_same_scheme(string descriptor, string expected)
    {
        Assert.That(SnmpTelemetry.InstrumentName(descriptor), Is.EqualTo(expected));
        Assert.That(SnmpTelemetry.InstrumentName(descriptor), Does.Match(OpenTelemetryName));
    }

    [Test]
    public void The_meter_and_the_activity_source_are_both_named_Snmp()
    {
        Assert.That(SnmpTelemetry.MeterName, Is.EqualTo("Snmp"));
        Assert.That(SnmpTelemetry.ActivitySourceName, Is.EqualTo("Snmp"));
        Assert.Throws<ArgumentException>(() => SnmpTelemetry.InstrumentName(""));
    }
}
