// New symbolic-name overloads take a string where the shipped ones take an ObjectIdentifier, so
// no call that compiled before becomes ambiguous (what RS0026 guards against).
#pragma warning disable RS0026
using System.Globalization;
using Snmp.Messages;

namespace Snmp;

// The table helper (issue 11): every requested column read side by side, one varbind per column
// in each GetBulk (GetNext for SNMPv1), and the instances regrouped by index.
public sealed partial class Manager
{
    /// <summary>
    /// Reads a whole conceptual table (RFC 2578 section 7.10) given as dotted text or a name
    /// (<c>"IF-MIB::ifTable"</c>, <c>"ifEntry"</c>, <c>"1.3.6.1.2.1.2.2"</c>): the blocking form of
    /// <see cref="GetTableAsync(ObjectIdentifier, RequestOptions?, CancellationToken)"/>.
    /// </summary>
    public SnmpTable GetTable(string table, RequestOptions? options = null) => GetTableAsync(Resolve(table), options).GetAwaiter().GetResult();

    /// <summary>The blocking form of <see cref="GetTableAsync(ObjectIdentifier, RequestOptions?, CancellationToken)"/>.</summary>
    public SnmpTable GetTable(ObjectIdentifier table, RequestOptions? options = null) => GetTableAsync(table, options).GetAwaiter().GetResult();

    /// <summary>
    /// Reads the given <paramref name="columns"/> of a table, all given as dotted text or names
    /// (<c>GetTable("IF-MIB::ifTable", ["ifDescr", "ifOperStatus"])</c>): the blocking form of
    /// <see cref="GetTableAsync(ObjectIdentifier, IEnumerable{ObjectIdentifier}, RequestOptions?, CancellationToken)"/>.
    /// </summary>
    public SnmpTable GetTable(string table, IEnumerable<string> columns, RequestOptions? options = null) =>
        GetTableAsync(table, columns, options).GetAwaiter().GetResult();

    /// <summary>The blocking form of <see cref="GetTableAsync(ObjectIdentifier, IEnumerable{ObjectIdentifier}, RequestOptions?, CancellationToken)"/>.</summary>
    public SnmpTable GetTable(ObjectIdentifier table, IEnumerable<ObjectIdentifier> columns, RequestOptions? options = null) =>
        GetTableAsync(table, columns, options).GetAwaiter().GetResult();

