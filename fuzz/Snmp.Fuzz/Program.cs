using System.IO.Compression;
using SharpFuzz;
using Snmp.Fuzzing;

// Snmp.Fuzz run <target>                       under afl-fuzz (SharpFuzz persistent mode)
// Snmp.Fuzz seeds <target> <dir> <repo root>   writes the seed corpus
// Snmp.Fuzz replay <target> <file or dir>...    runs inputs once, prints what fails (crash triage)
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Snmp.Fuzz run|seeds|replay <target> [...]; targets: " + string.Join(", ", FuzzTargets.Names));
    return 2;
}

switch (args[0])
{
    case "run":
        // Instrumented code may run only inside Fuzzer.Run (it writes to AFL's shared memory),
        // so the target (an Agent, keys localised, ...) is made on the first input.
        IFuzzTarget? fuzzed = null;
        Fuzzer.Run(stream =>
        {
            fuzzed ??= FuzzTargets.Create(args[1]);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            fuzzed.Run(buffer.ToArray());
        });
        return 0;
    case "seeds":
        return WriteSeeds(args[1], args[2], args[3]);
    case "replay":
        var target = FuzzTargets.Create(args[1]);
        int failed = 0;
        foreach (var file in args.Skip(2).SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p) : [p]))
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine($"{file}: {e}");
            }
        }

        (target as IDisposable)?.Dispose();
        Console.WriteLine($"{failed} failed");
        return failed == 0 ? 0 : 1;
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}

static int WriteSeeds(string targetName, string directory, string repoRoot)
{
    Directory.CreateDirectory(directory);
    var seeds = targetName switch
    {
        "mib" => MibSeeds(repoRoot),
        "mibcache" => [.. MibCacheTarget.Seeds()],
        _ => PacketSeeds(targetName, repoRoot),
    };
    for (int i = 0; i < seeds.Count; i++)
    {
        File.WriteAllBytes(Path.Combine(directory, $"seed-{i:D4}"), seeds[i]);
    }

    Console.WriteLine($"{seeds.Count} seeds in {directory}");
    return 0;
}

// MIB text: the small files of the shared IETF/Net-SNMP MIBs (up to 8 KB: AFL mutates small inputs
// fastest), the sloppy vendor MIBs of the compiler's tests, and a few hand-written bad modules.
static List<byte[]> MibSeeds(string repoRoot)
{
    var seeds = new List<byte[]>();
    var ietf = new[] { Environment.GetEnvironmentVariable("SNMP_SHARED_MIBS"), Path.Combine(repoRoot, "..", "shared", "mibs", "ietf"), Path.Combine(repoRoot, "..", "..", "shared", "mibs", "ietf") }
        .FirstOrDefault(d => !string.IsNullOrEmpty(d) && Directory.Exists(d));
    if (ietf is null)
    {
        Console.Error.WriteLine("shared/mibs/ietf not found beside the repository (set SNMP_SHARED_MIBS): seeding without it");
    }
    else
    {
        seeds.AddRange(Directory.GetFiles(ietf).Order(StringComparer.Ordinal).Where(f => new FileInfo(f).Length <= 8192).Select(File.ReadAllBytes));
    }

    seeds.AddRange(Directory.GetFiles(Path.Combine(repoRoot, "tests", "Snmp.Smi.Modules.Tests", "Sloppy")).Order(StringComparer.Ordinal).Select(File.ReadAllBytes));
    string[] texts =
    [
        "A-MIB DEFINITIONS ::= BEGIN\nIMPORTS enterprises FROM SNMPv2-SMI;\na OBJECT IDENTIFIER ::= { enterprises 1 }\nb OBJECT IDENTIFIER ::= { a ; }\nEND\n",
        "L-MIB DEFINITIONS ::= BEGIN\na OBJECT IDENTIFIER ::= { b 1 }\nb OBJECT IDENTIFIER ::= { a 1 }\nEND\n",
        "X-MIB DEFINITIONS ::= BEGIN\nIMPORTS y FROM Y-MIB;\nx OBJECT IDENTIFIER ::= { y 2 }\nEND\nY-MIB DEFINITIONS ::= BEGIN\nIMPORTS x FROM X-MIB;\ny OBJECT IDENTIFIER ::= { x 1 }\nEND\n",
        "B-MIB DEFINITIONS ::= BEGIN\nIMPORTS enterprises FROM SNMPv2-SMI;\nbig OBJECT IDENTIFIER ::= { enterprises 4294967296 }\nEND\n",
        "T-MIB DEFINITIONS ::= BEGIN\nIMPORTS OBJECT-TYPE, enterprises FROM SNMPv2-SMI DisplayString FROM SNMPv2-TC;\n" +
        "tT OBJECT-TYPE SYNTAX SEQUENCE OF TE MAX-ACCESS not-accessible STATUS current DESCRIPTION \"t\" ::= { enterprises 9 }\n" +
        "tE OBJECT-TYPE SYNTAX TE MAX-ACCESS not-accessible STATUS current DESCRIPTION \"e\" INDEX { tI, IMPLIED tN } ::= { tT 1 }\n" +
        "TE ::= SEQUENCE { tI INTEGER, tN DisplayString }\n" +
        "tI OBJECT-TYPE SYNTAX INTEGER { a(1), b(2) } MAX-ACCESS read-only STATUS current DESCRIPTION \"i\" DEFVAL { a } ::= { tE 1 }\n" +
        "tN OBJECT-TYPE SYNTAX DisplayString (SIZE (0..8)) MAX-ACCESS read-only STATUS current DESCRIPTION \"n\" ::= { tE 2 }\nEND\n",
        "H-MIB DEFINITIONS ::= BEGIN\nIMPORTS TEXTUAL-CONVENTION FROM SNMPv2-TC;\nH ::= TEXTUAL-CONVENTION DISPLAY-HINT \"1x:2d-255a\" STATUS current DESCRIPTION \"h\" SYNTAX OCTET STRING (SIZE (0..32))\nEND\n",
        "S-MIB DEFINITIONS ::= BEGIN\ns OBJECT IDENTIFIER ::= { iso 3 'ff'H \"unterminated\nEND\n",
    ];
    seeds.AddRange(texts.Select(System.Text.Encoding.Latin1.GetBytes));
    return seeds;
}

static List<byte[]> PacketSeeds(string targetName, string repoRoot)
{
    var seeds = new List<byte[]>(FuzzSeeds.Generated());
    foreach (var hex in Directory.GetFiles(Path.Combine(repoRoot, "tests", "fixtures", "netsnmp"), "*.hex"))
    {
        seeds.Add(Convert.FromHexString(string.Concat(File.ReadAllText(hex).Where(Uri.IsHexDigit))));
    }

    if (targetName != "usm")
    {
        // PROTOS c06-snmpv1 (SNMPv1 requests): every 40th case, afl-fuzz mutates the rest into being.
        using var zip = ZipFile.OpenRead(Path.Combine(repoRoot, "tests", "fixtures", "protos", "c06-snmpv1-req-app-r1.jar"));
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("testcases/", StringComparison.Ordinal) && e.Name.Length > 0))
        {
            if (int.Parse(entry.Name, System.Globalization.CultureInfo.InvariantCulture) % 40 == 0)
            {
                using var content = entry.Open();
                using var buffer = new MemoryStream();
                content.CopyTo(buffer);
                if (buffer.Length <= 4096)
                {
                    seeds.Add(buffer.ToArray());
                }
            }
        }
    }

    return seeds;
}
