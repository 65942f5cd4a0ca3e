
namespace Snmp;

/// <summary>
/// The managed objects of one context, in lexicographic order of their registration OIDs: Get
/// finds the object whose subtree holds a name, GetNext walks across objects (RFC 3416 4.2.2).
/// Registrations may not overlap. Registering and unregistering are safe while the agent serves
/// requests (readers see an immutable snapshot).
/// </summary>
public sealed class MibTree
{
    private readonly Lock _lock = new();
    private volatile ManagedObject[] _objects = [];

    /// <summary>The registered objects in OID order.</summary>
    public IReadOnlyList<ManagedObject> Objects => _objects;

    /// <summary>Registers <paramref name="managedObject"/>.</summary>
    /// <exception cref="ArgumentException">Its subtree overlaps one already registered.</exception>
    public T Register<T>(T managedObject)
        where T : ManagedObject
    {
        ArgumentNullException.ThrowIfNull(managedObject);
        lock (_lock)
        {
            foreach (var existing in _objects)
            {
                if (existing.Oid.StartsWith(managedObject.Oid) || managedObject.Oid.StartsWith(existing.Oid))
                {
                    throw new ArgumentException($"{managedObject.Oid} overlaps the registered subtree {existing.Oid}.", nameof(managedObject));
                }
            }

            _objects = [.. _objects.Append(managedObject).OrderBy(o => o.Oid)];
        }

        return managedObject;
    }

    /// <summary>Removes a registration; false if it was not registered.</summary>
    public bool Unregister(ManagedObject managedObject)
    {
        lock (_lock)
        {
            var remaining = _objects.Where(o => !ReferenceEquals(o, managedObject)).ToArray();
            bool removed = remaining.Length != _objects.Length;
            _objects = remaining;
            return removed;
        }
    }

    /// <summary>Registers a read-only scalar holding <paramref name="value"/> (see <see cref="MibScalar"/>).</summary>
    public MibScalar AddScalar(ObjectIdentifier oid, SnmpValue value) => AddScalar(oid, value, writable: false);

    /// <summary>Registers a scalar holding <paramref name="value"/>, writable by Set when <paramref name="writable"/> (see <see cref="MibScalar"/>).</summary>
    public MibScalar AddScalar(ObjectIdentifier oid, SnmpValue value, bool writable) => Register(new MibScalar(oid, value, writable));

    /// <summary>Registers a read-only scalar computed by <paramref name="get"/> on each request.</summary>
    public MibScalar AddScalar(ObjectIdentifier oid, SnmpType type, Func<SnmpValue> get) => Register(MibScalar.FromCallback(oid, type, get));

    /// <summary>Registers an empty table (see <see cref="MibTable"/>).</summary>
    public MibTable AddTable(ObjectIdentifier entryOid, params MibColumn[] columns) => Register(new MibTable(entryOid, columns));

    /// <summary>
    /// Resolves the names given to this tree's text overloads (<c>"SNMPv2-MIB::sysContact.0"</c>,
    /// <c>"IF-MIB::ifTable"</c>): the Agent sets it from its options' <c>Mibs</c>. Dotted text never
    /// reaches it. When it is an <see cref="IObjectTypeResolver"/> (a compiled MIB), what is
    /// registered by name is checked against the object's definition, and a table's columns can
    /// be taken from it.
    /// </summary>
    public IObjectNameResolver? Mibs { get; set; }

    /// <summary>
    /// Registers a read-only scalar holding <paramref name="value"/>, the object given as dotted
    /// text (its OID, without the ".0") or a name resolved through <see cref="Mibs"/>; see
    /// <see cref="AddScalar(string, SnmpValue, bool)"/>.
    /// </summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="Mibs"/>, or one they do not know.</exception>
    /// <exception cref="ArgumentException">The MIB defines the name otherwise (not a scalar, another syntax), or it overlaps a registration.</exception>
    public MibScalar AddScalar(string name, SnmpValue value) => AddScalar(name, value, writable: false);

    /// <summary>
    /// Registers a scalar holding <paramref name="value"/>, writable by Set when
    /// <paramref name="writable"/>. Dotted text is the object's OID (its instance is OID.0), as in
    /// <see cref="AddScalar(ObjectIdentifier, SnmpValue, bool)"/>. A name is resolved through
    /// <see cref="Mibs"/>; when they describe it (an <see cref="IObjectTypeResolver"/>) the object
    /// or its instance may be named (<c>"sysContact"</c> or <c>"sysContact.0"</c>), and it must be
    /// a scalar whose SYNTAX is the value's type and whose MAX-ACCESS allows a writable
    /// registration.
    /// </summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="Mibs"/>, or one they do not know.</exception>
    /// <exception cref="ArgumentException">The MIB defines the name otherwise (not a scalar, another syntax, read-only), or it overlaps a registration.</exception>
    public MibScalar AddScalar(string name, SnmpValue value, bool writable)
    {
        ArgumentNullException.ThrowIfNull(value);
        var oid = ScalarOid(name, value.Type, writable);
        return AddScalar(oid, value, writable);
    }

