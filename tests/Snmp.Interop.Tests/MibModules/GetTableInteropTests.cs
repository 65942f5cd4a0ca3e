using System.Globalization;
using Snmp.AbstractServices;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Smi.Modules;

namespace Snmp.Interop.Tests.MibModules;

/// <summary>
/// Manager.GetTable with the compiled MIB modules as its names (issue 11), against Net-SNMP's
/// snmptable on the same table: the same rows with the same decoded indexes, the same columns,
/// a cell present exactly where snmptable shows one ("?" where it does not: sparse rows), and the
/// same values where they do not move between the two reads. Tables of snmpd (ifTable,
/// hrStorageTable with its missing column, ipAddressTable with InetAddress indexes) and a sparse,
/// string-indexed table our own Agent serves from a MIB module written here.
/// </summary>
public class GetTableInteropTests
{
    private const string TestMib = """
        H11-TABLE-TEST-MIB DEFINITIONS ::= BEGIN
        IMPORTS
            MODULE-IDENTITY, OBJECT-TYPE, Gauge32, enterprises FROM SNMPv2-SMI
            DisplayString FROM SNMPv2-TC;

        h11TableTest MODULE-IDENTITY
            LAST-UPDATED "202611260000Z"
            ORGANIZATION "tests"
            CONTACT-INFO "tests"
            DESCRIPTION  "A sparse table indexed by a string."
            ::= { enterprises 99999 }

        portTable OBJECT-TYPE
            SYNTAX      SEQUENCE OF PortEntry
            MAX-ACCESS  not-accessible
            STATUS      current
            DESCRIPTION "Ports."
            ::= { h11TableTest 4 }

        portEntry OBJECT-TYPE
            SYNTAX      PortEntry
            MAX-ACCESS  not-accessible
            STATUS      current
            DESCRIPTION "A port."
            INDEX       { portName }
            ::= { portTable 1 }

        PortEntry ::= SEQUENCE { portName DisplayString, portSpeed Gauge32, portState INTEGER, portAlias DisplayString }

        portName OBJECT-TYPE
            SYNTAX      DisplayString (SIZE (1..32))
            MAX-ACCESS  not-accessible
            STATUS      current
            DESCRIPTION "The port's name."
            ::= { portEntry 1 }

        portSpeed OBJECT-TYPE
            SYNTAX      Gauge32
            UNITS       "Mbit/s"
            MAX-ACCESS  read-only
            STATUS      current
            DESCRIPTION "Speed."
            ::= { portEntry 2 }

        portState OBJECT-TYPE
            SYNTAX      INTEGER { up(1), down(2) }
            MAX-ACCESS  read-only
            STATUS      current
            DESCRIPTION "State."
            ::= { portEntry 3 }

        portAlias OBJECT-TYPE
            SYNTAX      DisplayString
            MAX-ACCESS  read-only
            STATUS      current
            DESCRIPTION "Alias."
            ::= { portEntry 4 }
        END
        """;

