using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Snmp.Smi.Modules;

namespace Snmp.Benchmarks;

/// <summary>
/// The MIB compiler (Snmp.Smi.Modules) on the 78 modules of shared/mibs/ietf: compiling all of them
/// from text (what <c>snmptranslate -m ALL</c> does on start-up; that process, including its own start,
/// is the baseline of the same run), loading the same set from its compact cache, and the lookups
/// both ways on the loaded set.
/// The directory is found above the working directory or named by SNMP_SHARED_MIBS.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MibBenchmarks
{
    private static readonly string[] Names = ["IF-MIB::ifDescr.3", "ifHCInOctets.12", "SNMP-TARGET-MIB::snmpTargetAddrTAddress.1.2.3", "sysUpTime.0"];

    private string _directory = null!;
    private MibModuleSet _set = null!;
    private ObjectIdentifier[] _oids = null!;
    private byte[] _cache = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = FindIetf();
        _set = new MibModuleSet(_directory);
        _set.LoadAll();
        _oids = [.. Names.Select(_set.Resolve)];
        using var stream = new MemoryStream();
        _set.WriteCache(stream);
        _cache = stream.ToArray();
    }

    [Benchmark(Baseline = true, Description = "snmptranslate -m ALL -Tp (process)")]
    public int NetSnmpParseAll()
    {
        var start = new ProcessStartInfo("snmptranslate") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-M", _directory, "-m", "ALL", "-Tp" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var length = process.StandardOutput.ReadToEnd().Length;
        process.WaitForExit();
        return length;
    }

    [Benchmark(Description = "compile all IETF modules")]
    public int CompileAll()
    {
        var set = new MibModuleSet(_directory);
        set.LoadAll();
        return set.Modules.Count;
    }

    [Benchmark(Description = "load all IETF modules from the cache")]
    public int LoadFromCache() => MibModuleSet.ReadCache(new MemoryStream(_cache))!.Modules.Count;

    [Benchmark(Description = "OID -> name x4")]
    public int OidToName()
    {
        int n = 0;
        foreach (var oid in _oids)
        {
            n += _set.GetName(oid).Length;
        }

        return n;
    }

    [Benchmark(Description = "name -> OID x4")]
    public int NameToOid()
    {
        int n = 0;
        foreach (var name in Names)
        {
            n += _set.Resolve(name).Length;
        }

        return n;
    }

    internal static string FindIetf()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SNMP_SHARED_MIBS");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "mibs", "ietf");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("shared/mibs/ietf not found; set SNMP_SHARED_MIBS.");
    }
}