    /// <summary>Registers a read-only scalar computed by <paramref name="get"/>, given as dotted text or a name; see <see cref="AddScalar(string, SnmpValue, bool)"/>.</summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="Mibs"/>, or one they do not know.</exception>
    /// <exception cref="ArgumentException">The MIB defines the name otherwise, or it overlaps a registration.</exception>
    public MibScalar AddScalar(string name, SnmpType type, Func<SnmpValue> get) => AddScalar(ScalarOid(name, type, writable: false), type, get);

    /// <summary>
    /// Registers a table given as dotted text (its entry, as in
    /// <see cref="AddTable(ObjectIdentifier, MibColumn[])"/>) or a name resolved through
    /// <see cref="Mibs"/>. When the MIB describes the name (an <see cref="IObjectTypeResolver"/>),
    /// the table (<c>"IF-MIB::ifTable"</c>) or its entry (<c>"ifEntry"</c>) may be named; given
    /// <paramref name="columns"/> must be columns the entry defines, of its SYNTAX, and no more
    /// writable than its MAX-ACCESS; with no columns given they are the MIB's: each column's id,
    /// wire type and access (not-accessible index columns included, a read-create RowStatus
    /// column as the row's RowStatus). A name the resolver does not describe must be the entry.
    /// </summary>
    /// <exception cref="SnmpUnknownNameException">A name with no <see cref="Mibs"/>, or one they do not know.</exception>
    /// <exception cref="ArgumentException">
    /// The MIB defines the name otherwise (not a table or row, a column it does not define or of
    /// another syntax or access), no columns given nor known, or it overlaps a registration.
    /// </exception>
    public MibTable AddTable(string name, params MibColumn[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (IsDotted(name))
        {
            return AddTable(new ObjectIdentifier(name), columns);
        }

        var oid = ResolveName(name);
        var definition = (Mibs as IObjectTypeResolver)?.FindObjectType(oid);
        if (definition is null)
        {
            return AddTable(oid, columns);
        }

        if (definition.Kind is not (ObjectTypeKind.Table or ObjectTypeKind.Row))
        {
            throw new ArgumentException($"'{name}' is {definition.Name}, a {definition.Kind.ToString().ToLowerInvariant()}, not a table or its entry.", nameof(name));
        }

        // RFC 2578 7.10: a table's conceptual row is the table's OID with one more sub-identifier, 1.
        var entry = definition.Kind == ObjectTypeKind.Row ? oid : oid.Append(1);
        return AddTable(entry, columns.Length == 0 ? DeriveColumns(definition) : CheckColumns(definition, columns));
    }

    private ObjectIdentifier ScalarOid(string name, SnmpType type, bool writable)
    {
        if (IsDotted(name))
        {
            return new ObjectIdentifier(name);
        }

        var oid = ResolveName(name);
        if (Mibs is not IObjectTypeResolver types)
        {
            return oid;
        }

        var definition = types.FindObjectType(oid);
        if (definition is null && oid.Length > 1 && oid[^1] == 0 && types.FindObjectType(new ObjectIdentifier(oid.SubIdentifiers[..^1])) is { Kind: ObjectTypeKind.Scalar } scalar)
        {
            definition = scalar; // the instance named: "sysContact.0"
        }

        if (definition is null)
        {
            for (int length = oid.Length - 1; length > 0; length--)
            {
                if (types.FindObjectType(new ObjectIdentifier(oid.SubIdentifiers[..length])) is { } owner)
                {
                    throw new ArgumentException($"'{name}' is an instance of {owner.Name}, a {owner.Kind.ToString().ToLowerInvariant()}, not a scalar.", nameof(name));
                }
            }

            return oid; // under no OBJECT-TYPE (an enterprise arc and a number): taken as dotted text would be
        }

        if (definition.Kind != ObjectTypeKind.Scalar)
        {
            throw new ArgumentException($"'{name}' is {definition.Name}, a {definition.Kind.ToString().ToLowerInvariant()}, not a scalar.", nameof(name));
        }

        if (definition.Syntax is { } syntax && syntax != type)
        {
            throw new ArgumentException($"{definition.Name} is {syntax} in its MIB, not {type}.", nameof(name));
        }

        if (writable && definition.MaxAccess is not ("read-write" or "read-create" or "write-only"))
        {
            throw new ArgumentException($"{definition.Name} is {definition.MaxAccess ?? "not writable"} in its MIB; it cannot be registered writable.", nameof(name));
        }

        return definition.Oid;
    }

    private static MibColumn[] DeriveColumns(ObjectTypeDefinition table)
    {
        if (table.Columns.Count == 0)
        {
            throw new ArgumentException($"{table.Name} has no columns in its MIB; give them.", nameof(table));
        }

        var columns = new MibColumn[table.Columns.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            var column = table.Columns[i];
            var type = column.Syntax ?? throw new ArgumentException($"The syntax of {column.Name} is unknown; give the columns.", nameof(table));
            var access = Access(column.MaxAccess);
            columns[i] = column.SyntaxName == "RowStatus" && access == MibAccess.ReadCreate && type == SnmpType.Integer32
                ? MibColumn.RowStatus(column.Oid[^1])
                : new MibColumn(column.Oid[^1], type, access);
        }

        return columns;
    }

    private static MibColumn[] CheckColumns(ObjectTypeDefinition table, MibColumn[] columns)
    {
        foreach (var column in columns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
            var defined = table.Columns.FirstOrDefault(c => c.Oid[^1] == column.Id)
                ?? throw new ArgumentException($"{table.Name} defines no column {column.Id}.", nameof(columns));
            if (defined.Syntax is { } syntax && syntax != column.Type)
            {
                throw new ArgumentException($"{defined.Name} is {syntax} in its MIB, not {column.Type}.", nameof(columns));
            }

            if (column.Access > Access(defined.MaxAccess) && column.Access != MibAccess.NotAccessible)
            {
                throw new ArgumentException($"{defined.Name} is {defined.MaxAccess} in its MIB, not {column.Access}.", nameof(columns));
            }
        }

        return columns;
    }

    private static MibAccess Access(string? maxAccess) => maxAccess switch
    {
        "read-only" => MibAccess.ReadOnly,
        "read-write" or "write-only" => MibAccess.ReadWrite,
        "read-create" => MibAccess.ReadCreate,
        _ => MibAccess.NotAccessible, // not-accessible, accessible-for-notify: never served by Get
    };

    private static bool IsDotted(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length > 0 && (char.IsAsciiDigit(name[0]) || name[0] == '.');
    }

    private ObjectIdentifier ResolveName(string name) =>
        Mibs is { } mibs && mibs.TryResolve(name, out var oid) && oid is not null ? oid : throw new SnmpUnknownNameException(name, Mibs is not null);

    /// <summary>The object whose subtree contains <paramref name="name"/>, or null.</summary>
    public ManagedObject? Find(ObjectIdentifier name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var objects = _objects;
        int position = Position(objects, name);
        return position >= 0 && name.StartsWith(objects[position].Oid) ? objects[position] : null;
    }

    /// <summary>The value of <paramref name="name"/>: noSuchObject where nothing is registered (RFC 3416 4.2.1).</summary>
    public ValueTask<SnmpValue> GetAsync(ObjectIdentifier name, CancellationToken cancellationToken = default) =>
        Find(name) is { } managedObject ? managedObject.GetAsync(name, cancellationToken) : ValueTask.FromResult<SnmpValue>(NoSuchObject.Instance);

    /// <summary>The first instance after <paramref name="name"/> across every registration, or null at the end of the MIB view.</summary>
    public async ValueTask<VarBind?> GetNextAsync(ObjectIdentifier name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var objects = _objects;
        int position = Position(objects, name);
        // The object at position holds name or lies before it; it may still have instances after name.
        for (int i = Math.Max(position, 0); i < objects.Length; i++)
        {
            if (i == position && !name.StartsWith(objects[i].Oid))
            {
                continue;
            }

            if (await objects[i].GetNextAsync(name, cancellationToken).ConfigureAwait(false) is { } next)
            {
                return next;
            }
        }

        return null;
    }

    /// <summary>
    /// The first instance of the registrations after <paramref name="registration"/>, or null:
    /// how a walk jumps over a whole registered subtree it may not see.
    /// </summary>
    public async ValueTask<VarBind?> GetFirstAfterAsync(ManagedObject registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var objects = _objects;
        for (int i = Array.IndexOf(objects, registration) + 1; i > 0 && i < objects.Length; i++)
        {
            // The GetNext of a registration's root is its first instance.
            if (await objects[i].GetNextAsync(objects[i].Oid, cancellationToken).ConfigureAwait(false) is { } first)
            {
                return first;
            }
        }

        return null;
    }

    private static int Position(ManagedObject[] objects, ObjectIdentifier name)
    {
        // The last object whose OID is <= name, or -1.
        int low = 0, high = objects.Length - 1, found = -1;
        while (low <= high)
        {
            int middle = (low + high) / 2;
            if (objects[middle].Oid <= name)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }
}