    [TestCase("IF-MIB::ifTable", "ifIndex ifDescr ifType ifMtu ifPhysAddress ifAdminStatus ifSpecific", SnmpVersion.SNMPv2c)]
    [TestCase("IF-MIB::ifTable", "ifIndex ifDescr ifType ifMtu ifPhysAddress ifAdminStatus ifSpecific", SnmpVersion.SNMPv1)]
    [TestCase("HOST-RESOURCES-MIB::hrStorageTable", "hrStorageIndex hrStorageType hrStorageDescr hrStorageAllocationUnits", SnmpVersion.SNMPv2c)]
    [TestCase("HOST-RESOURCES-MIB::hrStorageTable", "hrStorageIndex hrStorageType hrStorageDescr hrStorageAllocationUnits", SnmpVersion.SNMPv1)]
    [TestCase("IP-MIB::ipAddressTable", "ipAddressIfIndex ipAddressType ipAddressPrefix ipAddressOrigin ipAddressRowStatus ipAddressStorageType", SnmpVersion.SNMPv2c)]
    public async Task SnmpdTablesReadAsSnmptableReadsThem(string tableName, string stableColumns, SnmpVersion version)
    {
        var ietf = MibValueRenderingTests.FindIetf();
        var mibs = new MibModuleSet(ietf);
        mibs.LoadAll();
        await using var snmpd = await SnmpdFixture.StartAsync();
        await using var engine = new Engine(new EngineOptions { DefaultVersion = version, DefaultCommunity = SnmpdFixture.ReadCommunity, Mibs = mibs });
        var manager = engine.Manager(snmpd.Endpoint, version);
        manager.Timeout = TimeSpan.FromSeconds(5);

        long before = engine.Statistics[SnmpCounter.SnmpOutPkts];
        var ours = await manager.GetTableAsync(tableName);
        long tableRequests = engine.Statistics[SnmpCounter.SnmpOutPkts] - before;
        var theirs = await SnmptableAsync(snmpd.Peer, ietf, tableName, version);

        Compare(mibs, ours, theirs, stableColumns.Split(' '));
        Assert.That(ours.Rows, Is.Not.Empty);

        // What GetTable sent before it read the columns side by side: one walk of the entry.
        before = engine.Statistics[SnmpCounter.SnmpOutPkts];
        var walked = await manager.WalkAsync(ours.Entry).ToListAsync();
        long walkRequests = engine.Statistics[SnmpCounter.SnmpOutPkts] - before;
        TestContext.Out.WriteLine($"{tableName} {version}: {ours.Rows.Count} rows x {ours.Columns.Count} columns = {walked.Count} cells; " +
            $"GetTable {tableRequests} requests, walk of the entry {walkRequests}");
        Assert.That(tableRequests, Is.LessThan(walkRequests), "all the columns in each request, not one after the other");
    }

    [TestCase("IF-MIB::ifEntry", "ifDescr ifType ifAdminStatus", SnmpVersion.SNMPv2c)]
    [TestCase("IF-MIB::ifTable", "ifDescr ifPhysAddress", SnmpVersion.SNMPv1)]
    [TestCase("HOST-RESOURCES-MIB::hrStorageEntry", "hrStorageDescr hrStorageAllocationUnits", SnmpVersion.SNMPv2c)]
    public async Task SnmpdTablesByEntryAndChosenColumnsReadAsSnmptableReadsThem(string tableName, string columns, SnmpVersion version)
    {
        var ietf = MibValueRenderingTests.FindIetf();
        var mibs = new MibModuleSet(ietf);
        mibs.LoadAll();
        await using var snmpd = await SnmpdFixture.StartAsync();
        await using var engine = new Engine(new EngineOptions { DefaultVersion = version, DefaultCommunity = SnmpdFixture.ReadCommunity, Mibs = mibs });
        var manager = engine.Manager(snmpd.Endpoint, version);
        manager.Timeout = TimeSpan.FromSeconds(5);
        var chosen = columns.Split(' ');

        long before = engine.Statistics[SnmpCounter.SnmpOutPkts];
        var ours = await manager.GetTableAsync(tableName, chosen);
        long requests = engine.Statistics[SnmpCounter.SnmpOutPkts] - before;
        var table = tableName.Replace("Entry", "Table", StringComparison.Ordinal);
        var (allColumns, allRows) = await SnmptableAsync(snmpd.Peer, ietf, table, version);
        var positions = chosen.Select(c => Array.IndexOf(allColumns, c)).ToArray();
        Assert.That(positions, Has.None.Negative, "snmptable shows every chosen column");
        var theirs = (chosen, allRows.Where(r => positions.Any(p => r.Cells[p] != "?")).Select(r => (r.Index, positions.Select(p => r.Cells[p]).ToArray())).ToList());

        Assert.That(ours.Columns, Is.EqualTo(chosen), "exactly the chosen columns, in column order");
        Assert.That(ours.Oid, Is.EqualTo(mibs.Resolve(table)));
        Compare(mibs, ours, theirs, chosen);
        TestContext.Out.WriteLine($"{tableName} {version}, {chosen.Length} columns: {ours.Rows.Count} rows in {requests} requests");
        Assert.That(requests, Is.LessThanOrEqualTo(version == SnmpVersion.SNMPv1 ? ours.Rows.Count + 1 : 2), "one varbind per column per request, the columns side by side");
    }

