using Snmp;
using Snmp.Smi.Modules;

// One process's MIB start-up, for scripts/mib_load_compare.py to time beside
// `snmptranslate -M DIR -m ALL -On SNMPv2-MIB::sysDescr.0` (wall time and peak RSS of each whole
// process, same run): load every module of a directory, either compiled from the files
// (`compile`) or read from the compiled cache (`cache`, written first when missing or stale), or
// nothing at all (`none`, the runtime's start-up floor); then translate the same name and print its
// OID as snmptranslate -On does.
//
//   Snmp.MibStartup compile|cache|none [DIR] [CACHEFILE]
//   Snmp.MibStartup retained DIR      (the managed heap a loaded set keeps: compiled, then read from its cache)
var mode = args.ElementAtOrDefault(0) ?? "";
var directory = args.ElementAtOrDefault(1) ?? "";
var cacheFile = args.ElementAtOrDefault(2) ?? Path.Combine(Path.GetTempPath(), "snmp-mibstartup.cache");
const string Name = "SNMPv2-MIB::sysDescr.0";
MibModuleSet set;
switch (mode)
{
    case "none":
        Console.WriteLine("." + new ObjectIdentifier("1.3.6.1.2.1.1.1.0"));
        return 0;
    case "compile":
        set = new MibModuleSet(directory);
        set.LoadAll();
        break;
    case "cache":
        set = ReadCache(cacheFile) ?? CompileAndCache(directory, cacheFile);
        break;
    case "retained":
        Retained(directory);
        return 0;
    default:
        Console.Error.WriteLine("usage: Snmp.MibStartup compile|cache|none [DIR] [CACHEFILE]");
        return 2;
}

Console.WriteLine("." + set.Resolve(Name));
return 0;

static void Retained(string directory)
{
    long before = GC.GetTotalMemory(forceFullCollection: true);
    var compiled = new MibModuleSet(directory);
    compiled.LoadAll();
    long afterCompile = GC.GetTotalMemory(forceFullCollection: true);
    using var cache = new MemoryStream();
    compiled.WriteCache(cache);
    Console.WriteLine($"compiled set: {(afterCompile - before) / 1e6:F2} MB retained ({compiled.Modules.Count} modules, {compiled.Modules.Sum(m => m.Nodes.Count)} nodes)");
    GC.KeepAlive(compiled);
    compiled = null;
    before = GC.GetTotalMemory(forceFullCollection: true);
    cache.Position = 0;
    var cached = MibModuleSet.ReadCache(cache)!;
    long afterCache = GC.GetTotalMemory(forceFullCollection: true);
    Console.WriteLine($"set read from its cache ({cache.Length / 1e6:F2} MB): {(afterCache - before) / 1e6:F2} MB retained");
    GC.KeepAlive(cached);
}

static MibModuleSet? ReadCache(string path)
{
    if (!File.Exists(path))
    {
        return null;
    }

    using var input = File.OpenRead(path);
    return MibModuleSet.ReadCache(input);
}

static MibModuleSet CompileAndCache(string directory, string path)
{
    var set = new MibModuleSet(directory);
    set.LoadAll();
    using var output = File.Create(path);
    set.WriteCache(output);
    return set;
}
