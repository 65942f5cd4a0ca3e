using System.Globalization;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Smi.Modules;

namespace Snmp.Interop.Tests.MibModules;

/// <summary>
/// Values as a user reads them (issue 11): what snmpd serves, read by our Manager and rendered by
/// <see cref="MibValueFormat"/> with the IETF modules of shared/mibs/ietf, against snmpwalk's default
/// rendering of the same objects with the same modules (enumerations, DISPLAY-HINT such as
/// DisplayString, PhysAddress and DateAndTime, UNITS, TimeTicks). A value that changed between the two
/// reads (counters, clocks) is read again by both, up to five times; TimeTicks, which always move,
/// are compared as Net-SNMP's own number rendered by us.
/// One documented difference: Net-SNMP quotes an octet string that has no DISPLAY-HINT ("..."), we do not.
/// </summary>
public class MibValueRenderingTests
{
    private static readonly string[] Subtrees =
    [
        "1.3.6.1.2.1.1",        // system
        "1.3.6.1.2.1.2.2",      // ifTable
        "1.3.6.1.2.1.31.1.1",   // ifXTable
        "1.3.6.1.2.1.25.1",     // hrSystem
        "1.3.6.1.2.1.25.2",     // hrStorage
        "1.3.6.1.2.1.4.34",     // ipAddressTable
        "1.3.6.1.6.3.10.2.1",   // snmpEngine
    ];

    [Test]
    public async Task OurRenderingOfSnmpdsValuesIsNetSnmps()
    {
        var ietf = FindIetf();
        var set = new MibModuleSet(ietf);
        set.LoadAll();
        await using var snmpd = await SnmpdFixture.StartAsync();
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: SnmpdFixture.ReadCommunity);
        var manager = engine.Manager(snmpd.Endpoint, SnmpVersion.SNMPv2c);
        manager.Timeout = TimeSpan.FromSeconds(5);

