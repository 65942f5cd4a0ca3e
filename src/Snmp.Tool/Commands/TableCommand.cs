using System.Text;
using Snmp.Smi.Modules;
using Snmp.Tool.Cli;
using Snmp.Tool.Output;

namespace Snmp.Tool.Commands;

/// <summary>
/// <c>snmp table</c> (snmptable): a conceptual table (RFC 2578 7.10) read with the library's
/// <see cref="Manager.GetTableAsync(ObjectIdentifier, RequestOptions?, CancellationToken)"/>,
/// printed as snmptable prints it: "SNMP table: NAME", a header of column names, one line per row,
/// each cell right-aligned to its column's width, values as -Oq prints them and "?" for a hole.
/// -Ci adds the index, -Cb drops the columns' common prefix, -Cf SEP separates with SEP and no
/// padding, -CH leaves out the column names, -Ch prints only them, -Cl aligns left, -Cr N sets the
/// GetBulk max-repetitions.
/// </summary>
internal sealed class TableCommand : ManagerCommand
{
    private bool _index;
    private bool _brief;
    private string? _separator;
    private bool _noHeader;
    private bool _headerOnly;
    private bool _left;
    private int? _maxRepetitions;
    private int _maxWidth;

    public override string Name => "table";

    public override string Program => "snmptable";

    public override string Operands => "AGENT TABLE-OID";

    public override string Summary => "read a table and print it in columns (snmptable)";

