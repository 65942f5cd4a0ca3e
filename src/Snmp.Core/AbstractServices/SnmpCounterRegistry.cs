
namespace Snmp.AbstractServices;

/// <summary>
/// One MIB counter an engine counts and a Report-PDU may carry: its instance OID (for example
/// usmStatsUnknownUserNames.0), its MIB name, and what it means in words, for error messages.
/// </summary>
/// <param name="Instance">The counter's instance OID (the object's OID with .0).</param>
/// <param name="Name">The MIB object's descriptor, for example "usmStatsUnknownUserNames".</param>
/// <param name="Meaning">What a message counted there was, in words: "an unknown user name".</param>
public sealed record SnmpCounterDefinition(ObjectIdentifier Instance, string Name, string Meaning)
{
    /// <summary>"an unknown user name (usmStatsUnknownUserNames)": how a Report or a drop is explained.</summary>
    public string Describe() => $"{Meaning} ({Name})";
}

/// <summary>
/// A module that counts MIB counters of its own (a security model such as TSM, a transport):
/// declaring them lets the engine name them in Reports and timeouts, include them in
/// <see cref="SnmpStatistics.SnapshotByName"/>, and an agent serve them in its MIB, as it does
/// the library's. The engine asks every registered <see cref="ISecurityModel"/> and
/// <see cref="ITransportMappingFactory"/> that implements it.
/// </summary>
public interface ISnmpCounterProvider
{
    /// <summary>The counters the module may count (by their instance OID, with <see cref="SnmpStatistics.Increment(ObjectIdentifier)"/> or a <see cref="MessageDroppedException"/>).</summary>
    IReadOnlyCollection<SnmpCounterDefinition> Counters { get; }
}

/// <summary>
/// Every counter an engine knows, by instance OID: the library's (<see cref="SnmpCounter"/>,
/// one list for Reports, timeout messages, snapshots and the agent's MIB) and those its modules
/// declare (<see cref="ISnmpCounterProvider"/>). Immutable once built.
/// </summary>
public sealed class SnmpCounterRegistry
{
    private static readonly SnmpCounterDefinition[] Library = BuildLibrary();

    private readonly Dictionary<ObjectIdentifier, SnmpCounterDefinition> _byInstance;

    /// <summary>The library's counters only.</summary>
    public static SnmpCounterRegistry Standard { get; } = new([]);

    /// <summary>Creates a registry of the library's counters and <paramref name="moduleCounters"/>.</summary>
    /// <exception cref="ArgumentException">A module's counter has the instance OID of another counter under a different name.</exception>
    public SnmpCounterRegistry(IEnumerable<SnmpCounterDefinition> moduleCounters)
    {
        ArgumentNullException.ThrowIfNull(moduleCounters);
        _byInstance = Library.ToDictionary(d => d.Instance);
        var modules = new List<SnmpCounterDefinition>();
        foreach (var definition in moduleCounters)
        {
            if (_byInstance.TryGetValue(definition.Instance, out var known))
            {
                if (known.Name != definition.Name)
                {
                    throw new ArgumentException($"The counter {definition.Instance} is declared as {definition.Name} and as {known.Name}.", nameof(moduleCounters));
                }

                continue;
            }

            _byInstance.Add(definition.Instance, definition);
            modules.Add(definition);
        }

        ModuleCounters = modules;
    }

    /// <summary>The counters modules declared (not the library's own).</summary>
    public IReadOnlyList<SnmpCounterDefinition> ModuleCounters { get; }

    /// <summary>Every counter: the library's, then the modules'.</summary>
    public IEnumerable<SnmpCounterDefinition> All => Library.Concat(ModuleCounters);

    /// <summary>The definition of one of the library's counters.</summary>
    public static SnmpCounterDefinition Of(SnmpCounter counter) =>
        (uint)counter < (uint)Library.Length ? Library[(int)counter] : throw new ArgumentOutOfRangeException(nameof(counter), counter, "Not a counter of this library.");

    /// <summary>The counter with instance OID <paramref name="instance"/>, or null when neither the library nor a module declared it.</summary>
    public SnmpCounterDefinition? Find(ObjectIdentifier instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return _byInstance.GetValueOrDefault(instance);
    }

    /// <summary>"an unknown user name (usmStatsUnknownUserNames)", or "the counter 1.3.6..." for a counter nobody declared.</summary>
    public string Describe(ObjectIdentifier instance) => Find(instance)?.Describe() ?? $"the counter {instance}";

