using System.Globalization;

namespace Snmp;

/// <summary>
/// An OBJECT IDENTIFIER (RFC 2578 section 7.1.3): at most 128 sub-identifiers, each 0 .. 2^32-1.
/// Immutable; equality is by value; ordering is the lexicographic order of RFC 3416 that
/// GetNext and walks follow (a prefix sorts before everything under it).
/// </summary>
public sealed class ObjectIdentifier : SnmpValue, IComparable<ObjectIdentifier>, IEquatable<ObjectIdentifier>
{
    /// <summary>The most sub-identifiers an SNMP OID may have (RFC 2578 section 3.5).</summary>
    public const int MaxSubIdentifiers = 128;

    private readonly uint[] _subIdentifiers;
    private int _hash;

    /// <summary>Creates an OID from its sub-identifiers.</summary>
    /// <exception cref="ArgumentException">More than 128 sub-identifiers.</exception>
    public ObjectIdentifier(params ReadOnlySpan<uint> subIdentifiers)
        : this(Validate(subIdentifiers).ToArray(), owned_: true)
    {
    }

    /// <summary>Parses dotted notation, with or without a leading dot: "1.3.6.1.2.1.1.1.0" or ".1.3.6.1".</summary>
    /// <exception cref="FormatException">Not a dotted OID, an arc beyond 2^32-1, or more than 128 sub-identifiers.</exception>
    public ObjectIdentifier(string dotted)
        : this(ParseSubIdentifiers(dotted), owned_: true)
    {
    }

    private ObjectIdentifier(uint[] owned, bool owned_) => _subIdentifiers = owned;

    // Takes ownership of an array the caller never touches again (decoder and Append paths).
    internal static ObjectIdentifier FromOwnedArray(uint[] owned) => new(owned, owned_: true);

    /// <summary>Parses dotted notation; see <see cref="ObjectIdentifier(string)"/>.</summary>
    public static ObjectIdentifier Parse(string dotted) => new(dotted);

    /// <summary>Parses dotted notation without throwing.</summary>
    public static bool TryParse(string? dotted, out ObjectIdentifier? result)
    {
        result = null;
        if (dotted is null || !TryParseSubIdentifiers(dotted, out var ids, out _))
        {
            return false;
        }

        result = new ObjectIdentifier(ids, owned_: true);
        return true;
    }

    /// <summary>Converts dotted notation to an OID; throws <see cref="FormatException"/> as <see cref="Parse"/> does.</summary>
    public static implicit operator ObjectIdentifier(string dotted) => new(dotted);

    /// <summary>The number of sub-identifiers.</summary>
    public int Length => _subIdentifiers.Length;

    /// <summary>The sub-identifier at <paramref name="index"/>.</summary>
    public uint this[int index] => _subIdentifiers[index];

    /// <summary>The sub-identifiers.</summary>
    public ReadOnlySpan<uint> SubIdentifiers => _subIdentifiers;

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.ObjectIdentifier;

    /// <summary>True when this OID equals <paramref name="other"/> or lies beneath it.</summary>
    public bool StartsWith(ObjectIdentifier other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _subIdentifiers.AsSpan().StartsWith(other._subIdentifiers);
    }

    /// <summary>True when <paramref name="other"/> lies strictly beneath this OID.</summary>
    public bool IsAncestorOf(ObjectIdentifier other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Length > Length && other.StartsWith(this);
    }

    /// <summary>A new OID with <paramref name="subIdentifiers"/> appended (an instance suffix, a column, an index).</summary>
    /// <exception cref="ArgumentException">The result would exceed 128 sub-identifiers.</exception>
    public ObjectIdentifier Append(params ReadOnlySpan<uint> subIdentifiers)
    {
        var result = new uint[Length + subIdentifiers.Length];
        _subIdentifiers.CopyTo(result, 0);
        subIdentifiers.CopyTo(result.AsSpan(Length));
        _ = Validate(result);
        return new ObjectIdentifier(result, owned_: true);
    }

