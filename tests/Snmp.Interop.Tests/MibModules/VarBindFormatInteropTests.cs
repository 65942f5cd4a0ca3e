using System.Globalization;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Smi.Modules;

namespace Snmp.Interop.Tests.MibModules;

/// <summary>
/// MibModuleSet.Format(VarBind) against the lines Net-SNMP's snmpwalk prints by default with the
/// same modules (<c>IF-MIB::ifOperStatus.1 = INTEGER: up(1)</c>): the name with its index decoded,
/// the type tag and the value. Counters, gauges and clocks move between the two reads, so for those
/// only the name and the type tag are compared; any other difference is read again by both once.
/// Documented difference: Net-SNMP breaks a Hex-STRING into lines of 16 octets ending in a space, we
/// write one line. Where several modules define one OID (DISMAN-EVENT-MIB and DISMAN-EXPRESSION-MIB
/// both define sysUpTimeInstance) the name is the same module's as Net-SNMP's: LoadAll loads in -m ALL's order.
/// </summary>
public class VarBindFormatInteropTests
{
    private static readonly string[] Subtrees = ["SNMPv2-MIB::system", "IF-MIB::ifTable", "HOST-RESOURCES-MIB::hrStorageTable", "IP-MIB::ipAddressTable", "SNMP-FRAMEWORK-MIB::snmpEngine"];

    [Test]
    public async Task OurLinesAreSnmpwalks()
    {
        var ietf = MibValueRenderingTests.FindIetf();
        var mibs = new MibModuleSet(ietf);
        mibs.LoadAll();
        await using var snmpd = await SnmpdFixture.StartAsync();
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = SnmpdFixture.ReadCommunity, Mibs = mibs });
        var manager = engine.Manager(snmpd.Endpoint);
        manager.Timeout = TimeSpan.FromSeconds(5);

        int compared = 0, whole = 0;
        var tags = new HashSet<string>();
        var differences = new List<string>();
        foreach (var subtree in Subtrees)
        {
            var theirs = (await SnmpwalkAsync(snmpd.Peer, ietf, subtree)).ToDictionary(l => mibs.Resolve(l.Key), l => (Name: l.Key, Text: l.Value));
            await foreach (var vb in manager.WalkAsync(subtree))
            {
                var ours = mibs.Format(vb);
                var name = ours[..ours.IndexOf(" = ", StringComparison.Ordinal)];
                var text = ours[(name.Length + 3)..];
                compared++;
                if (!theirs.TryGetValue(vb.Oid, out var their))
                {
                    differences.Add($"{name}: not in snmpwalk's output");
                    continue;
                }

                if (their.Name != name)
                {
                    differences.Add($"{name}: snmpwalk names it {their.Name}");
                }

                var tag = text.Split(':')[0];
                tags.Add(tag);
                if (vb.Value.Type is SnmpType.Counter32 or SnmpType.Counter64 or SnmpType.Gauge32 or SnmpType.TimeTicks)
                {
                    if (!their.Text.StartsWith(tag + ":", StringComparison.Ordinal))
                    {
                        differences.Add($"ours [{ours}] snmpwalk [{their.Name} = {their.Text}]");
                    }

                    continue;
                }

                if (!SameValue(text, their.Text))
                {
                    // Read both again once: the value may have changed between the walks.
                    var again = mibs.Format((await manager.GetAsync(vb.Oid))[0]);
                    var one = (await NetSnmpTools.RunAsync("snmpget", TimeSpan.FromSeconds(30), outputOptions: false,
                        "-M", ietf, "-m", "ALL", "-v2c", "-c", SnmpdFixture.ReadCommunity, snmpd.Peer, vb.Oid.ToString())).StandardOutput;
                    int eq = one.IndexOf(" = ", StringComparison.Ordinal);
                    if (eq < 0 || !SameValue(again[(again.IndexOf(" = ", StringComparison.Ordinal) + 3)..], one[(eq + 3)..]))
                    {
                        differences.Add($"ours [{again}] snmpget [{one}]");
                        continue;
                    }
                }

                whole++;
            }
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"varbinds formatted: {compared}, {whole} whole values equal to Net-SNMP's, the rest (counters, gauges, clocks) name and tag; tags: {string.Join(", ", tags.Order())}"));
        foreach (var d in differences)
        {
            TestContext.Out.WriteLine("  difference: " + d);
        }

        Assert.That(differences, Is.Empty);
        Assert.That(whole, Is.GreaterThan(50));
        Assert.That(tags, Does.Contain("INTEGER").And.Contain("STRING").And.Contain("OID").And.Contain("Timeticks").And.Contain("Hex-STRING"));
    }

    /// <summary>
    /// The value parts equal up to white space (Net-SNMP breaks a long Hex-STRING into lines of 16
    /// octets and ends it with a space).
    /// </summary>
    private static bool SameValue(string ours, string theirs)
    {
        static string Squeeze(string s) => string.Join(' ', s.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        return Squeeze(ours) == Squeeze(theirs);
    }

    /// <summary>snmpwalk's default lines, by the name left of " = " (a value running over several lines joined back).</summary>
    private static async Task<Dictionary<string, string>> SnmpwalkAsync(string peer, string ietf, string subtree)
    {
        var result = await NetSnmpTools.RunAsync("snmpwalk", TimeSpan.FromSeconds(30), outputOptions: false,
            "-M", ietf, "-m", "ALL", "-v2c", "-c", SnmpdFixture.ReadCommunity, peer, subtree);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            int eq = line.IndexOf(" = ", StringComparison.Ordinal);
            if (eq > 0 && !line.StartsWith(' ') && line.Contains("::", StringComparison.Ordinal))
            {
                last = line[..eq];
                lines[last] = line[(eq + 3)..];
            }
            else if (last is not null && line.Length > 0)
            {
                lines[last] += "\n" + line;
            }
        }

        return lines;
    }
}
