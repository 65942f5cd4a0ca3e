namespace Snmp.AbstractServices;

/// <summary>
/// This SNMP engine's identity as an authoritative engine (RFC 3411 section 3.1.1,
/// SNMP-FRAMEWORK-MIB snmpEngine group): snmpEngineID, snmpEngineBoots and snmpEngineTime.
/// An agent is authoritative for the requests it receives (RFC 3414 section 2.3), so its
/// boots must grow across restarts: <see cref="EngineBootsFile"/> keeps them in a file.
/// </summary>
public sealed class LocalEngine
{
    private readonly TimeProvider _timeProvider;
    private readonly long _started;

    /// <summary>Creates the identity with a fixed engine ID and boots count; snmpEngineTime starts at 0 now.</summary>
    /// <exception cref="ArgumentException">The engine ID is not 5 to 32 octets (RFC 3411 SnmpEngineID), or boots is out of 1 .. 2^31-2.</exception>
    public LocalEngine(OctetString engineId, int boots, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(engineId);
        if (engineId.Length is < 5 or > 32)
        {
            throw new ArgumentException($"An snmpEngineID is 5 to 32 octets (RFC 3411), not {engineId.Length}.", nameof(engineId));
        }

        if (boots is < 1 or int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(boots), boots, "snmpEngineBoots is 1 .. 2147483646 while the engine can run (RFC 3414 2.2.2).");
        }

        EngineId = engineId;
        Boots = boots;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _started = _timeProvider.GetTimestamp();
    }

    /// <summary>snmpEngineID.</summary>
    public OctetString EngineId { get; }

    /// <summary>snmpEngineBoots: how many times this engine has (re-)initialised.</summary>
    public int Boots { get; }

    /// <summary>snmpEngineTime: seconds since snmpEngineBoots last changed.</summary>
    public int Time => (int)Math.Min(int.MaxValue, (long)_timeProvider.GetElapsedTime(_started).TotalSeconds);

    /// <summary>sysUpTime's notion of the same clock, in hundredths of a second.</summary>
    public uint UpTimeTicks => (uint)Math.Min(uint.MaxValue, (long)(_timeProvider.GetElapsedTime(_started).TotalMilliseconds / 10));

    /// <summary>
    /// A new snmpEngineID in the RFC 3411 format: the high bit set, an enterprise number, format
    /// 5 (octets administratively assigned) and 8 random octets.
    /// </summary>
    /// <param name="enterpriseNumber">The IANA private enterprise number in the ID (0 when you have none).</param>
    public static OctetString GenerateEngineId(uint enterpriseNumber = 0)
    {
        var id = new byte[13];
        id[0] = (byte)(0x80 | (enterpriseNumber >> 24) & 0x7F);
        id[1] = (byte)(enterpriseNumber >> 16);
        id[2] = (byte)(enterpriseNumber >> 8);
        id[3] = (byte)enterpriseNumber;
        id[4] = 5;
        // Unique, not secret (every message carries it in clear): the runtime's seeded generator,
        // which, unlike RandomNumberGenerator, does not load the platform's cryptographic library
        // into a process that may never need it (a single SNMPv2c get).
        Random.Shared.NextBytes(id.AsSpan(5));
        return new OctetString(id);
    }
}