    /// <summary>A new OID with the sub-identifiers of <paramref name="suffix"/> appended.</summary>
    public ObjectIdentifier Append(ObjectIdentifier suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        return Append(suffix.SubIdentifiers);
    }

    /// <summary>
    /// This OID (an entry or column OID) followed by the encoding of <paramref name="index"/>,
    /// the components of the row's INDEX clause in order (RFC 2578 section 7.7).
    /// </summary>
    /// <exception cref="ArgumentException">An IMPLIED component is not the last one, or the result would exceed 128 sub-identifiers.</exception>
    public ObjectIdentifier AppendIndex(params ReadOnlySpan<IndexValue> index)
    {
        var ids = new List<uint>(Length + index.Length * 4);
        ids.AddRange(_subIdentifiers);
        for (int i = 0; i < index.Length; i++)
        {
            if (index[i].IsImplied && i != index.Length - 1)
            {
                throw new ArgumentException("Only the last index component may be IMPLIED (RFC 2578 section 7.7).", nameof(index));
            }

            index[i].AppendTo(ids);
        }

        if (ids.Count > MaxSubIdentifiers)
        {
            throw new ArgumentException($"The instance OID would have {ids.Count} sub-identifiers; SNMP allows at most {MaxSubIdentifiers}.", nameof(index));
        }

        return new ObjectIdentifier([.. ids], owned_: true);
    }

    /// <summary>
    /// A reader over the index sub-identifiers that follow <paramref name="prefix"/> (the entry
    /// or column OID) in this instance OID.
    /// </summary>
    /// <exception cref="SnmpIndexException">This OID does not start with <paramref name="prefix"/>.</exception>
    public IndexReader ExtractIndex(ObjectIdentifier prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!StartsWith(prefix))
        {
            throw new SnmpIndexException($"{this} is not under {prefix}", 0);
        }

