
namespace Snmp;

/// <summary>
/// A conceptual table (RFC 2578 section 7.10) as <see cref="Manager.GetTable(string, RequestOptions?)"/>
/// read it: one <see cref="SnmpTableRow"/> per index, in index order, each holding the columns the
/// agent has for it.
/// </summary>
public sealed class SnmpTable
{
    private readonly Dictionary<string, SnmpTableRow> _byIndex;

    internal SnmpTable(ObjectIdentifier oid, ObjectIdentifier entry, IReadOnlyList<string> columns, IReadOnlyList<SnmpTableRow> rows)
    {
        Oid = oid;
        Entry = entry;
        Columns = columns;
        Rows = rows;
        _byIndex = new Dictionary<string, SnmpTableRow>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            _byIndex.TryAdd(row.IndexText, row);
        }
    }

    /// <summary>The table object (xxxTable).</summary>
    public ObjectIdentifier Oid { get; }

    /// <summary>Its conceptual row (xxxEntry: the table's OID and 1), under which the columns are.</summary>
    public ObjectIdentifier Entry { get; }

    /// <summary>
    /// The names of the columns any row has, in column order: the object's name ("ifDescr") when
    /// the Manager's <see cref="Manager.Mibs"/> knows it, else the column's number ("2").
    /// </summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The rows, in index order.</summary>
    public IReadOnlyList<SnmpTableRow> Rows { get; }

    /// <summary>The row whose <see cref="SnmpTableRow.IndexText"/> is <paramref name="index"/>, or null.</summary>
    public SnmpTableRow? this[string index] => _byIndex.GetValueOrDefault(index);
}

/// <summary>One row of an <see cref="SnmpTable"/>: its index and the cells the agent returned for it.</summary>
public sealed class SnmpTableRow
{
    internal SnmpTableRow(ObjectIdentifier index, string indexText, IReadOnlyDictionary<string, VarBind> cells)
    {
        Index = index;
        IndexText = indexText;
        Cells = cells;
    }

    /// <summary>The instance part of the row's OIDs (RFC 2578 7.7), as sent.</summary>
    public ObjectIdentifier Index { get; }

    /// <summary>
    /// The index as a user reads it: decoded by the table's INDEX clause when the Manager's
    /// <see cref="Manager.Mibs"/> knows the table ("3", "\"eth0\"", "192.0.2.1"), else the dotted
    /// <see cref="Index"/>.
    /// </summary>
    public string IndexText { get; }

    /// <summary>
    /// The cells by column name (see <see cref="SnmpTable.Columns"/>). A column the agent has no
    /// instance of for this row is absent (a sparse table), never taken from another row.
    /// </summary>
    public IReadOnlyDictionary<string, VarBind> Cells { get; }

    /// <summary>The value of <paramref name="column"/> in this row, or null when the row has none.</summary>
    public SnmpValue? this[string column] => Cells.TryGetValue(column, out var cell) ? cell.Value : null;

    /// <inheritdoc />
    public override string ToString() => $"{IndexText}: {string.Join(", ", Cells.Select(c => $"{c.Key}={c.Value.Value}"))}";
}
