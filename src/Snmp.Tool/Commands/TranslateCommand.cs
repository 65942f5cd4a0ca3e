using System.Globalization;
using System.Text;
using Snmp.Smi.Modules;
using Snmp.Tool.Cli;
using Snmp.Tool.Output;

namespace Snmp.Tool.Commands;

/// <summary>
/// <c>snmp translate</c> (snmptranslate): names to OIDs and back with the loaded MIB modules,
/// printed by the -O style (-On numeric, -Of full, -Os last label); -Td prints the node's
/// definition as snmptranslate -Td does (module, syntax, access, status, index, description, and
/// its place in the tree). As snmptranslate, a bare label needs -IR (random access); a name that
/// does not resolve exits 2.
/// </summary>
internal sealed class TranslateCommand : ToolCommand
{
    public override string Name => "translate";

    public override string Program => "snmptranslate";

    public override string Operands => "OID [OID]...";

    public override string Summary => "translate between names and OIDs, describe an object (snmptranslate)";

    public override async Task<int> RunAsync(CommonOptions options, ToolConsole console, CancellationToken cancellationToken)
    {
        if (options.Operands.Count == 0)
        {
            throw new ToolException("Missing object name", 1, showUsage: true);
        }

        bool details = false;
        foreach (var value in options.TranslateOptions)
        {
            foreach (var c in value)
            {
                details |= c == 'd';
                if (c is not ('d' or 'o' or 's'))
                {
                    throw new ToolException($"Invalid -T<lostd> character: {c}", 1, showUsage: true);
                }
            }
        }

        bool randomAccess = options.InputOptions.Any(i => i.Contains('R', StringComparison.Ordinal));
        var mibs = MibSelection.Load(options, console);
        var printer = new VarBindPrinter(mibs, options.Output);
        int exit = 0;
        var sb = new StringBuilder();
        foreach (var text in options.Operands)
        {
            bool bare = !text.Contains("::", StringComparison.Ordinal) && text.Length > 0 && !char.IsAsciiDigit(text.TrimStart('.')[0]);
            if ((bare && !randomAccess) || !ManagerCommand.TryResolve(mibs, text, out var oid, out var complaint))
            {
                ManagerCommand.TryResolve(new MibModuleSet(), text, out _, out complaint);
                console.Error.WriteLine(complaint);
                exit = 2;
                continue;
            }

            sb.Append(printer.FormatName(oid)).Append('\n');
            if (details)
            {
                Describe(sb, mibs, oid);
            }
        }

        console.Out.Write(sb.ToString());
        return exit;
    }

    private static void Describe(StringBuilder sb, MibModuleSet mibs, ObjectIdentifier oid)
    {
        var node = mibs.FindLongestPrefix(oid, out int length);
        if (node is null)
        {
            return;
        }

        var modules = mibs.FindNodes(node.Oid).Select(n => n.ModuleName).Distinct();
        sb.Append(node.Name).Append(node.Kind is MibNodeKind.Scalar or MibNodeKind.Column or MibNodeKind.Row or MibNodeKind.Table ? " OBJECT-TYPE" : " OBJECT IDENTIFIER").Append('\n');
        sb.Append("  -- FROM\t").Append(string.Join(", ", modules)).Append('\n');
        if (node.Syntax is { BaseType: not (MibBaseType.Sequence or MibBaseType.SequenceOf) } syntax)
        {
            if (syntax.TypeName is { } tc && !IsBaseTypeName(tc))
            {
                sb.Append("  -- TEXTUAL CONVENTION ").Append(tc).Append('\n');
            }

            // Net-SNMP ends the line with a space after an enumeration or a range.
            sb.Append("  SYNTAX\t").Append(SyntaxText(syntax)).Append(syntax.NamedNumbers.Count > 0 || syntax.Sizes.Count > 0 || syntax.Ranges.Count > 0 ? " \n" : "\n");
            if (syntax.DisplayHint is { } hint)
            {
                sb.Append("  DISPLAY-HINT\t\"").Append(hint).Append("\"\n");
            }
        }

        if (node.Units is { } units)
        {
            sb.Append("  UNITS\t\t\"").Append(units).Append("\"\n");
        }

        if (node.MaxAccess is { } access)
        {
            sb.Append("  MAX-ACCESS\t").Append(access).Append('\n');
        }

        if (node.Status is { } status)
        {
            sb.Append("  STATUS\t").Append(status).Append('\n');
        }

        if (node.Index.Count > 0)
        {
            sb.Append("  INDEX\t\t{ ").Append(string.Join(", ", node.Index.Select(i => (i.Implied ? "IMPLIED " : "") + i.Name))).Append(" }\n");
        }

        if (node.Augments is { } augments)
        {
            sb.Append("  AUGMENTS\t{ ").Append(augments).Append(" }\n");
        }

        if (node.Description is { } description)
        {
            sb.Append("  DESCRIPTION\t\"").Append(description).Append("\"\n");
        }

        sb.Append("::= {");
        var ids = oid.SubIdentifiers;
        for (int i = 1; i < ids.Length; i++)
        {
            var name = mibs.FindNode(new ObjectIdentifier(ids[..i]))?.Name ?? (i == 1 ? "iso" : null);
            sb.Append(' ').Append(name is null ? ids[i - 1].ToString(CultureInfo.InvariantCulture) : $"{name}({ids[i - 1].ToString(CultureInfo.InvariantCulture)})");
        }

        sb.Append(' ').Append(ids[^1].ToString(CultureInfo.InvariantCulture)).Append(" }\n");
        _ = length;
    }

    private static bool IsBaseTypeName(string name) => name is "INTEGER" or "Integer32" or "OCTET STRING" or "OBJECT IDENTIFIER" or "IpAddress" or "Counter32"
        or "Gauge32" or "Unsigned32" or "TimeTicks" or "Opaque" or "Counter64" or "Counter" or "Gauge" or "BITS";

    private static string SyntaxText(MibSyntax syntax)
    {
        var type = syntax.BaseType switch
        {
            MibBaseType.Integer32 => syntax.NamedNumbers.Count > 0 ? "INTEGER" : "Integer32",
            MibBaseType.OctetString => "OCTET STRING",
            MibBaseType.ObjectIdentifier => "OBJECT IDENTIFIER",
            MibBaseType.Bits => "BITS",
            _ => syntax.BaseType.ToString(),
        };
        if (syntax.NamedNumbers.Count > 0)
        {
            return type + " {" + string.Join(", ", syntax.NamedNumbers.Select(n => $"{n.Name}({n.Value.ToString(CultureInfo.InvariantCulture)})")) + "}";
        }

        var ranges = syntax.Sizes.Count > 0 ? syntax.Sizes : syntax.Ranges;
        return ranges.Count > 0 ? type + " (" + string.Join(" | ", ranges.Select(r => r.Min == r.Max ? r.Min.ToString(CultureInfo.InvariantCulture) : $"{r.Min.ToString(CultureInfo.InvariantCulture)}..{r.Max.ToString(CultureInfo.InvariantCulture)}")) + ")" : type;
    }
}
