using System.Security.Cryptography;
using System.Text;
using Snmp.Smi.Modules;

namespace Snmp.Tool.Cli;

/// <summary>
/// Which MIB modules a command loads, chosen as Net-SNMP chooses (snmpcmd(1), snmp.conf(5)):
/// <c>-M</c>, else MIBDIRS, else the default search path; <c>-m</c>, else MIBS, else a
/// <c>mibs</c> line of snmp.conf, else the default list; a leading '+' adds to the default;
/// <c>ALL</c> loads every module found. A compiled set is kept in the user's cache directory
/// (<see cref="MibModuleSet.WriteCache"/>) and read back while its files are unchanged, so an
/// invocation does not compile its modules again.
/// </summary>
internal static class MibSelection
{
    /// <summary>Net-SNMP 5.9's default module list (what its tools load when nothing says otherwise).</summary>
    public const string DefaultModules = "SNMPv2-MIB:IF-MIB:IP-MIB:TCP-MIB:UDP-MIB";

    /// <summary>The MIB search path (-M, MIBDIRS, or Net-SNMP's default), colon-separated.</summary>
    public static string SearchPath(CommonOptions options, ToolConsole console)
    {
        var home = console.Environment("HOME") ?? "";
        var defaultDirectories = string.Join(':', Path.Combine(home, ".snmp", "mibs"), "/usr/share/snmp/mibs", "/usr/share/snmp/mibs/iana", "/usr/share/snmp/mibs/ietf");
        return Combine(options.MibDirectories ?? console.Environment("MIBDIRS"), defaultDirectories);
    }

    public static MibModuleSet Load(CommonOptions options, ToolConsole console)
    {
        var home = console.Environment("HOME") ?? "";
        var directories = SearchPath(options, console);
        var configured = ConfiguredModules(home);
        var modules = Combine(options.MibModules ?? console.Environment("MIBS") ?? configured, configured ?? DefaultModules);
        var dirs = directories.Split(':', StringSplitOptions.RemoveEmptyEntries);
        var names = modules.Split(':', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            return new MibModuleSet(dirs);
        }

        var cacheFile = CacheFile(console, dirs, names);
        if (cacheFile is not null && File.Exists(cacheFile))
        {
            try
            {
                using var stream = File.OpenRead(cacheFile);
                if (MibModuleSet.ReadCache(stream) is { } cached)
                {
                    return cached;
                }
            }
            catch (IOException)
            {
            }
        }

        var set = new MibModuleSet(dirs);
        foreach (var name in names)
        {
            if (name == "ALL")
            {
                set.LoadAll();
            }
            else if (set.Load(name) is null)
            {
                console.Error.WriteLine($"MIB search path: {directories}");
                console.Error.WriteLine($"Cannot find module ({name}): At line 1 in (none)");
            }
        }

        if (cacheFile is not null)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
                var temp = cacheFile + "." + Environment.ProcessId + ".tmp";
                using (var stream = File.Create(temp))
                {
                    set.WriteCache(stream);
                }

                File.Move(temp, cacheFile, overwrite: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return set;
    }

    private static string Combine(string? given, string fallback) =>
        given is null ? fallback : given.StartsWith('+') ? fallback + ":" + given[1..] : given;

    // The last "mibs" line of /etc/snmp/snmp.conf or ~/.snmp/snmp.conf (Debian's says "mibs :": none).
    private static string? ConfiguredModules(string home)
    {
        string? modules = null;
        foreach (var file in new[] { "/etc/snmp/snmp.conf", Path.Combine(home, ".snmp", "snmp.conf") })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var raw in File.ReadLines(file))
            {
                var line = raw.Trim();
                if (line.StartsWith("mibs", StringComparison.Ordinal) && line.Length > 4 && char.IsWhiteSpace(line[4]))
                {
                    var value = line[5..].Trim();
                    modules = value == ":" ? "" : value;
                }
            }
        }

        return modules;
    }

    private static string? CacheFile(ToolConsole console, string[] dirs, string[] names)
    {
        var root = console.Environment("SNMP_TOOL_CACHE") ?? console.Environment("XDG_CACHE_HOME")
            ?? (console.Environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".cache") : null);
        if (root is null || root == "off")
        {
            return null;
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', dirs) + "\0" + string.Join('\n', names))))[..24];
        return Path.Combine(root, "snmp-tool", $"mibs-{key}.cache");
    }
}