        int compared = 0, equal = 0, reread = 0, unquoted = 0;
        var kinds = new HashSet<string>();
        var differences = new List<string>();
        foreach (var subtree in Subtrees)
        {
            var theirs = (await NetSnmpTools.RunAsync("snmpwalk", TimeSpan.FromSeconds(30), outputOptions: false,
                    "-M", ietf, "-m", "ALL", "-On", "-v2c", "-c", SnmpdFixture.ReadCommunity, snmpd.Peer, subtree))
                .VarBinds.ToDictionary(v => v.Oid.TrimStart('.'), v => v);
            await foreach (var vb in manager.WalkAsync(new ObjectIdentifier(subtree)))
            {
                if (vb.Value is ObjectIdentifier || !theirs.TryGetValue(vb.Oid.ToString(), out var their))
                {
                    continue;
                }

                var node = set.FindLongestPrefix(vb.Oid, out _);
                var syntax = node?.Syntax;
                compared++;
                if (their.Type == "Timeticks")
                {
                    // The clock moves between the reads: render Net-SNMP's own number and compare the text.
                    var ticks = uint.Parse(their.Value[1..their.Value.IndexOf(')', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                    if (MibValueFormat.FormatTimeTicks(ticks) == their.Value && vb.Value is TimeTicks)
                    {
                        equal++;
                        kinds.Add("TimeTicks");
                    }
                    else
                    {
                        differences.Add($"{set.GetName(vb.Oid)}: ours [{MibValueFormat.FormatTimeTicks(ticks)}] Net-SNMP [{their.Value}]");
                    }

                    continue;
                }

                void RecordKind()
                {
                    if (syntax?.DisplayHint is { } hint)
                    {
                        kinds.Add("hint " + hint);
                    }
                    else if (syntax?.NamedNumbers.Count > 0)
                    {
                        kinds.Add("enumeration");
                    }

                    if (node?.Units is not null)
                    {
                        kinds.Add("UNITS");
                    }
                }

                for (int attempt = 0; ; attempt++)
                {
                    var ours = node is null ? MibValueFormat.Format(syntax, vb.Value) : MibValueFormat.Format(node, vb.Value);
                    var theirText = their.Value;
                    if (their.Type == "STRING" && syntax?.DisplayHint is null && theirText.Length >= 2 && theirText[0] == '"' && theirText[^1] == '"')
                    {
                        theirText = theirText[1..^1];
                        unquoted++;
                    }

                    if (ours == theirText)
                    {
                        equal++;
                        RecordKind();
                        break;
                    }

                    if (attempt == 5)
                    {
                        differences.Add($"{set.GetName(vb.Oid)}: ours [{ours}] Net-SNMP [{their.Type}: {their.Value}]");
                        break;
                    }

                    // Read both again: the value may have changed between the walks.
                    reread++;
                    var again = await manager.GetAsync(vb.Oid);
                    var value = again[0].Value;
                    var one = (await NetSnmpTools.RunAsync("snmpget", TimeSpan.FromSeconds(30), outputOptions: false,
                        "-M", ietf, "-m", "ALL", "-On", "-v2c", "-c", SnmpdFixture.ReadCommunity, snmpd.Peer, vb.Oid.ToString())).VarBinds.Single();
                    theirs[vb.Oid.ToString()] = one;
                    their = one;
                    if (value is not null)
                    {
                        var ours2 = node is null ? MibValueFormat.Format(syntax, value) : MibValueFormat.Format(node, value);
                        var theirText2 = their.Type == "STRING" && syntax?.DisplayHint is null && their.Value.Length >= 2 && their.Value[0] == '"' ? their.Value[1..^1] : their.Value;
                        if (ours2 == theirText2)
                        {
                            // A value that changed between the walks (hrSystemDate's seconds) still shows its kind.
                            equal++;
                            RecordKind();
                            break;
                        }
                    }
                }
            }
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"values rendered: {compared} compared with snmpwalk, {equal} equal ({reread} read again), {unquoted} unquoted no-hint strings; kinds: {string.Join(", ", kinds.Order())}"));
        foreach (var d in differences)
        {
            TestContext.Out.WriteLine("  difference: " + d);
        }

        Assert.That(compared, Is.GreaterThan(50));
        Assert.That(kinds, Does.Contain("enumeration").And.Contain("UNITS").And.Contain("TimeTicks").And.Contain("hint 255a").And.Contain("hint 2d-1d-1d,1d:1d:1d.1d,1a1d:1d"));
        Assert.That(differences, Is.Empty);
    }

    /// <summary>
    /// The same comparison with OUR agent serving the objects (issue 11's evidence "served by snmpd and
    /// by our agent"): an ifTable (DisplayString, the IANAifType enumeration, PhysAddress's "1x:",
    /// Gauge32, the ifAdminStatus/ifOperStatus enumerations, TimeTicks), hrSystemDate (DateAndTime with
    /// its time zone) and hrSystemUptime, EtherLike-MIB's dot3StatsDuplexStatus (an
    /// enumeration) and dot3ControlFunctionsSupported (BITS), and DISMAN-PING-MIB's
    /// pingCtlTargetAddressType/pingCtlTargetAddress (InetAddressType, InetAddress). snmpwalk and snmpget
    /// read the agent with the IETF modules; our Manager reads the same objects and
    /// <see cref="MibValueFormat"/> renders them. Every served value must be seen by both and render alike
    /// (values here never change, so nothing is read again). BITS read as Net-SNMP prints them, the
    /// octets in hexadecimal and then the names ("C0 pause(0) 1"), for empty, one-octet, two-octet and
    /// 20-octet values (Net-SNMP breaks that one into lines of 16 octets; the comparison is up to
    /// white space, as for a Hex-STRING). The one documented difference left: Net-SNMP quotes a string
    /// without a hint, we do not.
    /// </summary>
    [Test]
    public async Task OurRenderingOfOurAgentsValuesIsNetSnmps()
    {
        var ietf = FindIetf();
        var set = new MibModuleSet(ietf);
        set.LoadAll();
        ObjectIdentifier Oid(string name) => set.FindNode(name)?.Oid ?? throw new InvalidOperationException(name + " not in the IETF modules");

        var bootsFile = Path.Combine(Path.GetTempPath(), $"snmp-mib-rendering-{Guid.NewGuid():N}.boots");
        try
        {
            await using var agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], EngineBootsFile = bootsFile, SysDescr = "rendering test" });
            agent.AddCommunity("public");
            var served = new List<ObjectIdentifier>();

