using System.Collections;

namespace Snmp;

/// <summary>
/// An immutable, ordered list of variable bindings (RFC 3416 section 3, VarBindList; at most
/// 2147483647 entries, in practice bounded by the message size).
/// </summary>
public sealed class VarBindList : IReadOnlyList<VarBind>, IEquatable<VarBindList>
{
    private readonly VarBind[] _items;

    /// <summary>Creates a list holding a copy of <paramref name="varBinds"/>.</summary>
    /// <exception cref="ArgumentException">An entry is <c>default(VarBind)</c>.</exception>
    public VarBindList(IEnumerable<VarBind> varBinds)
        : this(CheckNamed((varBinds ?? throw new ArgumentNullException(nameof(varBinds))).ToArray()), owned_: true)
    {
    }

    /// <summary>Creates a list holding a copy of <paramref name="varBinds"/>.</summary>
    /// <exception cref="ArgumentException">An entry is <c>default(VarBind)</c>.</exception>
    public VarBindList(params ReadOnlySpan<VarBind> varBinds)
        : this(CheckNamed(varBinds.ToArray()), owned_: true)
    {
    }

    private VarBindList(VarBind[] owned, bool owned_) => _items = owned;

    private static VarBind[] CheckNamed(VarBind[] items)
    {
        foreach (var vb in items)
        {
            if (vb.Oid is null)
            {
                throw new ArgumentException("A VarBind in the list has no name (default(VarBind)).", "varBinds");
            }
        }

        return items;
    }

    /// <summary>The empty list.</summary>
    public static VarBindList Empty { get; } = new([], owned_: true);

    // Takes ownership of an array the caller never touches again (decoder path).
    internal static VarBindList FromOwnedArray(VarBind[] owned) => owned.Length == 0 ? Empty : new VarBindList(owned, owned_: true);

    /// <summary>A list of NULL-valued varbinds, one per OID, as Get, GetNext and GetBulk requests carry.</summary>
    public static VarBindList ForRequest(params ReadOnlySpan<ObjectIdentifier> oids)
    {
        var items = new VarBind[oids.Length];
        for (int i = 0; i < oids.Length; i++)
        {
            items[i] = new VarBind(oids[i]);
        }

        return FromOwnedArray(items);
    }

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public VarBind this[int index] => _items[index];

    /// <summary>The varbinds as a span.</summary>
    public ReadOnlySpan<VarBind> AsSpan() => _items;

    /// <summary>The value bound to <paramref name="oid"/>, or null when the list does not name it.</summary>
    public SnmpValue? Find(ObjectIdentifier oid)
    {
        foreach (var vb in _items)
        {
            if (vb.Oid.Equals(oid))
            {
                return vb.Value;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public IEnumerator<VarBind> GetEnumerator() => ((IEnumerable<VarBind>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(VarBindList? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as VarBindList);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var vb in _items)
        {
            hash.Add(vb);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(Environment.NewLine, _items);
}
