using System.Globalization;
using System.Security.Cryptography;
using Snmp.Smi;

namespace Snmp.AbstractServices;

/// <summary>
/// This SNMP engine's identity as an authoritative engine (RFC 3411 section 3.1.1,
/// SNMP-FRAMEWORK-MIB snmpEngine group): snmpEngineID, snmpEngineBoots and snmpEngineTime.
/// An agent is authoritative for the requests it receives (RFC 3414 section 2.3), so its
/// boots must grow across restarts: <see cref="FromBootsFile"/> keeps them in a file.
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
        RandomNumberGenerator.Fill(id.AsSpan(5));
        return new OctetString(id);
    }

    /// <summary>
    /// Loads the engine ID and boots count kept in <paramref name="path"/>, adds one to boots (this
    /// is a new boot), and writes the file back before returning, so a crash after start still
    /// counts. A missing file starts at boots 1 with <paramref name="engineId"/> or a new ID.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">The file exists but is not one this method wrote, or cannot be written.</exception>
    public static LocalEngine FromBootsFile(string path, OctetString? engineId = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        OctetString? storedId = null;
        int storedBoots = 0;
        if (File.Exists(path))
        {
            foreach (var line in File.ReadAllLines(path))
            {
                var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
                if (parts.Length != 2)
                {
                    continue;
                }

                try
                {
                    switch (parts[0])
                    {
                        case "engineID":
                            storedId = new OctetString(Convert.FromHexString(parts[1]));
                            break;
                        case "engineBoots":
                            storedBoots = int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
                            break;
                    }
                }
                catch (FormatException e)
                {
                    throw new SnmpConfigurationException($"The engine boots file {path} has a bad line: {line}", e);
                }
                catch (OverflowException e)
                {
                    throw new SnmpConfigurationException($"The engine boots file {path} has a bad line: {line}", e);
                }
            }
        }

        var id = engineId ?? storedId ?? GenerateEngineId();
        // A different engine ID starts a new boots count (RFC 3414 2.2.2 ties boots to the ID).
        int boots = storedId is not null && storedId.Equals(id) ? storedBoots + 1 : 1;
        if (boots >= int.MaxValue)
        {
            throw new SnmpConfigurationException($"snmpEngineBoots in {path} has reached 2147483647: the engine must be given a new snmpEngineID (RFC 3414 2.2.2).");
        }

        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var temporary = path + ".tmp";
            File.WriteAllText(temporary, $"engineID {id.ToHex()}\nengineBoots {boots.ToString(CultureInfo.InvariantCulture)}\n");
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SnmpConfigurationException($"Cannot write the engine boots file {path}: {e.Message}", e);
        }

        return new LocalEngine(id, boots, timeProvider);
    }
}