            var ifTable = agent.Mib.AddTable(Oid("IF-MIB::ifEntry"),
                new MibColumn(1, SnmpType.Integer32), new MibColumn(2, SnmpType.OctetString), new MibColumn(3, SnmpType.Integer32),
                new MibColumn(4, SnmpType.Integer32), new MibColumn(5, SnmpType.Gauge32), new MibColumn(6, SnmpType.OctetString),
                new MibColumn(7, SnmpType.Integer32), new MibColumn(8, SnmpType.Integer32), new MibColumn(9, SnmpType.TimeTicks));
            (int Index, string Descr, int Type, int Mtu, uint Speed, byte[] Mac, int Admin, int Oper, uint LastChange)[] interfaces =
            [
                (1, "lo", 24, 65536, 10_000_000, [], 1, 1, 0),
                (2, "eth0 uplink", 6, 1500, 1_000_000_000, [0x00, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e], 1, 2, 123_456),
                (3, "bond0", 161, 9000, 4_294_967_295, [0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54], 2, 7, 8_640_000),
                (4, "tun0", 131, 1400, 0, [0x0a], 3, 5, 4_294_967_295),
            ];
            foreach (var i in interfaces)
            {
                var index = new ObjectIdentifier().AppendIndex(IndexValue.Integer(i.Index));
                ifTable.SetRow(index, new Integer32(i.Index), new OctetString(i.Descr), new Integer32(i.Type), new Integer32(i.Mtu),
                    new Gauge32(i.Speed), new OctetString(i.Mac), new Integer32(i.Admin), new Integer32(i.Oper), new TimeTicks(i.LastChange));
                served.AddRange(Enumerable.Range(1, 9).Select(c => Oid("IF-MIB::ifEntry").Append([(uint)c, (uint)i.Index])));
            }

            // DateAndTime (RFC 2579 DISPLAY-HINT "2d-1d-1d,1d:1d:1d.1d,1a1d:1d"): 2026-11-26,13:30:15.7,+5:30.
            agent.Mib.AddScalar(Oid("HOST-RESOURCES-MIB::hrSystemDate"), new OctetString([0x07, 0xEA, 11, 26, 13, 30, 15, 7, (byte)'+', 5, 30]));
            agent.Mib.AddScalar(Oid("HOST-RESOURCES-MIB::hrSystemUptime"), new TimeTicks(360_000));
            served.Add(Oid("HOST-RESOURCES-MIB::hrSystemUptime").Append(0));
            served.Add(Oid("HOST-RESOURCES-MIB::hrSystemDate").Append(0));

            var duplex = agent.Mib.AddTable(Oid("EtherLike-MIB::dot3StatsEntry"), new MibColumn(19, SnmpType.Integer32));
            var control = agent.Mib.AddTable(Oid("EtherLike-MIB::dot3ControlEntry"), new MibColumn(1, SnmpType.OctetString));
            foreach (var (index, mode, bits) in new[] { (2, 3, new byte[] { 0x80 }), (3, 2, new byte[] { 0x00 }), (4, 1, new byte[] { 0xC0 }), (5, 1, Array.Empty<byte>()), (6, 1, new byte[] { 0x40, 0x01 }), (7, 1, Enumerable.Range(0, 20).Select(i => (byte)(i * 13)).ToArray()) })
            {
                duplex.SetRow(new ObjectIdentifier().AppendIndex(IndexValue.Integer(index)), new Integer32(mode));
                control.SetRow(new ObjectIdentifier().AppendIndex(IndexValue.Integer(index)), new OctetString(bits));
                served.Add(Oid("EtherLike-MIB::dot3StatsDuplexStatus").Append((uint)index));
                served.Add(Oid("EtherLike-MIB::dot3ControlFunctionsSupported").Append((uint)index));
            }

