using Snmp.AbstractServices;

namespace Snmp.Composition;

/// <summary>
/// What every engine's options say about who it is (RFC 3411 3.1.1.1 snmpEngineID, RFC 3414
/// 2.2.2 snmpEngineBoots): an Engine's, an Agent's and a TrapReceiver's options each give one,
/// and <see cref="SnmpEngineHost"/> boots the <see cref="LocalEngine"/> from it.
/// </summary>
/// <param name="EngineId">The snmpEngineID; kept in <paramref name="BootsFile"/>, else generated, when null.</param>
/// <param name="BootsFile">Where snmpEngineBoots (and the engine ID) persist; boots 1 on every start when null.</param>
internal sealed record EngineIdentity(OctetString? EngineId, string? BootsFile)
{
    /// <summary>
    /// Starts this engine's boot on <paramref name="timeProvider"/>, which snmpEngineTime and
    /// sysUpTime follow from now on.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">The engine ID is not 5 to 32 octets, or the boots file is unusable.</exception>
    public LocalEngine Boot(TimeProvider timeProvider)
    {
        if (EngineId is { Length: < 5 or > 32 } badId)
        {
            throw new SnmpConfigurationException($"An snmpEngineID is 5 to 32 octets (RFC 3411), not {badId.Length}.");
        }

        return BootsFile is { } file
            ? EngineBootsFile.Boot(file, EngineId, timeProvider)
            : new LocalEngine(EngineId ?? LocalEngine.GenerateEngineId(), 1, timeProvider);
    }
}
