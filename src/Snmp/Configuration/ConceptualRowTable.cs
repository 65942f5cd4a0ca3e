using Snmp.Pdus;

namespace Snmp.Configuration;

/// <summary>The two columns RFC 2579 gives every configuration row: its status and how it is kept.</summary>
internal interface IConceptualRow
{
    /// <summary>The row's RowStatus: active, notInService or notReady (the others are only written).</summary>
    RowStatus Status { get; set; }

    /// <summary>The row's StorageType.</summary>
    StorageType StorageType { get; set; }
}

/// <summary>A column of a <see cref="ConceptualRowTable{TRow}"/>: its sub-identifier, syntax and MAX-ACCESS.</summary>
internal sealed record RowColumn(uint Id, SnmpType Type, MibAccess Access)
{
    /// <summary>The row's RowStatus column.</summary>
    public bool IsRowStatus { get; init; }

    /// <summary>The row's StorageType column (RFC 2579's transition rules applied by the table).</summary>
    public bool IsStorageType { get; init; }
}

/// <summary>
/// A configuration table of RFC 3413-3415 or 3584 served from the live table it describes (the
/// usmUserTable USM authenticates with, VACM's tables, ...): every read loads the row from there,
/// and a Set edits a copy of each row it names (a draft) and stores the draft back on commit. The
/// RowStatus state table of RFC 2579 (createAndGo, createAndWait, active, notInService, destroy,
/// the rows that are not ready) and the StorageType rules (permanent and readOnly rows are never
/// deleted, readOnly never written, no Set makes a row permanent) are applied here, once, for
/// every table; a subclass says how its index reads, how each column reads and is written, and
/// when a row is ready. Every varbind of a Set naming one row is tested together (a row created
/// with its columns in one request), and an error is reported at the varbind that caused it.
/// </summary>
internal abstract class ConceptualRowTable<TRow> : ManagedObject
    where TRow : class, IConceptualRow
{
    private readonly RowColumn[] _columns;

    protected ConceptualRowTable(ObjectIdentifier entryOid, params RowColumn[] columns)
        : base(entryOid)
    {
        _columns = [.. columns.OrderBy(c => c.Id)];
        if (_columns.Count(c => c.IsRowStatus) != 1)
        {
            throw new ArgumentException("A configuration table has one RowStatus column.", nameof(columns));
        }
    }

    /// <summary>Called after every change a Set commits or undoes (the agent saves its nonVolatile rows).</summary>
    public Action? Changed { get; set; }

    /// <summary>The index of every row, any status, in any order.</summary>
    protected abstract IEnumerable<ObjectIdentifier> Indexes();

    /// <summary>A fresh, editable copy of the row at <paramref name="index"/>, or null.</summary>
    protected abstract TRow? Load(ObjectIdentifier index);

    /// <summary>A new row at <paramref name="index"/> with the columns' DEFVALs, or null when the index is not one this table can have (noCreation).</summary>
    protected abstract TRow? Create(ObjectIdentifier index, SetTransaction transaction);

    /// <summary>The value of a readable column of <paramref name="row"/>.</summary>
    protected abstract SnmpValue? Read(ObjectIdentifier index, TRow row, uint column);

    /// <summary>
    /// Writes <paramref name="value"/> (of the column's type) into the draft; the error-status
    /// that refuses it otherwise. <paramref name="creating"/>: the row is being created by this Set.
    /// </summary>
    protected abstract ErrorStatus Write(ObjectIdentifier index, TRow row, uint column, SnmpValue value, bool creating, SetTransaction transaction);

    /// <summary>Whether the row has every value it needs to become active (RFC 2579 notReady otherwise).</summary>
    protected abstract bool IsReady(TRow row);

    /// <summary>Stores the draft in the live table (null removes the row); called on commit, and with the previous row on undo.</summary>
    protected abstract void Store(ObjectIdentifier index, TRow? row);

    /// <summary>
    /// A last check of a finished draft against the rest of the configuration (a row about to be
    /// active whose references must resolve, say): NoError, or the error and the column to report it at.
    /// </summary>
    protected virtual (ErrorStatus Error, uint Column) Check(ObjectIdentifier index, TRow? before, TRow? after) => (ErrorStatus.NoError, 0);

    /// <inheritdoc />
    public override ValueTask<SnmpValue> GetAsync(ObjectIdentifier name, CancellationToken cancellationToken)
    {
        if (!TryParse(name, out var column, out var index) || column.Access == MibAccess.NotAccessible)
        {
            return ValueTask.FromResult<SnmpValue>(NoSuchObject.Instance);
        }

        var row = index is null ? null : Load(index);
        return ValueTask.FromResult<SnmpValue>(row is not null && Cell(index!, row, column) is { } value ? value : NoSuchInstance.Instance);
    }

    /// <inheritdoc />
    public override ValueTask<VarBind?> GetNextAsync(ObjectIdentifier name, CancellationToken cancellationToken)
    {
        var indexes = Indexes().ToList();
        indexes.Sort();
        foreach (var column in _columns)
        {
            if (column.Access == MibAccess.NotAccessible)
            {
                continue;
            }

            var columnOid = Oid.Append(column.Id);
            foreach (var index in indexes)
            {
                var instance = columnOid.Append(index);
                if (instance <= name)
                {
                    continue;
                }

                if (Load(index) is { } row && Cell(index, row, column) is { } value)
                {
                    return ValueTask.FromResult<VarBind?>(new VarBind(instance, value));
                }
            }
        }

        return ValueTask.FromResult<VarBind?>(null);
    }

    /// <inheritdoc />
    public override ValueTask<SetPreparation> PrepareSetAsync(ObjectIdentifier name, SnmpValue value, SetTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(transaction);
        if (!transaction.Items.TryGetValue(this, out var prepared))
        {
            prepared = PrepareAll(transaction);
            transaction.Items[this] = prepared;
        }

        var outcomes = (Dictionary<ObjectIdentifier, SetPreparation>)prepared;
        return ValueTask.FromResult(outcomes.TryGetValue(name, out var outcome) ? outcome : SetPreparation.Fail(ErrorStatus.NoCreation));
    }

    private SnmpValue? Cell(ObjectIdentifier index, TRow row, RowColumn column) =>
        column.IsRowStatus ? new Integer32((int)row.Status)
        : column.IsStorageType ? new Integer32((int)row.StorageType)
        : Read(index, row, column.Id);

    /// <summary>Tests every varbind of the Set that names this table, row by row; the outcome of each varbind by name.</summary>
    private Dictionary<ObjectIdentifier, SetPreparation> PrepareAll(SetTransaction transaction)
    {
        var outcomes = new Dictionary<ObjectIdentifier, SetPreparation>();
        var rows = new Dictionary<ObjectIdentifier, List<(ObjectIdentifier Name, RowColumn Column, SnmpValue Value)>>();
        foreach (var (name, value) in transaction.VarBinds)
        {
            if (!name.StartsWith(Oid) || outcomes.ContainsKey(name))
            {
                continue;
            }

            if (!TryParse(name, out var column, out var index) || index is null)
            {
                outcomes[name] = SetPreparation.Fail(ErrorStatus.NoCreation);
                continue;
            }

            outcomes[name] = Ready;
            if (!rows.TryGetValue(index, out var writes))
            {
                rows[index] = writes = [];
            }

            writes.Add((name, column, value));
        }

        foreach (var (index, writes) in rows)
        {
            var (error, at, commit, undo) = PrepareRow(index, writes, transaction);
            if (error != ErrorStatus.NoError)
            {
                outcomes[at!] = SetPreparation.Fail(error);
            }
            else if (commit is not null)
            {
                outcomes[writes[0].Name] = SetPreparation.Ready(commit, undo!);
            }
        }

        return outcomes;
    }

    private static readonly SetPreparation Ready = SetPreparation.Ready(static () => { }, static () => { });

    /// <summary>RFC 2579's state table for one row and the writes a Set makes to it.</summary>
    private (ErrorStatus Error, ObjectIdentifier? At, Action? Commit, Action? Undo) PrepareRow(ObjectIdentifier index,
        List<(ObjectIdentifier Name, RowColumn Column, SnmpValue Value)> writes, SetTransaction transaction)
    {
        // Types and MAX-ACCESS first: they do not depend on the row.
        foreach (var (name, column, value) in writes)
        {
            if (column.Access == MibAccess.NotAccessible)
            {
                return (ErrorStatus.NoAccess, name, null, null);
            }

            if (value.Type != column.Type)
            {
                return (ErrorStatus.WrongType, name, null, null);
            }
        }

        var before = Load(index);
        var statusWrite = writes.FirstOrDefault(w => w.Column.IsRowStatus);
        RowStatus? requested = statusWrite.Name is null ? null : (RowStatus)((Integer32)statusWrite.Value).Value;
        foreach (var (name, column, _) in writes)
        {
            if (column.Access == MibAccess.ReadOnly)
            {
                return (before is null ? ErrorStatus.NoCreation : ErrorStatus.NotWritable, name, null, null);
            }

            if (before is { StorageType: StorageType.ReadOnly })
            {
                // RFC 2579 StorageType: a readOnly row can be neither written nor deleted.
                return (ErrorStatus.NotWritable, name, null, null);
            }
        }

        if (requested is not (null or RowStatus.Active or RowStatus.NotInService or RowStatus.CreateAndGo or RowStatus.CreateAndWait or RowStatus.Destroy))
        {
            // notReady is only ever read; anything else is no RowStatus.
            return (ErrorStatus.WrongValue, statusWrite.Name, null, null);
        }

        if (requested == RowStatus.Destroy)
        {
            if (before is null)
            {
                return (ErrorStatus.NoError, null, null, null); // destroying a row that does not exist does nothing
            }

            if (before.StorageType == StorageType.Permanent)
            {
                return (ErrorStatus.InconsistentValue, statusWrite.Name, null, null);
            }

            var destroyCheck = Check(index, before, null);
            if (destroyCheck.Error != ErrorStatus.NoError)
            {
                return (destroyCheck.Error, statusWrite.Name, null, null);
            }

            return (ErrorStatus.NoError, null, () => StoreAndTell(index, null), () => StoreAndTell(index, before));
        }

        bool creating = requested is RowStatus.CreateAndGo or RowStatus.CreateAndWait;
        TRow row;
        if (creating)
        {
            if (before is not null)
            {
                return (ErrorStatus.InconsistentValue, statusWrite.Name, null, null);
            }

            var created = Create(index, transaction);
            if (created is null)
            {
                return (ErrorStatus.NoCreation, statusWrite.Name, null, null);
            }

            row = created;
            row.Status = RowStatus.NotReady;
        }
        else if (before is null)
        {
            // A row that does not exist is made only through its RowStatus (RFC 2579 note 5).
            return (requested is null ? ErrorStatus.InconsistentName : ErrorStatus.InconsistentValue, requested is null ? writes[0].Name : statusWrite.Name, null, null);
        }
        else
        {
            row = Load(index)!;
        }

        foreach (var (name, column, value) in writes.OrderBy(w => w.Column.Id))
        {
            if (column.IsRowStatus)
            {
                continue;
            }

            var error = column.IsStorageType ? WriteStorageType(row, before, (Integer32)value) : Write(index, row, column.Id, value, creating, transaction);
            if (error != ErrorStatus.NoError)
            {
                return (error, name, null, null);
            }
        }

        bool ready = IsReady(row);
        switch (requested)
        {
            case RowStatus.CreateAndGo or RowStatus.Active when !ready:
                return (ErrorStatus.InconsistentValue, statusWrite.Name, null, null);
            case RowStatus.NotInService when !ready:
                return (ErrorStatus.InconsistentValue, statusWrite.Name, null, null);
            case RowStatus.CreateAndGo or RowStatus.Active:
                row.Status = RowStatus.Active;
                break;
            case RowStatus.NotInService:
                row.Status = RowStatus.NotInService;
                break;
            case RowStatus.CreateAndWait:
                row.Status = ready ? RowStatus.NotInService : RowStatus.NotReady;
                break;
            default:
                // Another column written: a row that was not ready may be now (RFC 2579 note 1).
                if (row.Status == RowStatus.NotReady && ready)
                {
                    row.Status = RowStatus.NotInService;
                }

                break;
        }

        var (checkError, checkColumn) = Check(index, before, row);
        if (checkError != ErrorStatus.NoError)
        {
            var at = writes.FirstOrDefault(w => w.Column.Id == checkColumn).Name ?? statusWrite.Name ?? writes[0].Name;
            return (checkError, at, null, null);
        }

        return (ErrorStatus.NoError, null, () => StoreAndTell(index, row), () => StoreAndTell(index, before));
    }

    private void StoreAndTell(ObjectIdentifier index, TRow? row)
    {
        Store(index, row);
        Changed?.Invoke();
    }

    private static ErrorStatus WriteStorageType(TRow row, TRow? before, Integer32 value)
    {
        if (value.Value is < 1 or > 5)
        {
            return ErrorStatus.WrongValue;
        }

        var requested = (StorageType)value.Value;
        if (before is { StorageType: StorageType.Permanent or StorageType.ReadOnly } && requested != before.StorageType)
        {
            return ErrorStatus.InconsistentValue; // RFC 2579: permanent and readOnly cannot be written
        }

        if (requested is StorageType.Permanent or StorageType.ReadOnly && before?.StorageType != requested)
        {
            return ErrorStatus.WrongValue; // nor can any row be made permanent or readOnly by a Set
        }

        row.StorageType = requested;
        return ErrorStatus.NoError;
    }

    private bool TryParse(ObjectIdentifier name, out RowColumn column, out ObjectIdentifier? index)
    {
        column = null!;
        index = null;
        if (!name.StartsWith(Oid) || name.Length <= Oid.Length)
        {
            return false;
        }

        uint id = name[Oid.Length];
        var found = Array.Find(_columns, c => c.Id == id);
        if (found is null)
        {
            return false;
        }

        column = found;
        if (name.Length > Oid.Length + 1)
        {
            index = new ObjectIdentifier(name.SubIdentifiers[(Oid.Length + 1)..]);
        }

        return true;
    }
}