            var ping = agent.Mib.AddTable(Oid("DISMAN-PING-MIB::pingCtlEntry"), new MibColumn(3, SnmpType.Integer32), new MibColumn(4, SnmpType.OctetString));
            foreach (var (test, type, address) in new[]
            {
                ("v4", 1, new byte[] { 127, 0, 0, 1 }),
                ("v6", 2, new byte[] { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }),
                ("dns", 16, "host.example"u8.ToArray()),
            })
            {
                var index = new ObjectIdentifier().AppendIndex(IndexValue.String(new OctetString("admin")), IndexValue.String(new OctetString(test)));
                ping.SetRow(index, new Integer32(type), new OctetString(address));
                served.Add(Oid("DISMAN-PING-MIB::pingCtlTargetAddressType").Append(index.SubIdentifiers));
                served.Add(Oid("DISMAN-PING-MIB::pingCtlTargetAddress").Append(index.SubIdentifiers));
            }

            var peer = $"udp:{agent.Endpoints[0]}";
            await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
            var manager = engine.Manager(agent.Endpoints[0], SnmpVersion.SNMPv2c);
            manager.Timeout = TimeSpan.FromSeconds(5);

            var theirs = new Dictionary<string, NetSnmpVarBind>();
            foreach (var subtree in new[] { "IF-MIB::ifTable", "HOST-RESOURCES-MIB::hrSystem", "EtherLike-MIB::dot3", "DISMAN-PING-MIB::pingCtlTable" })
            {
                var walk = await NetSnmpTools.RunAsync("snmpwalk", TimeSpan.FromSeconds(30), outputOptions: false,
                    "-M", ietf, "-m", "ALL", "-On", "-v2c", "-c", "public", peer, Oid(subtree).ToString());
                Assert.That(walk.ExitCode, Is.Zero, walk.StandardError);
                foreach (var vb in walk.VarBinds)
                {
                    theirs[vb.Oid.TrimStart('.')] = vb;
                }
            }

            // snmpget for a few, by name: the same text as the walk gave.
            var gets = new[] { "IF-MIB::ifDescr.2", "IF-MIB::ifType.3", "IF-MIB::ifPhysAddress.2", "IF-MIB::ifOperStatus.3", "HOST-RESOURCES-MIB::hrSystemDate.0", "EtherLike-MIB::dot3ControlFunctionsSupported.4" };
            var get = await NetSnmpTools.RunAsync("snmpget", TimeSpan.FromSeconds(30), outputOptions: false,
                ["-M", ietf, "-m", "ALL", "-On", "-v2c", "-c", "public", peer, .. gets]);
            Assert.That(get.ExitCode, Is.Zero, get.StandardError);
            Assert.That(get.VarBinds.Select(v => (v.Oid.TrimStart('.'), v.Type, v.Value)), Is.EqualTo(gets.Select(g => set.Resolve(g).ToString()).Select(o => (o, theirs[o].Type, theirs[o].Value))),
                "snmpget agrees with snmpwalk");

            var ours = new Dictionary<ObjectIdentifier, SnmpValue>();
            foreach (var subtree in new[] { "IF-MIB::ifTable", "HOST-RESOURCES-MIB::hrSystem", "EtherLike-MIB::dot3", "DISMAN-PING-MIB::pingCtlTable" })
            {
                await foreach (var vb in manager.WalkAsync(Oid(subtree)))
                {
                    ours[vb.Oid] = vb.Value!;
                }
            }

