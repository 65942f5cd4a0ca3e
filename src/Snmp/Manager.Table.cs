// New symbolic-name overloads take a string where the shipped ones take an ObjectIdentifier, so
// no call that compiled before becomes ambiguous (what RS0026 guards against).
#pragma warning disable RS0026
using System.Globalization;
using Snmp.Smi;

namespace Snmp;

// The table helper (issue 11): a walk of the conceptual row, regrouped by index.
public sealed partial class Manager
{
    /// <summary>
    /// Reads a whole conceptual table (RFC 2578 section 7.10) given as dotted text or a name
    /// (<c>"IF-MIB::ifTable"</c>, <c>"1.3.6.1.2.1.2.2"</c>): the blocking form of
    /// <see cref="GetTableAsync(ObjectIdentifier, RequestOptions?, CancellationToken)"/>.
    /// </summary>
    public SnmpTable GetTable(string table, RequestOptions? options = null) => GetTableAsync(Resolve(table), options).GetAwaiter().GetResult();

    /// <summary>The blocking form of <see cref="GetTableAsync(ObjectIdentifier, RequestOptions?, CancellationToken)"/>.</summary>
    public SnmpTable GetTable(ObjectIdentifier table, RequestOptions? options = null) => GetTableAsync(table, options).GetAwaiter().GetResult();

    /// <summary>Reads a whole table given as dotted text or a name; see <see cref="GetTableAsync(ObjectIdentifier, RequestOptions?, CancellationToken)"/>.</summary>
    public Task<SnmpTable> GetTableAsync(string table, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        GetTableAsync(Resolve(table), options, cancellationToken);

    /// <summary>
    /// Reads a whole conceptual table: walks its entry (<paramref name="table"/>.1) with GetBulk
    /// (SNMPv2c and later, <see cref="WalkMaxRepetitions"/> per request) or GetNext (SNMPv1) up to
    /// the end of the table, and groups the instances by index. Each row holds exactly the
    /// columns the agent returned for its index, so a sparse table has missing cells, never
    /// shifted ones. With <see cref="Mibs"/>, columns are named ("ifDescr") and indexes decoded by
    /// the INDEX clause; without, columns are numbered and indexes dotted.
    /// </summary>
    /// <param name="table">The table object (xxxTable), not its entry.</param>
    /// <param name="options">Per-request options for every request of the walk.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public async Task<SnmpTable> GetTableAsync(ObjectIdentifier table, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var entry = table.Append(1);
        var mibs = Mibs;
        var columnNames = new SortedDictionary<uint, string>();
        var rows = new SortedDictionary<ObjectIdentifier, (string IndexText, Dictionary<string, VarBind> Cells)>();
        await foreach (var varBind in WalkAsync(entry, options, cancellationToken).ConfigureAwait(false))
        {
            var oid = varBind.Oid;
            if (oid.Length <= entry.Length + 1 || !entry.IsAncestorOf(oid))
            {
                continue; // not a column instance (the walk's fallback for an empty subtree)
            }

            uint column = oid[entry.Length];
            if (!columnNames.TryGetValue(column, out var columnName))
            {
                columnName = ColumnName(mibs, entry.Append(column), column);
                columnNames.Add(column, columnName);
            }

            var index = new ObjectIdentifier(oid.SubIdentifiers[(entry.Length + 1)..]);
            if (!rows.TryGetValue(index, out var row))
            {
                row = (IndexText(mibs, entry.Append(column), oid, index), new Dictionary<string, VarBind>(StringComparer.Ordinal));
                rows.Add(index, row);
            }

            row.Cells[columnName] = varBind;
        }

        var list = new List<SnmpTableRow>(rows.Count);
        foreach (var (index, row) in rows)
        {
            list.Add(new SnmpTableRow(index, row.IndexText, row.Cells));
        }

        return new SnmpTable(table, entry, [.. columnNames.Values], list);
    }

    private static string ColumnName(IObjectNameResolver? mibs, ObjectIdentifier columnOid, uint column)
    {
        var name = mibs?.FormatInstance(columnOid);
        if (name is null || name.Length == 0 || char.IsAsciiDigit(name[0]) || name.Contains('.', StringComparison.Ordinal))
        {
            return column.ToString(CultureInfo.InvariantCulture); // unknown, or only a prefix of it known
        }

        int colons = name.LastIndexOf("::", StringComparison.Ordinal);
        return colons >= 0 ? name[(colons + 2)..] : name;
    }

    private static string IndexText(IObjectNameResolver? mibs, ObjectIdentifier columnOid, ObjectIdentifier instance, ObjectIdentifier index)
    {
        if (mibs is not null)
        {
            var column = mibs.FormatInstance(columnOid);
            var text = mibs.FormatInstance(instance);
            if (column.Length > 0 && !char.IsAsciiDigit(column[0]) && !column.Contains('.', StringComparison.Ordinal)
                && text.Length > column.Length + 1 && text.StartsWith(column, StringComparison.Ordinal) && text[column.Length] == '.')
            {
                return text[(column.Length + 1)..];
            }
        }

        return index.ToString();
    }
}
