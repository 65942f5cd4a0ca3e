using Snmp.Smi;

namespace Snmp.Mib;

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
