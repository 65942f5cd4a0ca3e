using System.Globalization;
using Snmp.AbstractServices;

namespace Snmp;

/// <summary>
/// The file an authoritative engine keeps its snmpEngineID and snmpEngineBoots in, so boots
/// grow across restarts as RFC 3414 section 2.2.2 requires (a manager that saw boots N must
/// never see N again with a smaller time). Two lines, "engineID hex" and "engineBoots n";
/// written through a temporary file and a rename, so a crash leaves the old file or the new.
/// </summary>
public static class EngineBootsFile
{
    /// <summary>
    /// Starts a new boot: loads the engine ID and boots count kept in <paramref name="path"/>,
    /// adds one to boots, and writes the file back before returning, so a crash after start
    /// still counts. A missing file starts at boots 1 with <paramref name="engineId"/> or a new
    /// ID (<see cref="LocalEngine.GenerateEngineId"/>); a different <paramref name="engineId"/>
    /// than the file's starts again at 1.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">The file exists but is not one this method wrote, boots has run out, or the file cannot be written.</exception>
    public static LocalEngine Boot(string path, OctetString? engineId = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (storedId, storedBoots) = Read(path);
        var id = engineId ?? storedId ?? LocalEngine.GenerateEngineId();
        // A different engine ID starts a new boots count (RFC 3414 2.2.2 ties boots to the ID).
        int boots = storedId is not null && storedId.Equals(id) ? storedBoots + 1 : 1;
        if (boots >= int.MaxValue)
        {
            throw new SnmpConfigurationException($"snmpEngineBoots in {path} has reached 2147483647: the engine must be given a new snmpEngineID (RFC 3414 2.2.2).");
        }

        Write(path, id, boots);
        return new LocalEngine(id, boots, timeProvider);
    }

    private static (OctetString? EngineId, int Boots) Read(string path)
    {
        OctetString? engineId = null;
        int boots = 0;
        if (!File.Exists(path))
        {
            return (engineId, boots);
        }

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
                        engineId = new OctetString(Convert.FromHexString(parts[1]));
                        break;
                    case "engineBoots":
                        boots = int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
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

        return (engineId, boots);
    }

    private static void Write(string path, OctetString engineId, int boots)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var temporary = path + ".tmp";
            File.WriteAllText(temporary, $"engineID {engineId.ToHex()}\nengineBoots {boots.ToString(CultureInfo.InvariantCulture)}\n");
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SnmpConfigurationException($"Cannot write the engine boots file {path}: {e.Message}", e);
        }
    }
}
