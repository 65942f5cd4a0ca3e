using Snmp.Pdus;

namespace Snmp;

/// <summary>MAX-ACCESS of a column (RFC 2578 section 7.3).</summary>
public enum MibAccess
{
    /// <summary>not-accessible: an index column, never served.</summary>
    NotAccessible,
    /// <summary>read-only.</summary>
    ReadOnly,
    /// <summary>read-write: writable in existing rows.</summary>
    ReadWrite,
    /// <summary>read-create: writable, and settable while creating a row through RowStatus.</summary>
    ReadCreate,
}

/// <summary>One columnar object of a <see cref="MibTable"/>.</summary>
/// <param name="Id">The column's sub-identifier under the entry (xxxEntry.Id).</param>
/// <param name="Type">The column's syntax.</param>
/// <param name="Access">MAX-ACCESS.</param>
/// <param name="DefaultValue">DEFVAL for rows created without a value for this column; null when a creator must give one.</param>
/// <param name="Validate">Optional check of a written value: NoError to accept, else wrongValue, wrongLength, ...</param>
/// <param name="IsRowStatus">This is the table's RowStatus column (RFC 2579), which creates and destroys rows.</param>
public sealed record MibColumn(uint Id, SnmpType Type, MibAccess Access = MibAccess.ReadOnly, SnmpValue? DefaultValue = null,
    Func<SnmpValue, ErrorStatus>? Validate = null, bool IsRowStatus = false)
{
    /// <summary>A read-create RowStatus column.</summary>
    public static MibColumn RowStatus(uint id) => new(id, SnmpType.Integer32, MibAccess.ReadCreate, IsRowStatus: true);
}

/// <summary>
/// A conceptual table (RFC 2578 section 7.1.12, 7.7): rows keyed by their index sub-identifiers,
/// served in lexicographic order column by column, as GetNext walks them. With a RowStatus column
/// (RFC 2579) managers can create (createAndGo, createAndWait) and destroy rows. Thread-safe;
/// the application may add, change and remove rows while the agent serves them.
/// </summary>
public sealed class MibTable : ManagedObject
{
    private readonly MibColumn[] _columns;
    private readonly MibColumn? _rowStatus;
    private readonly List<ObjectIdentifier> _order = [];
    private readonly Dictionary<ObjectIdentifier, SnmpValue?[]> _rows = [];
    private readonly Lock _lock = new();

