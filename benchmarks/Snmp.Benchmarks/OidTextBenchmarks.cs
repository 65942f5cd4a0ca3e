using BenchmarkDotNet.Attributes;
using Snmp.Messages;
using Snmp.Smi.Modules;

namespace Snmp.Benchmarks;

/// <summary>
/// OIDs given as text to the facade (issue 11): the dotted text through Manager.Resolve, with the
/// IETF modules loaded as its Mibs, against parsing the same text directly (what the implicit
/// string conversion did before; the baseline of the same run), and names through the modules.
/// The numeric path should cost the same as the baseline: the resolver is never asked.
/// </summary>
[MemoryDiagnoser]
public class OidTextBenchmarks
{
    private static readonly string[] Dotted = ["1.3.6.1.2.1.2.2.1.2.3", "1.3.6.1.2.1.31.1.1.1.6.12", "1.3.6.1.6.3.12.1.2.1.3.1.2.3", "1.3.6.1.2.1.1.3.0"];
    private static readonly string[] Names = ["IF-MIB::ifDescr.3", "ifHCInOctets.12", "SNMP-TARGET-MIB::snmpTargetAddrTAddress.1.2.3", "sysUpTime.0"];

    private Engine _engine = null!;
    private Manager _manager = null!;

    [GlobalSetup]
    public void Setup()
    {
        var set = new MibModuleSet(MibBenchmarks.FindIetf());
        set.LoadAll();
        _engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, Mibs = set });
        _manager = _engine.Manager("127.0.0.1:9");
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Baseline = true, Description = "new ObjectIdentifier(dotted) x4")]
    public int ParseDotted()
    {
        int n = 0;
        foreach (var text in Dotted)
        {
            n += new ObjectIdentifier(text).Length;
        }

        return n;
    }

    [Benchmark(Description = "Manager.Resolve(dotted) x4, Mibs loaded")]
    public int ResolveDotted()
    {
        int n = 0;
        foreach (var text in Dotted)
        {
            n += _manager.Resolve(text).Length;
        }

        return n;
    }

    [Benchmark(Description = "Manager.Resolve(name) x4")]
    public int ResolveName()
    {
        int n = 0;
        foreach (var text in Names)
        {
            n += _manager.Resolve(text).Length;
        }

        return n;
    }
}
