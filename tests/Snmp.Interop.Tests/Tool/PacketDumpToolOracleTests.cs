using System.Globalization;
using System.Text.RegularExpressions;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Interop.Tests.Tool;

/// <summary>
/// The flags whose effect is on the wire rather than in the output, beside Net-SNMP's programs on
/// one private snmpd: -d (each packet dumped on standard error as Net-SNMP dumps it), -Z
/// (the agent's boots and time given, so no Report is needed to learn them) and, for
/// snmptrap/snmpinform, -E and -n (the scopedPDU's contextEngineID and contextName). The dumps
/// differ where the two programs choose differently (request-ids, msgIDs, local ports), so those
/// are compared decoded or masked; everything else is compared as it is.
/// </summary>
[NonParallelizable]
public partial class PacketDumpToolOracleTests
{
    private const string V3Priv = "-v3 -u authPrivUser -l authPriv -a SHA-256 -A authpass123 -x AES -X privpass123";
    private static SnmpdFixture? _snmpd;

    [OneTimeSetUp]
    public async Task StartSnmpd()
    {
        _snmpd = await SnmpdFixture.StartAsync(
        [
            "createUser authPrivUser SHA-256 \"authpass123\" AES \"privpass123\"",
            "createUser noAuthUser",
            "rwuser authPrivUser priv",
            "rouser noAuthUser noauth",
        ]);
    }

    [OneTimeTearDown]
    public async Task StopSnmpd()
    {
        if (_snmpd is not null)
        {
            await _snmpd.DisposeAsync();
        }
    }

    /// <summary>One dumped packet: its direction, its header with the ports masked, its octets and hex lines.</summary>
    private sealed record Dump(bool Sending, string Header, int Length, byte[] Octets, IReadOnlyList<string> Lines);

    [Test]
    public async Task A_get_with_d_dumps_the_same_packets_in_Net_SNMPs_layout()
    {
        string[] args = ["-d", "-v2c", "-c", "public", _snmpd!.Peer, "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.1.0"];
        var theirs = await ToolOracle.RunTheirsAsync("snmpget", args);
        var ours = await ToolOracle.RunOursAsync(["get", .. args]);
        var theirDumps = Dumps(theirs.StandardError);
        var ourDumps = Dumps(ours.StandardError);

        Assert.That(ours.ExitCode, Is.EqualTo(theirs.ExitCode));
        Assert.That(ToolOracle.Normalize(ours.StandardOutput), Is.EqualTo(ToolOracle.Normalize(theirs.StandardOutput)));
        Assert.That(theirDumps.Select(d => d.Sending), Is.EqualTo(new[] { true, false }), "Net-SNMP: one request, one response");
        Assert.That(ourDumps.Select(d => d.Sending), Is.EqualTo(theirDumps.Select(d => d.Sending)));
        for (int i = 0; i < theirDumps.Count; i++)
        {
            var (mine, net) = (ourDumps[i], theirDumps[i]);
            Assert.Multiple(() =>
            {
                Assert.That(Regex.Replace(mine.Header, @"\d+ byte", "N byte"), Is.EqualTo(Regex.Replace(net.Header, @"\d+ byte", "N byte")));
                Assert.That(mine.Octets, Has.Length.EqualTo(mine.Length), "the header counts the octets dumped");
                Assert.That(WithoutRequestId(mine.Octets), Is.EqualTo(WithoutRequestId(net.Octets)), "the same message but for the request-id");
                // Full lines have one layout; a last, shorter line keeps the text column where a full line has it.
                foreach (var line in mine.Lines)
                {
                    int count = Math.Min(16, mine.Octets.Length - int.Parse(line[..4], CultureInfo.InvariantCulture));
                    Assert.That(line, Has.Length.EqualTo(60 + count), line);
                    if (count == 16)
                    {
                        Assert.That(Shape(line), Is.EqualTo(Shape(net.Lines[0])), line);
                    }
                }

                Assert.That(TextColumn(mine), Is.EqualTo(Printable(mine.Octets)));
            });
        }
    }

    [Test]
    public async Task Z_gives_the_agents_clock_so_the_first_request_is_in_its_time_window()
    {
        // With -e and -Z, we send the request once, in the agent's time window; Net-SNMP 5.9.3
        // ignores -Z when -e is given and learns the clock from a Report first (two requests).
        // A wrong -Z costs us that Report, and both end with the same answer.
        var (engineId, boots, time) = await AgentClockAsync();
        foreach (var (z, ourSends) in new[] { ("", 2), ($"-Z {boots},{time}", 1), ($"-Z {boots + 3},{time}", 2) })
        {
            var line = $"-d {V3Priv} -e {engineId} {z} {_snmpd!.Peer} 1.3.6.1.2.1.1.5.0".Replace("  ", " ", StringComparison.Ordinal);
            var args = ToolOracle.Words(line);
            var theirs = await ToolOracle.RunTheirsAsync("snmpget", args);
            var ours = await ToolOracle.RunOursAsync(["get", .. args]);
            Assert.Multiple(() =>
            {
                Assert.That(ours.ExitCode, Is.EqualTo(theirs.ExitCode), line);
                Assert.That(ours.StandardOutput, Is.EqualTo(theirs.StandardOutput), line);
                Assert.That(Dumps(theirs.StandardError).Count(d => d.Sending), Is.EqualTo(2), $"Net-SNMP {line}");
                Assert.That(Dumps(ours.StandardError).Count(d => d.Sending), Is.EqualTo(ourSends), line);
            });
        }
    }