    /// <summary>Reads a whole table given as dotted text or a name; see <see cref="GetTableAsync(ObjectIdentifier, RequestOptions?, CancellationToken)"/>.</summary>
    public Task<SnmpTable> GetTableAsync(string table, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        GetTableAsync(Resolve(table), options, cancellationToken);

    /// <summary>
    /// Reads the given <paramref name="columns"/> of a table, all given as dotted text or names;
    /// see <see cref="GetTableAsync(ObjectIdentifier, IEnumerable{ObjectIdentifier}, RequestOptions?, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="Mibs"/>, or one they do not know.</exception>
    /// <exception cref="ArgumentException">A column that is not a column of the table.</exception>
    public Task<SnmpTable> GetTableAsync(string table, IEnumerable<string> columns, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return GetTableAsync(Resolve(table), ResolveAll(columns), options, cancellationToken);
    }

    /// <summary>
    /// Reads a whole conceptual table: every column the agent has. When <see cref="Mibs"/>
    /// describe the table (an <see cref="IObjectTypeResolver"/>, such as a compiled MIB), all its
    /// readable columns are read side by side as in
    /// <see cref="GetTableAsync(ObjectIdentifier, IEnumerable{ObjectIdentifier}, RequestOptions?, CancellationToken)"/>;
    /// otherwise the columns are found one after the other (each column's end leads to the next),
    /// as a walk of the entry would. Columns the agent has beyond those the MIB defines are read too.
    /// </summary>
    /// <param name="table">
    /// The table (xxxTable) or, when <see cref="Mibs"/> describe it as one, its entry (xxxEntry).
    /// An OID the resolver does not describe is taken as the table.
    /// </param>
    /// <param name="options">Per-request options for every request.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <exception cref="ArgumentException"><see cref="Mibs"/> describe <paramref name="table"/> as a scalar or column.</exception>
    public Task<SnmpTable> GetTableAsync(ObjectIdentifier table, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (tableOid, entry, definition) = Locate(table);
        var columns = definition?.Columns.Where(c => c.IsReadable).Select(c => c.Oid[^1]).ToArray() ?? [];
        return ReadTableAsync(tableOid, entry, columns, discover: true, options, cancellationToken);
    }

    /// <summary>
    /// Reads the given <paramref name="columns"/> of a conceptual table (RFC 2578 section 7.10)
    /// side by side, as Net-SNMP's snmptable does: each GetBulk (SNMPv2c and later) asks for the
    /// next <see cref="WalkMaxRepetitions"/> instances (rows) of every column still running, one
    /// repeated varbind per column; SNMPv1 sends GetNext with one varbind per column. A column
    /// ends where the agent's next instance is outside it (or at endOfMibView), while the others
    /// go on, so a table whose columns have holes reads right: each row holds exactly the cells
    /// the agent has for its index, never one shifted from another row. Rows are in index order.
    /// With <see cref="Mibs"/>, columns are named ("ifDescr") and indexes decoded by the INDEX
    /// clause; without, columns are numbered ("2") and indexes dotted.
    /// </summary>
    /// <param name="table">The table, or its entry when <see cref="Mibs"/> describe it as one.</param>
    /// <exception cref="ArgumentException">No column, one that is not a column of the table, or <see cref="Mibs"/> describe <paramref name="table"/> as a scalar or column.</exception>
    /// <param name="columns">Columns of the table, by their OIDs (entry.column), any order; each is read once.</param>
    /// <param name="options">Per-request options for every request.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public Task<SnmpTable> GetTableAsync(ObjectIdentifier table, IEnumerable<ObjectIdentifier> columns, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var (tableOid, entry, _) = Locate(table);
        var ids = new SortedSet<uint>();
        foreach (var column in columns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
            if (column.Length != entry.Length + 1 || !entry.IsAncestorOf(column))
            {
                throw new ArgumentException($"{column} is not a column of {entry} (entry.column).", nameof(columns));
            }

            ids.Add(column[^1]);
        }

        if (ids.Count == 0)
        {
            throw new ArgumentException("Give at least one column.", nameof(columns));
        }

        return ReadTableAsync(tableOid, entry, [.. ids], discover: false, options, cancellationToken);
    }

    /// <summary>The table, its entry and the MIB's definition of the table, from a table or entry OID.</summary>
    private (ObjectIdentifier Table, ObjectIdentifier Entry, ObjectTypeDefinition? Definition) Locate(ObjectIdentifier oid)
    {
        var definition = (Mibs as IObjectTypeResolver)?.FindObjectType(oid);
        if (definition?.Kind is ObjectTypeKind.Scalar or ObjectTypeKind.Column)
        {
            throw new ArgumentException($"{definition.Name} is a {definition.Kind.ToString().ToLowerInvariant()}, not a table or its entry.", nameof(oid));
        }

        return definition?.Kind == ObjectTypeKind.Row && oid.Length > 1
            ? (new ObjectIdentifier(oid.SubIdentifiers[..^1]), oid, definition)
            : (oid, oid.Append(1), definition?.Kind == ObjectTypeKind.Table ? definition : null);
    }

    /// <summary>One column being read: where its next request starts; Column null while it looks for the first column.</summary>
    private sealed class ColumnCursor(uint? column, ObjectIdentifier position)
    {
        public uint? Column { get; set; } = column;

        public ObjectIdentifier Position { get; set; } = position;

        public bool Done { get; set; }
    }