    private static SnmpCounterDefinition[] BuildLibrary()
    {
        // Indexed by SnmpCounter. The OIDs: SNMPv2-MIB snmp group (RFC 3418, 1.3.6.1.2.1.11),
        // SNMP-MPD-MIB snmpMPDStats (RFC 3412 section 5, 1.3.6.1.6.3.11.2.1), SNMP-TARGET-MIB
        // (RFC 3413 section 4.1.1, 1.3.6.1.6.3.12.1), usmStats (RFC 3414 section 5, 1.3.6.1.6.3.15.1.1).
        var all = new SnmpCounterDefinition[Enum.GetValues<SnmpCounter>().Length];
        void Add(SnmpCounter counter, ObjectIdentifier instance, string name, string meaning) => all[(int)counter] = new(instance, name, meaning);
        Add(SnmpCounter.SnmpInPkts, new(1, 3, 6, 1, 2, 1, 11, 1, 0), "snmpInPkts", "a message delivered by the transport");
        Add(SnmpCounter.SnmpOutPkts, new(1, 3, 6, 1, 2, 1, 11, 2, 0), "snmpOutPkts", "a message passed to the transport");
        Add(SnmpCounter.SnmpInBadVersions, new(1, 3, 6, 1, 2, 1, 11, 3, 0), "snmpInBadVersions", "a message of an unsupported SNMP version");
        Add(SnmpCounter.SnmpInBadCommunityNames, new(1, 3, 6, 1, 2, 1, 11, 4, 0), "snmpInBadCommunityNames", "an unknown community");
        Add(SnmpCounter.SnmpInBadCommunityUses, new(1, 3, 6, 1, 2, 1, 11, 5, 0), "snmpInBadCommunityUses", "an operation the community may not do");
        Add(SnmpCounter.SnmpInASNParseErrs, new(1, 3, 6, 1, 2, 1, 11, 6, 0), "snmpInASNParseErrs", "a message that is not valid BER");
        Add(SnmpCounter.SnmpInTotalReqVars, new(1, 3, 6, 1, 2, 1, 11, 13, 0), "snmpInTotalReqVars", "a variable retrieved");
        Add(SnmpCounter.SnmpInTotalSetVars, new(1, 3, 6, 1, 2, 1, 11, 14, 0), "snmpInTotalSetVars", "a variable altered");
        Add(SnmpCounter.SnmpSilentDrops, new(1, 3, 6, 1, 2, 1, 11, 31, 0), "snmpSilentDrops", "a request whose response would not fit");
        Add(SnmpCounter.SnmpProxyDrops, new(1, 3, 6, 1, 2, 1, 11, 32, 0), "snmpProxyDrops", "a request a proxy could not forward");
        Add(SnmpCounter.SnmpUnknownSecurityModels, new(1, 3, 6, 1, 6, 3, 11, 2, 1, 1, 0), "snmpUnknownSecurityModels", "an unknown security model");
        Add(SnmpCounter.SnmpInvalidMsgs, new(1, 3, 6, 1, 6, 3, 11, 2, 1, 2, 0), "snmpInvalidMsgs", "an invalid message");
        Add(SnmpCounter.SnmpUnknownPDUHandlers, new(1, 3, 6, 1, 6, 3, 11, 2, 1, 3, 0), "snmpUnknownPDUHandlers", "no application for the PDU");
        Add(SnmpCounter.SnmpUnavailableContexts, new(1, 3, 6, 1, 6, 3, 12, 1, 4, 0), "snmpUnavailableContexts", "an unavailable context");
        Add(SnmpCounter.SnmpUnknownContexts, new(1, 3, 6, 1, 6, 3, 12, 1, 5, 0), "snmpUnknownContexts", "an unknown context");
        Add(SnmpCounter.UsmStatsUnsupportedSecLevels, new(1, 3, 6, 1, 6, 3, 15, 1, 1, 1, 0), "usmStatsUnsupportedSecLevels", "an unsupported security level");
        Add(SnmpCounter.UsmStatsNotInTimeWindows, new(1, 3, 6, 1, 6, 3, 15, 1, 1, 2, 0), "usmStatsNotInTimeWindows", "a message not in the time window");
        Add(SnmpCounter.UsmStatsUnknownUserNames, new(1, 3, 6, 1, 6, 3, 15, 1, 1, 3, 0), "usmStatsUnknownUserNames", "an unknown user name");
        Add(SnmpCounter.UsmStatsUnknownEngineIDs, new(1, 3, 6, 1, 6, 3, 15, 1, 1, 4, 0), "usmStatsUnknownEngineIDs", "an unknown engine ID");
        Add(SnmpCounter.UsmStatsWrongDigests, new(1, 3, 6, 1, 6, 3, 15, 1, 1, 5, 0), "usmStatsWrongDigests", "a wrong digest: the authentication password or protocol does not match");
        Add(SnmpCounter.UsmStatsDecryptionErrors, new(1, 3, 6, 1, 6, 3, 15, 1, 1, 6, 0), "usmStatsDecryptionErrors", "a decryption error: the privacy password or protocol does not match");
        return all;
    }
}
