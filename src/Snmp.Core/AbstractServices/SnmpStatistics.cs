using Snmp.Pdus;

namespace Snmp.AbstractServices;

/// <summary>
/// The MIB counters an engine keeps, named after their MIB objects: the snmp group of
/// SNMPv2-MIB (RFC 3418), snmpMPDStats of SNMP-MPD-MIB (RFC 3412 section 5), usmStats of
/// SNMP-USER-BASED-SM-MIB (RFC 3414 section 5), the SNMP-TARGET-MIB context counters. A model a
/// user plugs in counts its own MIB counters by their instance OID
/// (<see cref="SnmpStatistics.Increment(ObjectIdentifier)"/>); this library's own statistics,
/// which no MIB names, are <see cref="EngineCounter"/>s.
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
    /// <summary>snmpUnavailableContexts (SNMP-TARGET-MIB, RFC 3413): requests for a context that exists but cannot be served.</summary>
    SnmpUnavailableContexts,
    /// <summary>snmpUnknownContexts (RFC 3413): requests for a context this engine does not know.</summary>
    SnmpUnknownContexts,
    /// <summary>snmpInTotalReqVars (RFC 1213 / RFC 3418 obsolete group): variables retrieved by Get and GetNext.</summary>
    SnmpInTotalReqVars,
    /// <summary>snmpInTotalSetVars: variables altered by Set.</summary>
    SnmpInTotalSetVars,
}

/// <summary>This library's own statistics, which no MIB names (so no Report or MIB object carries them).</summary>
public enum EngineCounter
{
    /// <summary>
    /// Responses whose request-id matched an outstanding request but which came from another
    /// transport address than the request went to (dropped; RFC 3413 section 3.1.3 matches a
    /// response to its request).
    /// </summary>
    ResponsesFromUnexpectedAddress,
    /// <summary>Messages dropped because processing them failed unexpectedly (a bug; see the Debug log).</summary>
    InternalErrors,
}

/// <summary>The MIB object each counter is (for Report-PDUs and the agent's own MIB).</summary>
public static class SnmpCounterObjects
{
    /// <summary>
    /// A Report-PDU carrying <paramref name="counter"/>'s instance and its value (RFC 3412 7.1
    /// step 3), answering the PDU with <paramref name="requestId"/>.
    /// </summary>
    public static Pdu ReportPdu(int requestId, SnmpCounter counter, long value) => ReportPdu(requestId, InstanceOf(counter), value);

    /// <summary>
    /// A Report-PDU carrying the counter instance <paramref name="counterInstance"/> (a plug-in
    /// model's own MIB counter) and its value, answering the PDU with <paramref name="requestId"/>.
    /// </summary>
    public static Pdu ReportPdu(int requestId, ObjectIdentifier counterInstance, long value)
    {
        ArgumentNullException.ThrowIfNull(counterInstance);
        return new Pdu(PduType.Report, requestId, new VarBindList(new VarBind(counterInstance, new Counter32((uint)value))));
    }

    /// <summary>The instance OID of <paramref name="counter"/> (for example usmStatsUnknownUserNames.0).</summary>
    public static ObjectIdentifier InstanceOf(SnmpCounter counter) => SnmpCounterRegistry.Of(counter).Instance;
}

/// <summary>
/// A thread-safe set of counters for one engine: the MIB counters (<see cref="SnmpCounter"/>),
/// this library's own (<see cref="EngineCounter"/>), and plug-in models' MIB counters by instance OID.
/// </summary>
public sealed class SnmpStatistics
{
    /// <summary>Creates the counters of an engine that knows only the library's counters.</summary>
    public SnmpStatistics()
        : this(SnmpCounterRegistry.Standard)
    {
    }

    /// <summary>Creates the counters of an engine whose counters (its modules' included) are named by <paramref name="registry"/>.</summary>
    public SnmpStatistics(SnmpCounterRegistry registry) => Registry = registry ?? throw new ArgumentNullException(nameof(registry));

    /// <summary>The names and meanings of every counter this engine knows, the modules' included.</summary>
    public SnmpCounterRegistry Registry { get; }

    private readonly long[] _values = new long[Enum.GetValues<SnmpCounter>().Length];
    private readonly long[] _engineValues = new long[Enum.GetValues<EngineCounter>().Length];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ObjectIdentifier, StrongBox> _others = new();
    // Messages dropped, by the counter that names why: kept apart from the counters because some
    // of them also count what is not a drop (a plug-in's Increment, say).
    private readonly long[] _drops = new long[Enum.GetValues<SnmpCounter>().Length];
    private readonly long[] _engineDrops = new long[Enum.GetValues<EngineCounter>().Length];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ObjectIdentifier, StrongBox> _otherDrops = new();

    /// <summary>Adds one to <paramref name="counter"/> and returns the new value.</summary>
    public long Increment(SnmpCounter counter) => Interlocked.Increment(ref _values[(int)counter]);

    /// <summary>Adds one to this library's <paramref name="counter"/> and returns the new value.</summary>
    public long Increment(EngineCounter counter) => Interlocked.Increment(ref _engineValues[(int)counter]);