            int compared = 0, equal = 0, bitsValues = 0;
            var kinds = new HashSet<string>();
            var differences = new List<string>();
            var lines = new List<string>();
            foreach (var oid in served)
            {
                compared++;
                var node = set.FindLongestPrefix(oid, out _)!;
                if (!ours.TryGetValue(oid, out var value) || !theirs.TryGetValue(oid.ToString(), out var their))
                {
                    differences.Add($"{set.GetName(oid)}: read by {(ours.ContainsKey(oid) ? "us only" : theirs.ContainsKey(oid.ToString()) ? "Net-SNMP only" : "neither")}");
                    continue;
                }

                var text = MibValueFormat.Format(node, value);
                var theirText = their.Type == "STRING" && node.Syntax?.DisplayHint is null && their.Value.Length >= 2 && their.Value[0] == '"' && their.Value[^1] == '"'
                    ? their.Value[1..^1]
                    : their.Value;
                if (their.Type == "BITS")
                {
                    // Net-SNMP's text reads back (for a Set) to the very octets served.
                    bitsValues++;
                    if (!MibValueFormat.TryParse(node.Syntax!, theirText, out var back) || !back!.Equals(value))
                    {
                        differences.Add($"{set.GetName(oid)}: Net-SNMP's [{theirText}] does not read back to {value}");
                    }
                }

                lines.Add($"  {set.GetName(oid)} = ours [{text}] Net-SNMP [{their.Type}: {their.Value}]");
                if (text != theirText)
                {
                    differences.Add($"{set.GetName(oid)}: ours [{text}] Net-SNMP [{their.Type}: {their.Value}]");
                    continue;
                }

                equal++;
                kinds.Add(node.Syntax?.DisplayHint is { } hint ? "hint " + hint
                    : node.Syntax?.BaseType == MibBaseType.Bits ? "BITS"
                    : node.Syntax?.NamedNumbers.Count > 0 ? "enumeration"
                    : value.GetType().Name);
            }

            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"our agent's values: {compared} served, {equal} rendered as snmpwalk renders them ({bitsValues} of them BITS, octets and names); kinds: {string.Join(", ", kinds.Order())}"));
            lines.ForEach(TestContext.Out.WriteLine);
            foreach (var d in differences)
            {
                TestContext.Out.WriteLine("  difference: " + d);
            }

            Assert.That(differences, Is.Empty);
            Assert.That(equal, Is.EqualTo(served.Count));
            Assert.That(bitsValues, Is.EqualTo(6));
            Assert.That(kinds, Is.SupersetOf(new[] { "enumeration", "BITS", "TimeTicks", "Gauge32", "hint 255a", "hint 1x:", "hint 2d-1d-1d,1d:1d:1d.1d,1a1d:1d" }));
        }
        finally
        {
            File.Delete(bootsFile);
        }
    }

    /// <summary>
    /// DISPLAY-HINT both ways against Net-SNMP (RFC 2579 3.1): a module of scalars whose syntaxes are
    /// the IETF conventions with the richer hints (DateAndTime, MacAddress, InetAddressIPv4z/IPv6/IPv6z,
    /// TransportAddressIPv6 with its zero-length literals, TransportAddressIPv4z/IPv6z, SNMPv2-TM's
    /// SnmpOSIAddress with '*' and a repeat terminator and SnmpIPXAddress) and conventions of its own
    /// ('*' without a terminator, 2-octet repeated fields, hex with spaces, octal, integer "d-2", "x",
    /// "o", "b"), served by our agent and read by snmpget with the same modules. Each value renders as
    /// snmpget prints it, and snmpget's text reads back (MibValueFormat.TryParse, the path of a Set by
    /// text) to the very octets or number served.
    /// </summary>
    [Test]
    public async Task DisplayHintsRenderAndReadBackAsNetSnmpPrintsThem()
    {
        var ietf = FindIetf();
        var dir = Path.Combine(Path.GetTempPath(), $"snmp-hint-mib-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var bootsFile = Path.Combine(dir, "agent.boots");
        (string Name, string Syntax, SnmpValue Value)[] objects =
        [
            ("hintDate", "DateAndTime", new OctetString([0x07, 0xEA, 11, 26, 13, 30, 15, 7, (byte)'-', 4, 0])),
            ("hintMac", "MacAddress", new OctetString([0x00, 0x1a, 0x2b, 0x0c, 0x4d, 0x5e])),
            ("hintText", "DisplayString", new OctetString("a b, c")),
            ("hintV4z", "InetAddressIPv4z", new OctetString([192, 0, 2, 1, 0, 0, 0, 3])),
            ("hintV6", "InetAddressIPv6", new OctetString([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0, 1])),
            ("hintV6z", "InetAddressIPv6z", new OctetString([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 7])),
            ("hintTV6", "TransportAddressIPv6", new OctetString([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x1f, 0x90])),
            ("hintTV4z", "TransportAddressIPv4z", new OctetString([10, 0, 0, 1, 0, 0, 0, 3, 0x00, 0xa1])),
            ("hintTV6z", "TransportAddressIPv6z", new OctetString([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 162])),
            ("hintOsi", "SnmpOSIAddress", new OctetString([3, 0x49, 0x00, 0x01, 0xab, 0xcd])),
            ("hintIpx", "SnmpIPXAddress", new OctetString([0, 0, 0, 1, 0, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x00, 0x45])),
            ("hintStar", "HintStar", new OctetString([3, 1, 2, 3])),
            ("hintStarTerm", "HintStarTerm", new OctetString([2, 0x12, 0x34, 0xab, 0xcd, 1, 0x00, 0x01])),
            ("hintSpaced", "HintSpaced", new OctetString([0x0a, 0x0b, 0xff])),
            ("hintOctal", "HintOctal", new OctetString([0x01, 0xff, 0x00, 0x08])),
            ("hintHundredths", "HintHundredths", new Integer32(-1234)),
            ("hintHex", "HintHex", new Integer32(255)),
            ("hintOct", "HintOct", new Integer32(8)),
            ("hintBin", "HintBin", new Integer32(5)),
        ];
        var module = "HINT-TEST-MIB DEFINITIONS ::= BEGIN\n" +
            "IMPORTS MODULE-IDENTITY, OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI\n" +
            "  TEXTUAL-CONVENTION, DateAndTime, MacAddress, DisplayString FROM SNMPv2-TC\n" +
            "  InetAddressIPv4z, InetAddressIPv6, InetAddressIPv6z FROM INET-ADDRESS-MIB\n" +
            "  TransportAddressIPv6, TransportAddressIPv4z, TransportAddressIPv6z FROM TRANSPORT-ADDRESS-MIB\n" +
            "  SnmpOSIAddress, SnmpIPXAddress FROM SNMPv2-TM;\n" +
            "hintTest MODULE-IDENTITY LAST-UPDATED \"202611260000Z\" ORGANIZATION \"tests\" CONTACT-INFO \"none\" DESCRIPTION \"hints\" ::= { enterprises 99997 }\n" +
            string.Concat(new[] { ("HintStar", "*1d.", "OCTET STRING"), ("HintStarTerm", "*2x-;", "OCTET STRING"), ("HintSpaced", "1x ", "OCTET STRING"), ("HintOctal", "2o,", "OCTET STRING"),
                ("HintHundredths", "d-2", "Integer32"), ("HintHex", "x", "Integer32"), ("HintOct", "o", "Integer32"), ("HintBin", "b", "Integer32") }
                .Select(t => $"{t.Item1} ::= TEXTUAL-CONVENTION DISPLAY-HINT \"{t.Item2}\" STATUS current DESCRIPTION \"t\" SYNTAX {t.Item3}\n")) +
            string.Concat(objects.Select((o, i) => $"{o.Name} OBJECT-TYPE SYNTAX {o.Syntax} MAX-ACCESS read-only STATUS current DESCRIPTION \"t\" ::= {{ hintTest {i + 1} }}\n")) +
            "END\n";
        File.WriteAllText(Path.Combine(dir, "HINT-TEST-MIB.txt"), module);
        try
        {
            var set = new MibModuleSet(dir, ietf);
            set.Load("HINT-TEST-MIB");
            Assert.That(set.Diagnostics.Where(d => d.Severity == MibSeverity.Error), Is.Empty);
            await using var agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], EngineBootsFile = bootsFile });
            agent.AddCommunity("public");
            foreach (var o in objects)
            {
                agent.Mib.AddScalar(set.Resolve("HINT-TEST-MIB::" + o.Name), o.Value);
            }

            var get = await NetSnmpTools.RunAsync("snmpget", TimeSpan.FromSeconds(30), outputOptions: false,
                ["-M", $"{dir}:{ietf}", "-m", "ALL", "-On", "-v2c", "-c", "public", $"udp:{agent.Endpoints[0]}", .. objects.Select(o => $"HINT-TEST-MIB::{o.Name}.0")]);
            Assert.That(get.ExitCode, Is.Zero, get.StandardError);
            Assert.That(get.VarBinds, Has.Count.EqualTo(objects.Length));
            var differences = new List<string>();
            for (int i = 0; i < objects.Length; i++)
            {
                var node = set.FindNode("HINT-TEST-MIB::" + objects[i].Name)!;
                var theirs = get.VarBinds[i].Value;
                var ours = MibValueFormat.Format(node, objects[i].Value);
                var readBack = MibValueFormat.TryParse(node.Syntax!, theirs, out var back) ? back : null;
                TestContext.Out.WriteLine($"  {objects[i].Name} ({node.DisplayHint}): ours [{ours}] snmpget [{get.VarBinds[i].Type}: {theirs}] read back {(Equals(readBack, objects[i].Value) ? "equal" : readBack?.ToString() ?? "refused")}");
                if (NetSnmpDeviations.TryGetValue(objects[i].Name, out var deviation))
                {
                    // Net-SNMP departs from RFC 2579 here, exactly so (a change shows), and we keep to the RFC.
                    if (theirs != deviation.NetSnmpText || (deviation.ReadsBack && !Equals(readBack, objects[i].Value)))
                    {
                        differences.Add($"{objects[i].Name}: snmpget [{theirs}] is not the documented deviation [{deviation.NetSnmpText}] (reads back: {deviation.ReadsBack})");
                    }

                    continue;
                }

                if (ours != theirs)
                {
                    differences.Add($"{objects[i].Name}: ours [{ours}] snmpget [{theirs}]");
                }

                if (!Equals(readBack, objects[i].Value))
                {
                    differences.Add($"{objects[i].Name}: snmpget's [{theirs}] reads back as {readBack?.ToString() ?? "nothing"}");
                }
            }

            Assert.That(differences, Is.Empty);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Where Net-SNMP 5.9's rendering departs from RFC 2579 3.1 (documented in the README's MIB section):
    /// a zero octet length ("0a[" of TransportAddressIPv6) is read as one octet, so the value comes out
    /// shifted (the leading 0x20 printed as a space the output parser trims); the separator is printed
    /// before a repeat terminator, which the RFC forbids (MibValueFormat.TryParse reads that form too);
    /// a '*' specification applied again reads its count octet as data; and "b" keeps 32 binary digits
    /// where the RFC omits leading zeros (read back as the same number).
    /// </summary>
    private static readonly Dictionary<string, (string NetSnmpText, bool ReadsBack)> NetSnmpDeviations = new()
    {
        ["hintTV6"] = ("[10d:b800:0:0:0:0:0:11f]\ufffd", false), // the raw 0x90 octet, not UTF-8
        ["hintTV6z"] = ("\ufffd[8000:0:0:0:0:0:0:100%512]\ufffd", false), // raw 0xfe and 0xa2
        ["hintOsi"] = ("49:0:1:/ab:cd", true),
        ["hintStarTerm"] = ("1234-abcd-;100-;100", false),
        ["hintBin"] = ("00000000000000000000000000000101", true),
    };

    internal static string FindIetf()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SNMP_SHARED_MIBS");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "mibs", "ietf");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        var message = "shared/mibs/ietf not found above the test directory (set SNMP_SHARED_MIBS to its path).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
        throw new InvalidOperationException(message);
    }
}