    private async Task<SnmpTable> ReadTableAsync(ObjectIdentifier table, ObjectIdentifier entry, uint[] columns, bool discover, RequestOptions? options,
        CancellationToken cancellationToken)
    {
        var mibs = Mibs;
        var columnNames = new SortedDictionary<uint, string>();
        var rows = new SortedDictionary<ObjectIdentifier, (string IndexText, Dictionary<string, VarBind> Cells)>();
        var tracked = new HashSet<uint>(columns);
        var cursors = columns.Select(c => new ColumnCursor(c, entry.Append(c))).ToList();
        if (discover && cursors.Count == 0)
        {
            cursors.Add(new ColumnCursor(null, entry)); // no column known: the first instance under the entry shows the first column
        }

        while (cursors.Count > 0)
        {
            var page = await NextPageAsync(cursors, options, cancellationToken).ConfigureAwait(false);
            int width = cursors.Count;
            for (int i = 0; i < page.Count; i++)
            {
                var cursor = cursors[i % width];
                if (cursor.Done)
                {
                    continue;
                }

                var varBind = page[i];
                if (varBind.Value is EndOfMibView || varBind.Oid.Length <= entry.Length + 1 || !entry.IsAncestorOf(varBind.Oid))
                {
                    cursor.Done = true; // past the table (or the MIB view)
                    continue;
                }

                if (varBind.Oid.CompareTo(cursor.Position) <= 0)
                {
                    throw new SnmpImproperResponseException($"{varBind.Oid} does not follow the requested {cursor.Position}", page);
                }

                uint column = varBind.Oid[entry.Length];
                if (column != cursor.Column)
                {
                    // The column ended (or none was known yet); what follows is the first instance of
                    // the next column that has any. Read it with this cursor if nobody reads it yet.
                    if (!discover || !tracked.Add(column))
                    {
                        cursor.Done = true;
                        continue;
                    }

                    cursor.Column = column;
                }

                cursor.Position = varBind.Oid;
                Add(mibs, entry, columnNames, rows, column, varBind);
            }

            cursors.RemoveAll(c => c.Done);
        }

        var list = new List<SnmpTableRow>(rows.Count);
        foreach (var (index, row) in rows)
        {
            list.Add(new SnmpTableRow(index, row.IndexText, row.Cells));
        }

        return new SnmpTable(table, entry, [.. columnNames.Values], list);
    }

    /// <summary>
    /// The next instances of every running column: a GetBulk with one repeater per column, or for
    /// SNMPv1 a GetNext (a column whose GetNext the agent answers noSuchName, the end of its MIB
    /// view, is finished and the request sent again without it). The varbinds come in rows of
    /// one per cursor, as RFC 3416 4.2.3 orders them; the last row may be cut short.
    /// </summary>
    private async Task<VarBindList> NextPageAsync(List<ColumnCursor> cursors, RequestOptions? options, CancellationToken cancellationToken)
    {
        while (true)
        {
            var positions = cursors.Select(c => c.Position).ToArray();
            if (Version == SnmpVersion.SNMPv1)
            {
                try
                {
                    return await GetNextAsync(positions, options, cancellationToken).ConfigureAwait(false);
                }
                catch (SnmpNoSuchNameException e) when (e.ErrorIndex >= 1 && e.ErrorIndex <= cursors.Count)
                {
                    // RFC 1157 4.1.3: that varbind has no successor in the view; finish its column and ask again.
                    cursors.RemoveAt(e.ErrorIndex - 1);
                    if (cursors.Count == 0)
                    {
                        return VarBindList.Empty;
                    }

                    continue;
                }
            }

            // RFC 3416 4.2.3: an agent whose answer would be too big removes varbinds from the end, with
            // no regard to N, M or R, so the last row may be cut short; ResponseValidation accepts that,
            // and each varbind is checked against its column's position by the caller.
            return await GetBulkAsync(0, Math.Max(1, WalkMaxRepetitions), positions, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Add(IObjectNameResolver? mibs, ObjectIdentifier entry, SortedDictionary<uint, string> columnNames,
        SortedDictionary<ObjectIdentifier, (string IndexText, Dictionary<string, VarBind> Cells)> rows, uint column, VarBind varBind)
    {
        if (!columnNames.TryGetValue(column, out var columnName))
        {
            columnName = ColumnName(mibs, entry.Append(column), column);
            columnNames.Add(column, columnName);
        }

        var index = new ObjectIdentifier(varBind.Oid.SubIdentifiers[(entry.Length + 1)..]);
        if (!rows.TryGetValue(index, out var row))
        {
            row = (IndexText(mibs, entry.Append(column), varBind.Oid, index), new Dictionary<string, VarBind>(StringComparer.Ordinal));
            rows.Add(index, row);
        }

        row.Cells[columnName] = varBind;
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
