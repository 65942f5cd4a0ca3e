namespace Snmp.AbstractServices;

/// <summary>
/// The statistics counters an engine keeps, named after their MIB objects: the snmp group of
/// SNMPv2-MIB (RFC 3418), snmpMPDStats of SNMP-MPD-MIB (RFC 3412 section 5), usmStats of
/// SNMP-USER-BASED-SM-MIB (RFC 3414 section 5), and a few of this library's own where the MIBs
/// name none.
/// </summary>
public enum SnmpCounter
{
    /// <summary>snmpInPkts: every message delivered by the transport.</summary>
    SnmpInPkts,
    /// <summary>snmpOutPkts: every message passed to the transport (SNMPv1 MIB-II; obsolete but familiar).</summary>
    SnmpOutPkts,
    /// <summary>snmpInBadVersions: messages of an unsupported SNMP version.</summary>
    SnmpInBadVersions,
    /// <summary>snmpInBadCommunityNames: community-based messages with an unknown community.</summary>
    SnmpInBadCommunityNames,
    /// <summary>snmpInBadCommunityUses: community-based messages asking for an operation the community may not do.</summary>
    SnmpInBadCommunityUses,
    /// <summary>snmpInASNParseErrs: messages that were not valid BER.</summary>
    SnmpInASNParseErrs,
    /// <summary>snmpSilentDrops: confirmed-class PDUs dropped because the response would not fit.</summary>
    SnmpSilentDrops,
    /// <summary>snmpProxyDrops.</summary>
    SnmpProxyDrops,
    /// <summary>snmpUnknownSecurityModels (RFC 3412).</summary>
    SnmpUnknownSecurityModels,
    /// <summary>snmpInvalidMsgs (RFC 3412): inconsistent message components.</summary>
    SnmpInvalidMsgs,
    /// <summary>
    /// snmpUnknownPDUHandlers (RFC 3412): PDUs no application could take, including responses
    /// that match no outstanding request (unknown request-id, or a request already completed).
    /// </summary>
    SnmpUnknownPDUHandlers,
    /// <summary>usmStatsUnsupportedSecLevels.</summary>
    UsmStatsUnsupportedSecLevels,
    /// <summary>usmStatsNotInTimeWindows.</summary>
    UsmStatsNotInTimeWindows,
    /// <summary>usmStatsUnknownUserNames.</summary>
    UsmStatsUnknownUserNames,
    /// <summary>usmStatsUnknownEngineIDs.</summary>
    UsmStatsUnknownEngineIDs,
    /// <summary>usmStatsWrongDigests.</summary>
    UsmStatsWrongDigests,
    /// <summary>usmStatsDecryptionErrors.</summary>
    UsmStatsDecryptionErrors,
    /// <summary>
    /// This library's own: responses whose request-id matched an outstanding request but which came
    /// from another transport address than the request went to (dropped; RFC 3413 section 3.1.3
    /// matches a response to its request).
    /// </summary>
    ResponsesFromUnexpectedAddress,
    /// <summary>This library's own: messages dropped because processing them failed unexpectedly (a bug; see the Debug log).</summary>
    InternalErrors,
}

/// <summary>A thread-safe set of <see cref="SnmpCounter"/> values for one engine.</summary>
public sealed class SnmpStatistics
{
    private readonly long[] _values = new long[Enum.GetValues<SnmpCounter>().Length];

    /// <summary>Adds one to <paramref name="counter"/>.</summary>
    public void Increment(SnmpCounter counter) => Interlocked.Increment(ref _values[(int)counter]);

    /// <summary>The current value of <paramref name="counter"/>.</summary>
    public long this[SnmpCounter counter] => Interlocked.Read(ref _values[(int)counter]);

    /// <summary>A snapshot of every counter.</summary>
    public IReadOnlyDictionary<SnmpCounter, long> Snapshot() =>
        Enum.GetValues<SnmpCounter>().ToDictionary(c => c, c => this[c]);
}