    [Test]
    public async Task OurAgentsSparseStringIndexedTableReadsAsSnmptableReadsIt()
    {
        var ietf = MibValueRenderingTests.FindIetf();
        var dir = Directory.CreateTempSubdirectory("h11-table-mib");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "H11-TABLE-TEST-MIB.txt"), TestMib);
            var mibs = new MibModuleSet(dir.FullName, ietf);
            Assert.That(mibs.Load("H11-TABLE-TEST-MIB"), Is.Not.Null, string.Join("; ", mibs.Diagnostics));

            await using var agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], Mibs = mibs });
            agent.AddCommunity("public");
            var table = agent.Mib.AddTable("H11-TABLE-TEST-MIB::portTable"); // the columns as the module defines them
            Assert.That(table.Columns, Is.EqualTo(new[]
            {
                new MibColumn(1, SnmpType.OctetString, MibAccess.NotAccessible),
                new MibColumn(2, SnmpType.Gauge32),
                new MibColumn(3, SnmpType.Integer32),
                new MibColumn(4, SnmpType.OctetString),
            }));
            table.SetRow(new ObjectIdentifier().AppendIndex("eth0"), new OctetString("eth0"), new Gauge32(1000), new Integer32(1), new OctetString("uplink"));
            table.SetRow(new ObjectIdentifier().AppendIndex("eth1"), new OctetString("eth1"), null, new Integer32(2), new OctetString("spare"));
            table.SetRow(new ObjectIdentifier().AppendIndex("lo"), new OctetString("lo"), null, null, new OctetString("loopback"));
            agent.Mib.AddScalar(agent.Resolve("H11-TABLE-TEST-MIB::h11TableTest.5"), new Integer32(5));

            await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = "public", Mibs = mibs });
            var manager = engine.Manager(agent.Endpoints[0]);
            manager.Timeout = TimeSpan.FromSeconds(5);
            manager.WalkMaxRepetitions = 2; // several GetBulk pages across the columns

            var ours = await manager.GetTableAsync("H11-TABLE-TEST-MIB::portTable");
            var theirs = await SnmptableAsync($"udp:{agent.Endpoints[0]}", $"{dir.FullName}:{ietf}", "H11-TABLE-TEST-MIB::portTable");

            Compare(mibs, ours, theirs, ["portSpeed", "portState", "portAlias"]);
            Assert.That(ours.Rows.Select(r => r.IndexText), Is.EqualTo(new[] { "\"lo\"", "\"eth0\"", "\"eth1\"" }), "index order: the length comes first");
            Assert.That(ours["\"eth1\""]!["portSpeed"], Is.Null);
            Assert.That(ours["\"lo\""]!.Cells.Keys, Is.EquivalentTo(new[] { "portAlias" }));
            Assert.That(mibs.Format(ours["\"eth0\""]!.Cells["portState"]), Is.EqualTo("H11-TABLE-TEST-MIB::portState.\"eth0\" = INTEGER: up(1)"));
            Assert.That(mibs.Format(ours["\"eth0\""]!.Cells["portSpeed"]), Is.EqualTo("H11-TABLE-TEST-MIB::portSpeed.\"eth0\" = Gauge32: 1000 Mbit/s"));
            Assert.That(mibs.Format(ours["\"lo\""]!.Cells["portAlias"]), Is.EqualTo("H11-TABLE-TEST-MIB::portAlias.\"lo\" = STRING: loopback"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public async Task ObjectsOurAgentRegistersByNameReadAsNetSnmpReadsThem()
    {
        var ietf = MibValueRenderingTests.FindIetf();
        var mibs = new MibModuleSet(ietf);
        mibs.LoadAll();
        await using var agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], BuiltInObjects = false, Mibs = mibs });
        agent.AddCommunity("public", writable: true);
        agent.Mib.AddScalar("SNMPv2-MIB::sysContact.0", new OctetString("ops@example.org"), writable: true);
        agent.Mib.AddScalar("sysDescr", new OctetString("registered by name"));
        var interfaces = agent.Mib.AddTable("IF-MIB::ifTable"); // the 22 columns of IF-MIB
        foreach (uint i in new uint[] { 1, 2, 10 })
        {
            interfaces.SetRow(new ObjectIdentifier(i), [.. interfaces.Columns.Select(c => Cell(mibs.FindObjectType(new ObjectIdentifier("1.3.6.1.2.1.2.2.1").Append(c.Id))!, i))]);
        }

        var peer = $"udp:{agent.Endpoints[0]}";
        var get = await NetSnmpTools.RunAsync("snmpget", TimeSpan.FromSeconds(30), outputOptions: false,
            "-M", ietf, "-m", "ALL", "-v2c", "-c", "public", peer, "SNMPv2-MIB::sysContact.0", "SNMPv2-MIB::sysDescr.0");
        var set = await NetSnmpTools.RunAsync("snmpset", TimeSpan.FromSeconds(30), outputOptions: false,
            "-M", ietf, "-m", "ALL", "-v2c", "-c", "public", peer, "SNMPv2-MIB::sysContact.0", "s", "noc@example.org");
        var theirs = await SnmptableAsync(peer, ietf, "IF-MIB::ifTable");
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultCommunity = "public", Mibs = mibs });
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);
        var ours = await manager.GetTableAsync("IF-MIB::ifTable");

        Assert.That(get.ExitCode, Is.Zero, get.StandardError);
        Assert.That(get.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "SNMPv2-MIB::sysContact.0 = STRING: ops@example.org",
            "SNMPv2-MIB::sysDescr.0 = STRING: registered by name",
        }));
        Assert.That(set.ExitCode, Is.Zero, set.StandardError);
        Assert.That((await manager.GetAsync("SNMPv2-MIB::sysContact.0"))[0].Value, Is.EqualTo(new OctetString("noc@example.org")));
        Assert.That(theirs.Columns, Has.Length.EqualTo(22));
        Assert.That(ours.Columns, Is.EqualTo(theirs.Columns));
        // Every value compared but ifLastChange: snmptable prints TimeTicks as "0:0:00:01.00", snmpget
        // (and MibValueFormat) as "(100) 0:00:01.00"; its presence is still compared.
        Compare(mibs, ours, theirs, [.. theirs.Columns.Where(c => c != "ifLastChange")]);
        Assert.That(ours.Rows.Select(r => r.IndexText), Is.EqualTo(new[] { "1", "2", "10" }));

        Assert.Throws<ArgumentException>(() => agent.Mib.AddScalar("SNMPv2-MIB::sysName.0", new Integer32(1)), "sysName is a DisplayString");
        Assert.Throws<ArgumentException>(() => agent.Mib.AddScalar("SNMPv2-MIB::sysObjectID", new ObjectIdentifier(1, 3), writable: true), "sysObjectID is read-only");
        Assert.Throws<ArgumentException>(() => agent.Mib.AddScalar("IF-MIB::ifDescr.1", new OctetString("x")), "an instance of a column");
        Assert.Throws<ArgumentException>(() => agent.Mib.AddTable("IF-MIB::ifXTable", new MibColumn(1, SnmpType.Counter32)), "ifName is a DisplayString");
        Assert.Throws<SnmpUnknownNameException>(() => agent.Mib.AddTable("IF-MIB::ifNoSuchTable"));
    }

    /// <summary>A value of row <paramref name="i"/> for an IF-MIB column, of the column's syntax.</summary>
    private static SnmpValue Cell(ObjectTypeDefinition column, uint i) => column.Name switch
    {
        "IF-MIB::ifIndex" => new Integer32((int)i),
        "IF-MIB::ifDescr" => new OctetString($"eth{i}"),
        "IF-MIB::ifType" => new Integer32(6),
        "IF-MIB::ifPhysAddress" => new OctetString([0x02, 0, 0, 0, 0, (byte)i]),
        "IF-MIB::ifAdminStatus" or "IF-MIB::ifOperStatus" => new Integer32(i == 2 ? 2 : 1),
        "IF-MIB::ifSpecific" => new ObjectIdentifier(0, 0),
        _ => column.Syntax switch
        {
            SnmpType.Integer32 => new Integer32((int)(1500 + i)),
            SnmpType.Counter32 => new Counter32(1000 * i),
            SnmpType.Gauge32 => new Gauge32(1000000 * i),
            SnmpType.TimeTicks => new TimeTicks(100 * i),
            SnmpType.OctetString => new OctetString($"c{i}"),
            var other => throw new InvalidOperationException($"{column.Name}: {other}"),
        },
    };

    /// <summary>snmptable's view: the column names and, per index, each column's text ("?" for none).</summary>
    private static async Task<(string[] Columns, List<(string Index, string[] Cells)> Rows)> SnmptableAsync(string peer, string mibDirs, string table,
        SnmpVersion version = SnmpVersion.SNMPv2c)
    {
        var result = await NetSnmpTools.RunAsync("snmptable", TimeSpan.FromSeconds(30), outputOptions: false,
            "-M", mibDirs, "-m", "ALL", version == SnmpVersion.SNMPv1 ? "-v1" : "-v2c", "-c", "public", "-Ci", "-Cf", "|", peer, table);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int header = Array.FindIndex(lines, l => l.StartsWith("index|", StringComparison.Ordinal));
        Assert.That(header, Is.GreaterThanOrEqualTo(0), result.StandardOutput);
        var columns = lines[header].Split('|')[1..];
        var rows = lines[(header + 1)..].Select(l => l.Split('|')).Select(f => (f[0], f[1..])).ToList();
        return (columns, rows);
    }

    private static void Compare(MibModuleSet mibs, SnmpTable ours, (string[] Columns, List<(string Index, string[] Cells)> Rows) theirs, string[] stableColumns)
    {
        int cells = 0, values = 0;
        var differences = new List<string>();
        // snmptable lists rows in the order it first meets them column by column; ours are in index order.
        Assert.That(ours.Rows.Select(r => r.IndexText), Is.EquivalentTo(theirs.Rows.Select(r => r.Index)), "the same rows, the same decoded indexes");
        Assert.That(ours.Rows.Select(r => r.Index), Is.Ordered, "rows in index (OID) order");
        Assert.That(ours.Columns, Is.SubsetOf(theirs.Columns));
        foreach (var (index, theirCells) in theirs.Rows)
        {
            var row = ours[index]!;
            for (int c = 0; c < theirs.Columns.Length; c++)
            {
                var column = theirs.Columns[c];
                bool theyHaveIt = theirCells[c] != "?";
                cells++;
                if (row.Cells.TryGetValue(column, out var cell) != theyHaveIt)
                {
                    differences.Add($"{index} {column}: ours {(theyHaveIt ? "missing" : "present")}, snmptable [{theirCells[c]}]");
                    continue;
                }

                if (theyHaveIt && stableColumns.Contains(column))
                {
                    values++;
                    var text = Render(mibs, cell);
                    if (text != theirCells[c])
                    {
                        differences.Add($"{index} {column}: ours [{text}] snmptable [{theirCells[c]}]");
                    }
                }
            }
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ours.Oid}: {ours.Rows.Count} rows, {cells} cells compared for presence, {values} values compared with snmptable"));
        Assert.That(differences, Is.Empty);
        Assert.That(values, Is.GreaterThan(0));
    }

    /// <summary>A cell as snmptable prints it: an enumeration by its label alone, an OID by its name, the rest as MibValueFormat renders it.</summary>
    private static string Render(MibModuleSet mibs, VarBind cell)
    {
        if (cell.Value is ObjectIdentifier oid)
        {
            return mibs.FormatInstance(oid);
        }

        var node = mibs.FindLongestPrefix(cell.Oid, out _)!;
        var text = MibValueFormat.Format(node, cell.Value);
        if (node.Syntax?.NamedNumbers.Count > 0 && node.Syntax.BaseType == MibBaseType.Integer32 && text.EndsWith(')') && text.Contains('('))
        {
            text = text[..text.IndexOf('(', StringComparison.Ordinal)];
        }

        return text;
    }
}