    [Test]
    public void Z_values_that_are_not_numbers_are_refused_in_Net_SNMPs_words()
    {
        foreach (var z in new[] { ",3", "x,1", "5,y" })
        {
            var args = ToolOracle.Words($"{V3Priv} -Z {z} {_snmpd!.Peer} 1.3.6.1.2.1.1.5.0");
            var theirs = ToolOracle.RunTheirsAsync("snmpget", args).GetAwaiter().GetResult();
            var ours = ToolOracle.RunOursAsync(["get", .. args]).GetAwaiter().GetResult();
            Assert.That(ToolOracle.Differences("snmpget", theirs, ours), Is.Empty, $"-Z {z}");
        }
    }

    [TestCase("snmptrap", "-v3 -u noAuthUser -l noAuthNoPriv -e 0x8000000001020304")]
    [TestCase("snmpinform", "-v3 -u noAuthUser -l noAuthNoPriv")]
    public async Task E_and_n_set_the_contextEngineID_and_contextName_of_a_notification(string program, string credentials)
    {
        // The inform goes to snmpd, which answers as a notification receiver would not (it is no
        // receiver): what matters is the request both programs send first after discovery.
        var line = $"-d {credentials} -E 0x80000000AABBCCDD -n ctx7 -t 0.3 -r 0 {_snmpd!.Peer} '' 1.3.6.1.6.3.1.1.5.1";
        var args = ToolOracle.Words(line);
        var theirs = await ToolOracle.RunTheirsAsync(program, args);
        var ours = await ToolOracle.RunOursAsync([ToolOracle.Subcommand(program), .. args]);
        byte[] contextEngineId = [0x04, 0x08, 0x80, 0x00, 0x00, 0x00, 0xAA, 0xBB, 0xCC, 0xDD, 0x04, 0x04, (byte)'c', (byte)'t', (byte)'x', (byte)'7'];
        bool Carries(IEnumerable<Dump> dumps) => dumps.Any(d => d.Sending && d.Octets.AsSpan().IndexOf(contextEngineId) >= 0);
        Assert.Multiple(() =>
        {
            Assert.That(Carries(Dumps(theirs.StandardError)), Is.True, $"Net-SNMP {program} {line}");
            Assert.That(Carries(Dumps(ours.StandardError)), Is.True, $"ours: {program} {line}");
        });
    }

    // snmpEngineID (hex), snmpEngineBoots and snmpEngineTime of the private snmpd, read over v2c.
    private static async Task<(string EngineId, int Boots, int Time)> AgentClockAsync()
    {
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var manager = engine.Manager($"127.0.0.1:{_snmpd!.Port}");
        var id = (OctetString)(await manager.GetAsync(new ObjectIdentifier("1.3.6.1.6.3.10.2.1.1.0")))[0].Value;
        var boots = (Integer32)(await manager.GetAsync(new ObjectIdentifier("1.3.6.1.6.3.10.2.1.2.0")))[0].Value;
        var time = (Integer32)(await manager.GetAsync(new ObjectIdentifier("1.3.6.1.6.3.10.2.1.3.0")))[0].Value;
        return ("0x" + Convert.ToHexString(id.Span), boots.Value, time.Value);
    }

    private static List<Dump> Dumps(string standardError)
    {
        var dumps = new List<Dump>();
        var lines = standardError.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var header = DumpHeader().Match(lines[i]);
            if (!header.Success)
            {
                continue;
            }

            var hex = new List<string>();
            var octets = new List<byte>();
            while (i + 1 < lines.Length && HexLine().IsMatch(lines[i + 1]))
            {
                var line = lines[++i];
                hex.Add(line);
                octets.AddRange(line[6..Math.Min(line.Length, 57)].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }

            dumps.Add(new Dump(lines[i - hex.Count].StartsWith("Sending", StringComparison.Ordinal), Regex.Replace(lines[i - hex.Count], @"\]:\d+", "]:P"),
                int.Parse(header.Groups["n"].Value, CultureInfo.InvariantCulture), [.. octets], hex));
        }

        return dumps;
    }

    // An SNMPv2c message re-encoded with request-id 0.
    private static byte[] WithoutRequestId(byte[] message)
    {
        var decoded = SnmpMessageCodec.DecodeCommunityMessage(message);
        var pdu = (Pdu)decoded.Pdu;
        return SnmpMessageCodec.Encode(new CommunityMessage(decoded.Version, decoded.Community.ToArray(), new Pdu(pdu.Type, 0, pdu.ErrorStatus, pdu.ErrorIndex, pdu.VarBinds)));
    }

    private static string Shape(string line) => Regex.Replace(line[..60], "[0-9A-F]", "x");

    private static string TextColumn(Dump dump) => string.Concat(dump.Lines.Select(l => l[60..]));

    private static string Printable(byte[] octets) => new([.. octets.Select(b => b is >= 0x20 and < 0x7F ? (char)b : '.')]);

    [GeneratedRegex(@"^(?:Sending (?<n>\d+) bytes to|Received (?<n>\d+) byte packet from) UDP: \[[^\]]+\]:\d+->\[[^\]]+\]:\d+$")]
    private static partial Regex DumpHeaderPattern();

    private static Regex DumpHeader() => DumpHeaderPattern();

    [GeneratedRegex(@"^\d{4}: [0-9A-F]{2} ")]
    private static partial Regex HexLine();
}
