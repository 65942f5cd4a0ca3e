namespace Snmp.Smi.Modules.Tests;

/// <summary>
/// Index decoding in OID -> name against Net-SNMP: for every column of every table in shared/mibs/ietf,
/// an instance built from sample index values (integers inside the ranges, enumerations, IpAddress,
/// length-prefixed, IMPLIED and fixed-length strings, OIDs), named by us (<see cref="MibModuleSet.FormatInstance"/>)
/// and by <c>snmptranslate -OS</c>.
/// </summary>
public class IndexOracleTests
{
    [Test]
    public void EveryColumnInstanceIsNamedAsNetSnmpNamesIt()
    {
        var set = OracleTests.IetfSet.Value;
        var instances = new List<(MibNode Column, ObjectIdentifier Oid)>();
        foreach (var column in set.Modules.SelectMany(m => m.Nodes).Where(n => n.Kind == MibNodeKind.Column && set.FindNodes(n.Oid).Count == 1))
        {
            var row = set.FindNodes(new ObjectIdentifier(column.Oid.SubIdentifiers[..^1])).First(n => n.Kind == MibNodeKind.Row);
            if (row.Augments is not null)
            {
                row = set.FindNode(row.ModuleName + "::" + row.Augments) ?? set.FindNode(row.Augments)!;
            }

            var suffix = new List<uint>();
            for (int i = 0; i < row.Index.Count; i++)
            {
                var item = row.Index[i];
                var syntax = (set.FindNode(row.ModuleName + "::" + item.Name) ?? set.FindNode(item.Name))!.Syntax!;
                Sample(syntax, item.Implied && i == row.Index.Count - 1, suffix, instances.Count);
            }

            instances.Add((column, column.Oid.Append([.. suffix])));
        }

        Assert.That(instances, Has.Count.GreaterThan(1000));
        var theirs = new List<string>();
        for (int i = 0; i < instances.Count; i += 400)
        {
            var chunk = instances.Skip(i).Take(400).Select(x => x.Oid.ToString()).ToList();
            var output = MibCorpus.RunSnmpTranslate(new[] { "-M", MibCorpus.Ietf, "-m", "ALL", "-OS" }.Concat(chunk))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.That(output, Has.Length.EqualTo(chunk.Count));
            theirs.AddRange(output);
        }

        int equal = 0, readBack = 0;
        var differences = new List<string>();
        for (int i = 0; i < instances.Count; i++)
        {
            var ours = set.FormatInstance(instances[i].Oid);

            // The name reads back to the same OID (our sample strings are printable).
            if (set.TryResolve(ours, out var back) && back == instances[i].Oid)
            {
                readBack++;
            }
            else
            {
                differences.Add($"{ours} does not read back to {instances[i].Oid} (read {back})");
            }

            if (ours == theirs[i])
            {
                equal++;
            }
            else
            {
                differences.Add($"{instances[i].Oid}: ours {ours} Net-SNMP {theirs[i]}");
            }
        }

        TestContext.Out.WriteLine($"index decoding: {instances.Count} column instances compared, {equal} equal, {readBack} read back to their OID by Resolve, {differences.Count} differences");
        foreach (var d in differences)
        {
            TestContext.Out.WriteLine("  difference: " + d);
        }

        int inetAddresses = theirs.Count(t => t.Contains(".ipv4.\"", StringComparison.Ordinal) || t.Contains(".ipv6.\"", StringComparison.Ordinal) ||
                                              t.Contains(".ipv4z.\"", StringComparison.Ordinal) || t.Contains(".ipv6z.\"", StringComparison.Ordinal));
        TestContext.Out.WriteLine($"  of which {inetAddresses} with an InetAddress index rendered by its family, {theirs.Count(t => t.Contains('\''))} with an IMPLIED or fixed-length string");
        Assert.That(differences, Is.Empty);
        Assert.That(inetAddresses, Is.GreaterThan(10), "the sample reaches the InetAddress renderings");
    }

    private static uint? _addressType;

    /// <summary>Sample index values; InetAddressType/InetAddress pairs cycle through ipv4, ipv6, ipv4z, ipv6z and dns (RFC 4001).</summary>
    private static void Sample(MibSyntax syntax, bool implied, List<uint> suffix, int round)
    {
        if (syntax.TypeName == "InetAddressType")
        {
            _addressType = (uint)(round % 5) switch { 0 => 1, 1 => 2, 2 => 3, 3 => 4, _ => 16 };
            suffix.Add(_addressType.Value);
            return;
        }

        if (syntax.TypeName == "InetAddress" && _addressType is { } type)
        {
            int length = type switch { 1 => 4, 2 => 16, 3 => 8, 4 => 20, _ => 3 };
            if (!implied)
            {
                suffix.Add((uint)length);
            }

            for (int k = 0; k < length; k++)
            {
                suffix.Add(type == 16 ? (uint)('a' + k) : (uint)(k == 0 ? 10 : k));
            }

            _addressType = null;
            return;
        }

        switch (syntax.BaseType)
        {
            case MibBaseType.IpAddress:
                suffix.AddRange([10, 0, 0, 1]);
                break;
            case MibBaseType.OctetString or MibBaseType.Opaque or MibBaseType.Bits:
                int length = 3;
                if (syntax.Sizes.Count > 0)
                {
                    var first = syntax.Sizes[0];
                    length = (int)Math.Clamp(3, (long)first.Min, (long)Math.Min((decimal)first.Max, 64));
                }

                bool fixedSize = syntax.Sizes is [var only] && only.Min == only.Max;
                if (!implied && !fixedSize)
                {
                    suffix.Add((uint)length);
                }

                for (int k = 0; k < length; k++)
                {
                    suffix.Add((uint)('a' + k % 26));
                }

                break;
            case MibBaseType.ObjectIdentifier:
                if (!implied)
                {
                    suffix.Add(4);
                }

                suffix.AddRange([1, 3, 6, 1]);
                break;
            default:
                uint value = 3;
                if (syntax.NamedNumbers.Count > 0)
                {
                    value = (uint)syntax.NamedNumbers[0].Value;
                }
                else if (syntax.Ranges.Count > 0 && (syntax.Ranges[0].Min > 3 || syntax.Ranges[0].Max < 3))
                {
                    value = (uint)syntax.Ranges[0].Min;
                }

                suffix.Add(value);
                break;
        }
    }
}