    protected override IReadOnlyList<string> ReadApplicationOptions(CommonOptions options, IReadOnlyList<string> operands)
    {
        var rest = operands.ToList();
        foreach (var value in options.ApplicationOptions)
        {
            for (int i = 0; i < value.Length; i++)
            {
                switch (value[i])
                {
                    case 'i':
                        _index = true;
                        break;
                    case 'b':
                        _brief = true;
                        break;
                    case 'H':
                        _noHeader = true;
                        break;
                    case 'h':
                        _headerOnly = true;
                        break;
                    case 'l':
                        _left = true;
                        break;
                    case 'B':
                        break;
                    case 'f':
                        // As snmptable: -Cf takes the next word, and the letters after f are more options.
                        if (rest.Count == 0)
                        {
                            throw new ToolException("No field separator specified", 1, showUsage: true);
                        }

                        _separator = rest[0];
                        rest.RemoveAt(0);
                        break;
                    case 'w':
                        // As snmptable: -Cw takes the next word, read as C's atoi reads it; 0 (or no
                        // number) is refused after the usage text, a negative width is below every column's.
                        _maxWidth = rest.Count > 0 && Atoi(rest[0]) is var width and not 0
                            ? Math.Max(width, 1)
                            : throw new ToolException($"Bad -Cw option: {(rest.Count > 0 ? rest[0] : "")}", 1, showUsage: true, messageAfterUsage: true);
                        rest.RemoveAt(0);
                        break;
                    case 'r':
                        // As snmptable: -Cr takes the next word.
                        _maxRepetitions = rest.Count > 0 && int.TryParse(rest[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var reps)
                            ? reps
                            : throw new ToolException("", 1, showUsage: true);
                        rest.RemoveAt(0);
                        break;
                    default:
                        throw new ToolException($"Bad option after -C: {value[i]}", 1, showUsage: true);
                }
            }
        }

        return rest;
    }

    protected override object Prepare(IReadOnlyList<string> operands, MibModuleSet mibs, VarBindOutput output)
    {
        if (operands.Count == 0)
        {
            throw new ToolException("Missing table name", 1, showUsage: true);
        }

        var oid = ResolveAll([operands[0]], mibs, output)[0];
        if (mibs.FindNode(oid) is not { Kind: MibNodeKind.Table })
        {
            throw new ToolException($"Was that a table? {output.Printer.FormatName(oid)}");
        }

        return oid;
    }

    protected override async Task<int> RunAsync(AgentSession session, object prepared, VarBindOutput output, CancellationToken cancellationToken)
    {
        var oid = (ObjectIdentifier)prepared;
        if (_maxRepetitions is { } reps)
        {
            session.Manager.WalkMaxRepetitions = reps;
        }

        SnmpTable table;
        try
        {
            table = await session.Manager.GetTableAsync(oid, session.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (SnmpErrorResponseException error)
        {
            output.Console.Error.Write(Failures.ErrorInPacket(error, output.Printer, setStyle: false) + "\n");
            return 2;
        }

        var quick = new VarBindPrinter(output.Printer.Mibs, new OutputOptions
        {
            OidStyle = output.Printer.Options.OidStyle,
            Quick = true,
            Hex = output.Printer.Options.Hex,
            NumericEnums = output.Printer.Options.NumericEnums,
            NoUnits = output.Printer.Options.NoUnits,
            NumericTimeTicks = output.Printer.Options.NumericTimeTicks,
        });
        // snmptable prints every readable column the MIB defines, "?" where the agent has no value,
        // and any column the agent has beyond them.
        var columns = MibColumns(output.Printer.Mibs, table.Entry);
        columns.AddRange(table.Columns.Where(c => !columns.Contains(c)));
        var headers = columns.Select(c => c).ToList();
        if (_brief)
        {
            var prefix = CommonPrefix(headers);
            headers = [.. headers.Select(h => h[prefix.Length..])];
        }

        var rows = new List<List<string>>();
        foreach (var row in table.Rows)
        {
            var cells = new List<string>();
            if (_index)
            {
                cells.Add(row.IndexText);
            }

            foreach (var column in columns)
            {
                cells.Add(row.Cells.TryGetValue(column, out var vb) ? quick.FormatValue(vb.Oid, vb.Value).Value : "?");
            }

            rows.Add(cells);
        }

        if (_index)
        {
            headers.Insert(0, "index");
        }

        var name = output.Printer.FormatName(oid);
        var sb = new StringBuilder();
        if (_headerOnly)
        {
            // snmptable -Ch: the column names alone (sized by themselves), and no rows.
            AppendLine(sb, headers, [.. headers.Select(h => h.Length)]);
            sb.Append(name).Append(": No entries\n");
        }
        else if (rows.Count == 0)
        {
            sb.Append(name).Append(": No entries\n");
        }
        else
        {
            var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
            if (!_noHeader)
            {
                sb.Append("SNMP table: ").Append(name).Append("\n\n");
            }

            // -Cw: the columns in parts of at most that many characters (each part at least one
            // column, the index column in every part), as snmptable splits them.
            int first = _index ? 1 : 0;
            for (int part = 1; first < headers.Count; part++)
            {
                if (part > 1 && !_noHeader)
                {
                    sb.Append("\nSNMP table ").Append(name).Append(", part ").Append(part.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\n\n");
                }

                int width = _index ? Math.Max(widths[0], 6) : 0;
                int last = first;
                while (last < headers.Count)
                {
                    width += widths[last] + 1;
                    if (last != first && _maxWidth > 0 && width > _maxWidth)
                    {
                        break;
                    }

                    last++;
                }

                int[] shown = [.. (_index ? [0] : Array.Empty<int>()), .. Enumerable.Range(first, last - first)];
                int[] shownWidths = [.. shown.Select(i => widths[i])];
                if (!_noHeader)
                {
                    AppendLine(sb, [.. shown.Select(i => headers[i])], shownWidths);
                }

                foreach (var row in rows)
                {
                    AppendLine(sb, [.. shown.Select(i => row[i])], shownWidths);
                }

                first = last;
            }
        }

        output.Console.Out.Write(sb.ToString());
        return 0;
    }

    private static List<string> MibColumns(MibModuleSet mibs, ObjectIdentifier entry)
    {
        var columns = new List<string>();
        for (uint column = 1; column <= 256; column++)
        {
            if (mibs.FindNode(entry.Append(column)) is { Kind: MibNodeKind.Column } node
                && node.MaxAccess is not ("not-accessible" or "accessible-for-notify"))
            {
                columns.Add(node.Name);
            }
        }

        return columns;
    }

    private void AppendLine(StringBuilder sb, IReadOnlyList<string> cells, int[] widths)
    {
        for (int i = 0; i < cells.Count; i++)
        {
            if (_separator is not null)
            {
                sb.Append(i == 0 ? "" : _separator).Append(cells[i]);
            }
            else if (i == 0 && _index && !_left)
            {
                // The index column: at least as wide as "index" and its terminating NUL, no space before it.
                sb.Append(cells[i].PadLeft(Math.Max(widths[i], 6)));
            }
            else
            {
                sb.Append(_left ? cells[i].PadRight(widths[i]) + " " : " " + cells[i].PadLeft(widths[i]));
            }
        }

        sb.Append('\n');
    }

    private static string CommonPrefix(IReadOnlyList<string> names)
    {
        if (names.Count < 2)
        {
            return "";
        }

        int length = names.Min(n => n.Length);
        int common = 0;
        while (common < length && names.All(n => n[common] == names[0][common]))
        {
            common++;
        }

        // Net-SNMP keeps the prefix up to the last lower-case letter before the first capital.
        while (common > 0 && !char.IsUpper(names[0][common < names[0].Length ? common : common - 1]))
        {
            common--;
        }

        return names[0][..common];
    }

    // C's atoi: optional spaces and sign, then the leading digits (0 when there are none).
    private static int Atoi(string text)
    {
        var span = text.AsSpan().TrimStart();
        int sign = 1, i = 0;
        if (span.Length > 0 && span[0] is '-' or '+')
        {
            sign = span[0] == '-' ? -1 : 1;
            i = 1;
        }

        long value = 0;
        for (; i < span.Length && char.IsAsciiDigit(span[i]) && value < int.MaxValue; i++)
        {
            value = value * 10 + (span[i] - '0');
        }

        return (int)Math.Clamp(sign * value, int.MinValue, int.MaxValue);
    }
}
