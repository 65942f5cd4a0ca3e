using System.Text;

namespace Snmp;

/// <summary>
/// OCTET STRING (RFC 2578 section 7.1.2): up to 65535 arbitrary octets. Display strings, MAC
/// addresses, engine IDs and bit strings all travel as this type.
/// </summary>
public sealed class OctetString : SnmpValue
{
    /// <summary>The largest size RFC 2578 allows an OCTET STRING (section 7.1.2).</summary>
    public const int MaxLength = 65535;

    private readonly byte[] _octets;

    /// <summary>Creates an OCTET STRING holding a copy of <paramref name="octets"/>.</summary>
    /// <exception cref="ArgumentException">More than 65535 octets.</exception>
    public OctetString(ReadOnlySpan<byte> octets)
    {
        if (octets.Length > MaxLength)
        {
            throw new ArgumentException($"An OCTET STRING holds at most {MaxLength} octets, not {octets.Length}.", nameof(octets));
        }

        _octets = octets.ToArray();
    }

    /// <summary>Creates an OCTET STRING holding the UTF-8 encoding of <paramref name="text"/>.</summary>
    public OctetString(string text)
        : this(Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))))
    {
    }

    private OctetString(byte[] owned, bool _) => _octets = owned;

    /// <summary>The UTF-8 encoding of <paramref name="text"/>, so a community can be written as <c>"public"</c>.</summary>
    public static implicit operator OctetString(string text) => new(text);

    /// <summary>An empty OCTET STRING.</summary>
    public static OctetString Empty { get; } = new([], false);

    // Takes ownership without copying; only for callers that never touch the array again.
    internal static OctetString FromOwnedArray(byte[] owned) => owned.Length == 0 ? Empty : new OctetString(owned, false);

    /// <summary>Creates an OCTET STRING from hexadecimal digits, optionally separated by ':', '-' or spaces.</summary>
    /// <exception cref="FormatException">Not an even number of hexadecimal digits.</exception>
    public static OctetString FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var cleaned = hex.Replace(":", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (cleaned.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            cleaned = cleaned[2..];
        }

        return new OctetString(Convert.FromHexString(cleaned));
    }

    /// <summary>The octets.</summary>
    public ReadOnlyMemory<byte> Value => _octets;

    /// <summary>The octets as a span.</summary>
    public ReadOnlySpan<byte> Span => _octets;

    /// <summary>The number of octets.</summary>
    public int Length => _octets.Length;

    /// <summary>A fresh copy of the octets.</summary>
    public byte[] ToArray() => (byte[])_octets.Clone();

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.OctetString;

    /// <summary>The octets decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public string ToText() => Encoding.UTF8.GetString(_octets);

    /// <summary>The octets as uppercase hexadecimal digits without separators.</summary>
    public string ToHex() => Convert.ToHexString(_octets);

    /// <summary>
    /// True when the octets are printable text (UTF-8 without control characters other than
    /// tab, CR and LF), which is how <see cref="ToString"/> decides between text and hex.
    /// </summary>
    public bool IsPrintable()
    {
        if (!System.Text.Unicode.Utf8.IsValid(_octets))
        {
            return false;
        }

        foreach (var rune in Encoding.UTF8.GetString(_octets).EnumerateRunes())
        {
            if (Rune.IsControl(rune) && rune.Value is not ('\t' or '\r' or '\n'))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(SnmpValue? other) => other is OctetString o && o._octets.AsSpan().SequenceEqual(_octets);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.AddBytes(_octets);
        return hash.ToHashCode();
    }

    /// <summary>Text when <see cref="IsPrintable"/>, otherwise space-separated hex octets.</summary>
    public override string ToString() => IsPrintable() ? ToText() : _octets.Length == 0 ? string.Empty : string.Join(' ', Convert.ToHexString(_octets).Chunk(2).Select(pair => new string(pair)));
}

/// <summary>Opaque (RFC 2578 section 7.1.9): an arbitrary BER encoding wrapped in an OCTET STRING.</summary>
public sealed class Opaque : SnmpValue
{
    private readonly byte[] _octets;

    /// <summary>Creates an Opaque value holding a copy of <paramref name="octets"/>.</summary>
    public Opaque(ReadOnlySpan<byte> octets) => _octets = octets.ToArray();

    /// <summary>The wrapped octets.</summary>
    public ReadOnlyMemory<byte> Value => _octets;

    /// <summary>The wrapped octets as a span.</summary>
    public ReadOnlySpan<byte> Span => _octets;

    /// <inheritdoc />
    public override SnmpType Type => SnmpType.Opaque;

    /// <inheritdoc />
    public override bool Equals(SnmpValue? other) => other is Opaque o && o._octets.AsSpan().SequenceEqual(_octets);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.AddBytes(_octets);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => Convert.ToHexString(_octets);
}