        return new IndexReader(_subIdentifiers.AsSpan(prefix.Length));
    }

    /// <summary>The sub-identifiers after <paramref name="prefix"/> (for example a table row's index).</summary>
    /// <exception cref="ArgumentException">This OID does not start with <paramref name="prefix"/>.</exception>
    public ReadOnlySpan<uint> GetSuffix(ObjectIdentifier prefix)
    {
        if (!StartsWith(prefix))
        {
            throw new ArgumentException($"{this} does not start with {prefix}.", nameof(prefix));
        }

        return _subIdentifiers.AsSpan(prefix.Length);
    }

    /// <summary>
    /// The lexicographic order of RFC 3416 (sub-identifier by sub-identifier, unsigned; a prefix
    /// first). Null sorts before every OID.
    /// </summary>
    public int CompareTo(ObjectIdentifier? other) =>
        other is null ? 1 : _subIdentifiers.AsSpan().SequenceCompareTo(other._subIdentifiers);

    /// <inheritdoc />
    public bool Equals(ObjectIdentifier? other) =>
        other is not null && (ReferenceEquals(this, other) || _subIdentifiers.AsSpan().SequenceEqual(other._subIdentifiers));

    /// <inheritdoc />
    public override bool Equals(SnmpValue? other) => Equals(other as ObjectIdentifier);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var hash = new HashCode();
            foreach (var id in _subIdentifiers)
            {
                hash.Add(id);
            }

            // Zero marks "not computed yet"; the race on this benign cache is harmless.
            _hash = hash.ToHashCode() | 1;
        }

        return _hash;
    }

    /// <summary>Dotted notation without a leading dot, as "1.3.6.1.2.1.1.1.0".</summary>
    public override string ToString()
    {
        // One allocation, the string itself: its length counted first, each arc formatted in place
        // (a walk's output formats one OID per line).
        int length = Math.Max(0, _subIdentifiers.Length - 1);
        foreach (var arc in _subIdentifiers)
        {
            length += DigitCount(arc);
        }

        return string.Create(length, _subIdentifiers, static (destination, arcs) =>
        {
            int position = 0;
            for (int i = 0; i < arcs.Length; i++)
            {
                if (i > 0)
                {
                    destination[position++] = '.';
                }

                arcs[i].TryFormat(destination[position..], out int written, default, CultureInfo.InvariantCulture);
                position += written;
            }
        });
    }

    private static int DigitCount(uint value)
    {
        int digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    /// <summary>True when <paramref name="left"/> precedes <paramref name="right"/> in lexicographic order (<see cref="CompareTo"/>; null first).</summary>
    public static bool operator <(ObjectIdentifier? left, ObjectIdentifier? right) => Compare(left, right) < 0;

    /// <summary>True when <paramref name="left"/> follows <paramref name="right"/> in lexicographic order (<see cref="CompareTo"/>; null first).</summary>
    public static bool operator >(ObjectIdentifier? left, ObjectIdentifier? right) => Compare(left, right) > 0;

    /// <summary>True when <paramref name="left"/> precedes or equals <paramref name="right"/> in lexicographic order (<see cref="CompareTo"/>; null first).</summary>
    public static bool operator <=(ObjectIdentifier? left, ObjectIdentifier? right) => Compare(left, right) <= 0;

    /// <summary>True when <paramref name="left"/> follows or equals <paramref name="right"/> in lexicographic order (<see cref="CompareTo"/>; null first).</summary>
    public static bool operator >=(ObjectIdentifier? left, ObjectIdentifier? right) => Compare(left, right) >= 0;

    private static int Compare(ObjectIdentifier? left, ObjectIdentifier? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private static ReadOnlySpan<uint> Validate(ReadOnlySpan<uint> subIdentifiers)
    {
        if (subIdentifiers.Length > MaxSubIdentifiers)
        {
            throw new ArgumentException(
                $"An OBJECT IDENTIFIER has at most {MaxSubIdentifiers} sub-identifiers, not {subIdentifiers.Length} (RFC 2578 section 3.5).",
                nameof(subIdentifiers));
        }

        return subIdentifiers;
    }

    private static uint[] ParseSubIdentifiers(string dotted)
    {
        ArgumentNullException.ThrowIfNull(dotted);
        if (TryParseSubIdentifiers(dotted, out var ids, out var error))
        {
            return ids;
        }

        // A MIB name that reached the dotted parser (through the implicit conversion, say): say where names are read.
        throw new FormatException(dotted.Length > 0 && char.IsAsciiLetter(dotted[0])
            ? error + " A MIB name is resolved by the Engine's, Agent's or Manager's Resolve (or their string overloads) with Mibs set."
            : error);
    }

    private static bool TryParseSubIdentifiers(string dotted, out uint[] ids, out string error)
    {
        ids = [];
        var text = dotted.AsSpan().Trim();
        if (text.StartsWith("."))
        {
            text = text[1..];
        }

        if (text.IsEmpty)
        {
            error = $"'{dotted}' is not an OBJECT IDENTIFIER: it has no sub-identifiers.";
            return false;
        }

        Span<uint> buffer = stackalloc uint[MaxSubIdentifiers];
        int count = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (count == MaxSubIdentifiers)
            {
                error = $"'{dotted}' has more than {MaxSubIdentifiers} sub-identifiers (RFC 2578 section 3.5).";
                return false;
            }

            if (part.IsEmpty || !IsAllDigits(part))
            {
                error = $"'{dotted}' is not an OBJECT IDENTIFIER: sub-identifier {count + 1} ('{part}') is not a decimal number.";
                return false;
            }

            if (!uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                error = $"'{dotted}' is not an OBJECT IDENTIFIER: sub-identifier {count + 1} ('{part}') exceeds 4294967295.";
                return false;
            }

            buffer[count++] = value;
        }

        ids = buffer[..count].ToArray();
        error = string.Empty;
        return true;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> part)
    {
        foreach (var c in part)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
