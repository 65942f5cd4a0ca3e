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

        Console.WriteLine($"{failed} failed");
        return failed == 0 ? 0 : 1;
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}

static int WriteSeeds(string targetName, string directory, string repoRoot)
{
    Directory.CreateDirectory(directory);
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

    for (int i = 0; i < seeds.Count; i++)
    {
        File.WriteAllBytes(Path.Combine(directory, $"seed-{i:D4}"), seeds[i]);
    }

    Console.WriteLine($"{seeds.Count} seeds in {directory}");
    return 0;
}