    /// <summary>Creates an empty table.</summary>
    /// <param name="entryOid">The xxxEntry OID: columns are entryOid.column, instances entryOid.column.index.</param>
    /// <param name="columns">The columns, any order.</param>
    public MibTable(ObjectIdentifier entryOid, params MibColumn[] columns)
        : base(entryOid)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0 || columns.Select(c => c.Id).Distinct().Count() != columns.Length)
        {
            throw new ArgumentException("A table needs at least one column and distinct column ids.", nameof(columns));
        }

        _columns = [.. columns.OrderBy(c => c.Id)];
        _rowStatus = _columns.SingleOrDefault(c => c.IsRowStatus);
    }

    /// <summary>The columns in sub-identifier order.</summary>
    public IReadOnlyList<MibColumn> Columns => _columns;

    /// <summary>The number of rows.</summary>
    public int RowCount
    {
        get
        {
            lock (_lock)
            {
                return _order.Count;
            }
        }
    }

    /// <summary>
    /// Adds or replaces the row with index <paramref name="index"/> (the instance sub-identifiers,
    /// for example from <c>new ObjectIdentifier().AppendIndex(...)</c>); <paramref name="values"/>
    /// in column order, null for a column the row has no value in.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong number of values, or a value of the wrong type.</exception>
    public void SetRow(ObjectIdentifier index, params SnmpValue?[] values)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(values);
        if (index.Length == 0)
        {
            throw new ArgumentException("A row index has at least one sub-identifier.", nameof(index));
        }

        if (values.Length != _columns.Length)
        {
            throw new ArgumentException($"The table has {_columns.Length} columns; {values.Length} values given.", nameof(values));
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is { } v && v.Type != _columns[i].Type)
            {
                throw new ArgumentException($"Column {_columns[i].Id} is {_columns[i].Type}, not {v.Type}.", nameof(values));
            }
        }

        lock (_lock)
        {
            Insert(index, [.. values]);
        }
    }

    /// <summary>Removes the row; false if there was none.</summary>
    public bool RemoveRow(ObjectIdentifier index)
    {
        ArgumentNullException.ThrowIfNull(index);
        lock (_lock)
        {
            return Remove(index) is not null;
        }
    }

    /// <summary>The value of one cell, or null.</summary>
    public SnmpValue? GetCell(ObjectIdentifier index, uint columnId)
    {
        int column = ColumnPosition(columnId);
        lock (_lock)
        {
            return column >= 0 && _rows.TryGetValue(index, out var row) ? row[column] : null;
        }
    }

    /// <summary>Every row's index, in order.</summary>
    public IReadOnlyList<ObjectIdentifier> RowIndexes()
    {
        lock (_lock)
        {
            return [.. _order];
        }
    }

    /// <inheritdoc />
    public override ValueTask<SnmpValue> GetAsync(ObjectIdentifier name, CancellationToken cancellationToken)
    {
        if (!TryParse(name, out int column, out var index) || _columns[column].Access == MibAccess.NotAccessible)
        {
            return ValueTask.FromResult<SnmpValue>(NoSuchObject.Instance);
        }

        lock (_lock)
        {
            return ValueTask.FromResult<SnmpValue>(index is not null && _rows.TryGetValue(index, out var row) && row[column] is { } value
                ? value
                : NoSuchInstance.Instance);
        }
    }

    /// <inheritdoc />
    public override ValueTask<VarBind?> GetNextAsync(ObjectIdentifier name, CancellationToken cancellationToken)
    {
        int firstColumn = 0;
        ObjectIdentifier? after = null;
        if (name.StartsWith(Oid) && name.Length > Oid.Length)
        {
            uint columnId = name[Oid.Length];
            firstColumn = Array.FindIndex(_columns, c => c.Id >= columnId);
            if (firstColumn < 0)
            {
                return ValueTask.FromResult<VarBind?>(null);
            }

            if (_columns[firstColumn].Id == columnId)
            {
                after = new ObjectIdentifier(name.SubIdentifiers[(Oid.Length + 1)..]);
            }
        }
        else if (name > Oid)
        {
            return ValueTask.FromResult<VarBind?>(null);
        }

        lock (_lock)
        {
            for (int c = firstColumn; c < _columns.Length; c++, after = null)
            {
                if (_columns[c].Access == MibAccess.NotAccessible)
                {
                    continue;
                }

                for (int r = after is null ? 0 : FirstAfter(after); r < _order.Count; r++)
                {
                    if (_rows[_order[r]][c] is { } value)
                    {
                        return ValueTask.FromResult<VarBind?>(new VarBind(Oid.Append(_columns[c].Id).Append(_order[r]), value));
                    }
                }
            }
        }

        return ValueTask.FromResult<VarBind?>(null);
    }

    /// <inheritdoc />
    public override ValueTask<SetPreparation> PrepareSetAsync(ObjectIdentifier name, SnmpValue value, SetTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return ValueTask.FromResult(PrepareSet(name, value, transaction));
    }

    private SetPreparation PrepareSet(ObjectIdentifier name, SnmpValue value, SetTransaction transaction)
    {
        if (!TryParse(name, out int column, out var index) || index is null)
        {
            return SetPreparation.Fail(ErrorStatus.NoCreation);
        }

        var definition = _columns[column];
        if (definition.Access is MibAccess.NotAccessible)
        {
            return SetPreparation.Fail(ErrorStatus.NoAccess);
        }

        bool exists;
        lock (_lock)
        {
            exists = _rows.ContainsKey(index);
        }

        if (definition.Access == MibAccess.ReadOnly)
        {
            return SetPreparation.Fail(exists ? ErrorStatus.NotWritable : ErrorStatus.NoCreation);
        }

        if (value.Type != definition.Type)
        {
            return SetPreparation.Fail(ErrorStatus.WrongType);
        }

        if (definition.IsRowStatus)
        {
            return PrepareRowStatus(index, (RowStatus)((Integer32)value).Value, exists, transaction);
        }

        if (definition.Validate?.Invoke(value) is { } status && status != ErrorStatus.NoError)
        {
            return SetPreparation.Fail(status);
        }

        if (!exists)
        {
            // A cell of a row that does not exist: only as part of creating it through RowStatus,
            // whose commit writes this value with the rest of the row.
            return definition.Access == MibAccess.ReadCreate && CreationIn(transaction, index) is RowStatus.CreateAndGo or RowStatus.CreateAndWait
                ? SetPreparation.Ready(static () => { }, static () => { })
                : SetPreparation.Fail(definition.Access == MibAccess.ReadCreate && _rowStatus is not null ? ErrorStatus.InconsistentName : ErrorStatus.NoCreation);
        }

        return SetCell(index, column, value);
    }

    private SetPreparation PrepareRowStatus(ObjectIdentifier index, RowStatus requested, bool exists, SetTransaction transaction)
    {
        switch (requested)
        {
            case RowStatus.Active or RowStatus.NotInService when exists:
                return SetCell(index, Array.IndexOf(_columns, _rowStatus), new Integer32((int)requested));
            case RowStatus.Active or RowStatus.NotInService:
                return SetPreparation.Fail(ErrorStatus.InconsistentValue);
            case RowStatus.CreateAndGo or RowStatus.CreateAndWait when exists:
                return SetPreparation.Fail(ErrorStatus.InconsistentValue);
            case RowStatus.CreateAndGo or RowStatus.CreateAndWait:
                return PrepareCreate(index, requested, transaction);
            case RowStatus.Destroy when !exists:
                // RFC 2579: destroying a row that does not exist succeeds and does nothing.
                return SetPreparation.Ready(static () => { }, static () => { });
            case RowStatus.Destroy:
                SnmpValue?[]? removed = null;
                return SetPreparation.Ready(
                    () =>
                    {
                        lock (_lock)
                        {
                            removed = Remove(index);
                        }
                    },
                    () =>
                    {
                        lock (_lock)
                        {
                            if (removed is not null && !_rows.ContainsKey(index))
                            {
                                Insert(index, removed);
                            }
                        }
                    });
            default:
                // notReady (3) is never written; anything else is not a RowStatus.
                return SetPreparation.Fail(ErrorStatus.WrongValue);
        }
    }

    private SetPreparation PrepareCreate(ObjectIdentifier index, RowStatus requested, SetTransaction transaction)
    {
        var values = new SnmpValue?[_columns.Length];
        for (int c = 0; c < _columns.Length; c++)
        {
            values[c] = _columns[c].DefaultValue;
        }

        foreach (var (oid, value) in transaction.VarBinds)
        {
            if (TryParse(oid, out int c, out var other) && index.Equals(other) && !_columns[c].IsRowStatus && _columns[c].Access == MibAccess.ReadCreate)
            {
                // Type and value were checked by that varbind's own test.
                values[c] = value;
            }
        }

        bool complete = true;
        for (int c = 0; c < _columns.Length; c++)
        {
            if (_columns[c].IsRowStatus)
            {
                continue;
            }

            complete &= values[c] is not null || _columns[c].Access is MibAccess.NotAccessible or MibAccess.ReadOnly;
        }

        if (requested == RowStatus.CreateAndGo && !complete)
        {
            // RFC 2579: createAndGo of a row that would not be ready is inconsistentValue.
            return SetPreparation.Fail(ErrorStatus.InconsistentValue);
        }

        values[Array.IndexOf(_columns, _rowStatus)] = new Integer32((int)(requested == RowStatus.CreateAndGo ? RowStatus.Active : complete ? RowStatus.NotInService : RowStatus.NotReady));
        return SetPreparation.Ready(
            () =>
            {
                lock (_lock)
                {
                    if (_rows.ContainsKey(index))
                    {
                        throw new InvalidOperationException($"row {index} was created by someone else meanwhile");
                    }

                    Insert(index, values);
                }
            },
            () =>
            {
                lock (_lock)
                {
                    Remove(index);
                }
            });
    }

    private SetPreparation SetCell(ObjectIdentifier index, int column, SnmpValue value)
    {
        SnmpValue? previous = null;
        return SetPreparation.Ready(
            () =>
            {
                lock (_lock)
                {
                    var row = _rows.TryGetValue(index, out var r) ? r : throw new InvalidOperationException($"row {index} disappeared before commit");
                    previous = row[column];
                    row[column] = value;
                }
            },
            () =>
            {
                lock (_lock)
                {
                    if (_rows.TryGetValue(index, out var row))
                    {
                        row[column] = previous;
                    }
                }
            });
    }

    private RowStatus? CreationIn(SetTransaction transaction, ObjectIdentifier index)
    {
        if (_rowStatus is null)
        {
            return null;
        }

        var name = Oid.Append(_rowStatus.Id).Append(index);
        foreach (var (oid, value) in transaction.VarBinds)
        {
            if (oid.Equals(name) && value is Integer32 status)
            {
                return (RowStatus)status.Value;
            }
        }

        return null;
    }

    private bool TryParse(ObjectIdentifier name, out int column, out ObjectIdentifier? index)
    {
        column = -1;
        index = null;
        if (!name.StartsWith(Oid) || name.Length <= Oid.Length)
        {
            return false;
        }

        column = ColumnPosition(name[Oid.Length]);
        if (column < 0)
        {
            return false;
        }

        if (name.Length > Oid.Length + 1)
        {
            index = new ObjectIdentifier(name.SubIdentifiers[(Oid.Length + 1)..]);
        }

        return true;
    }

    private int ColumnPosition(uint id) => Array.FindIndex(_columns, c => c.Id == id);

    private int FirstAfter(ObjectIdentifier after)
    {
        int position = _order.BinarySearch(after);
        return position >= 0 ? position + 1 : ~position;
    }

    private void Insert(ObjectIdentifier index, SnmpValue?[] values)
    {
        if (_rows.TryAdd(index, values))
        {
            int position = _order.BinarySearch(index);
            _order.Insert(~position, index);
        }
        else
        {
            _rows[index] = values;
        }
    }

    private SnmpValue?[]? Remove(ObjectIdentifier index)
    {
        if (!_rows.Remove(index, out var row))
        {
            return null;
        }

        _order.RemoveAt(_order.BinarySearch(index));
        return row;
    }
}