    /// <summary>Adds one to the MIB counter instance <paramref name="counterInstance"/> (a plug-in model's own) and returns the new value.</summary>
    public long Increment(ObjectIdentifier counterInstance)
    {
        ArgumentNullException.ThrowIfNull(counterInstance);
        return Interlocked.Increment(ref _others.GetOrAdd(counterInstance, _ => new StrongBox()).Value);
    }

    /// <summary>
    /// Counts a message dropped (never processed further, perhaps answered by a Report) for the
    /// reason <paramref name="counter"/> names: adds one to it and to <see cref="DropsByCause"/>,
    /// and returns the counter's new value.
    /// </summary>
    public long CountDrop(SnmpCounter counter)
    {
        Interlocked.Increment(ref _drops[(int)counter]);
        return Increment(counter);
    }

    /// <summary>Counts a message dropped for the reason this library's <paramref name="counter"/> names (see <see cref="CountDrop(SnmpCounter)"/>).</summary>
    public long CountDrop(EngineCounter counter)
    {
        Interlocked.Increment(ref _engineDrops[(int)counter]);
        return Increment(counter);
    }

    /// <summary>Counts a message dropped for the reason a plug-in model's MIB counter instance names (see <see cref="CountDrop(SnmpCounter)"/>).</summary>
    public long CountDrop(ObjectIdentifier counterInstance)
    {
        ArgumentNullException.ThrowIfNull(counterInstance);
        Interlocked.Increment(ref _otherDrops.GetOrAdd(counterInstance, _ => new StrongBox()).Value);
        return Increment(counterInstance);
    }

    /// <summary>
    /// How many messages were dropped for each cause so far (<see cref="CountDrop(SnmpCounter)"/>):
    /// by the MIB name of the counter that names it ("snmpInASNParseErrs", "usmStatsWrongDigests",
    /// a module's declared name), this library's own by their <see cref="EngineCounter"/> name in
    /// camel case ("internalErrors"), an undeclared plug-in counter by its instance OID. Only causes
    /// that dropped something are listed.
    /// </summary>
    public IReadOnlyDictionary<string, long> DropsByCause()
    {
        var drops = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < _drops.Length; i++)
        {
            if (Interlocked.Read(ref _drops[i]) is > 0 and var value)
            {
                drops[SnmpCounterRegistry.Of((SnmpCounter)i).Name] = value;
            }
        }

        for (int i = 0; i < _engineDrops.Length; i++)
        {
            if (Interlocked.Read(ref _engineDrops[i]) is > 0 and var value)
            {
                drops[CauseName((EngineCounter)i)] = value;
            }
        }

        foreach (var (instance, box) in _otherDrops)
        {
            drops[Registry.Find(instance)?.Name ?? instance.ToString()] = Interlocked.Read(ref box.Value);
        }

        return drops;
    }

    // "internalErrors": an EngineCounter as a drop cause, in the MIB names' camel case.
    private static string CauseName(EngineCounter counter) => counter switch
    {
        EngineCounter.ResponsesFromUnexpectedAddress => "responsesFromUnexpectedAddress",
        EngineCounter.InternalErrors => "internalErrors",
        _ => throw new ArgumentOutOfRangeException(nameof(counter), counter, "Not a counter of this library."),
    };

    /// <summary>Adds <paramref name="amount"/> to <paramref name="counter"/>.</summary>
    public void Add(SnmpCounter counter, long amount) => Interlocked.Add(ref _values[(int)counter], amount);

    /// <summary>The current value of <paramref name="counter"/>.</summary>
    public long this[SnmpCounter counter] => Interlocked.Read(ref _values[(int)counter]);

    /// <summary>The current value of this library's <paramref name="counter"/>.</summary>
    public long this[EngineCounter counter] => Interlocked.Read(ref _engineValues[(int)counter]);

    /// <summary>The current value of a plug-in model's MIB counter instance (0 until first counted).</summary>
    public long this[ObjectIdentifier counterInstance] => _others.TryGetValue(counterInstance, out var box) ? Interlocked.Read(ref box.Value) : 0;

    /// <summary>A snapshot of every MIB counter of <see cref="SnmpCounter"/>.</summary>
    public IReadOnlyDictionary<SnmpCounter, long> Snapshot() =>
        Enum.GetValues<SnmpCounter>().ToDictionary(c => c, c => this[c]);

    /// <summary>
    /// Every counter by its MIB name: the library's (<see cref="SnmpCounter"/>) and the modules'
    /// declared counters (<see cref="ISnmpCounterProvider"/>); a counter counted by instance OID
    /// that nobody declared appears under its OID.
    /// </summary>
    public IReadOnlyDictionary<string, long> SnapshotByName()
    {
        var snapshot = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var counter in Enum.GetValues<SnmpCounter>())
        {
            snapshot[SnmpCounterRegistry.Of(counter).Name] = this[counter];
        }

        foreach (var declared in Registry.ModuleCounters)
        {
            snapshot[declared.Name] = this[declared.Instance];
        }

        foreach (var (instance, box) in _others)
        {
            if (Registry.Find(instance) is null)
            {
                snapshot[instance.ToString()] = Interlocked.Read(ref box.Value);
            }
        }

        return snapshot;
    }

    private sealed class StrongBox
    {
        public long Value;
    }
}
