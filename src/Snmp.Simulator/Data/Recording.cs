using System.Security.Cryptography;

namespace Snmp.Simulator;

/// <summary>
/// One recorded device: its instances in OID order with their values (and the variations some
/// records carry), immutable once read, so any number of simulated devices share one copy.
/// Read with <see cref="RecordingReader"/>.
/// </summary>
public sealed class Recording
{
    private readonly ObjectIdentifier[] _oids;
    private readonly SnmpValue[] _values;
    private readonly Dictionary<int, RecordedVariation>? _variations;

    internal Recording(string source, ObjectIdentifier[] oids, SnmpValue[] values, Dictionary<int, RecordedVariation>? variations, byte[] contentHash)
    {
        Source = source;
        _oids = oids;
        _values = values;
        _variations = variations is { Count: > 0 } ? variations : null;
        ContentHash = contentHash;
        Roots = FindRoots(oids);
        RecordedUpTimeSeconds = IndexOf(SysUpTime) is int at and >= 0 && values[at] is TimeTicks ticks ? ticks.Value / 100.0 : 0;
    }

    /// <summary>sysUpTime.0 (RFC 3418).</summary>
    internal static readonly ObjectIdentifier SysUpTime = new(1, 3, 6, 1, 2, 1, 1, 3, 0);

    /// <summary>The subtrees (first two arcs) its instances fall in, each with its range of indexes.</summary>
    internal IReadOnlyList<(ObjectIdentifier Root, int First, int End)> Roots { get; }

    /// <summary>sysUpTime.0 as recorded, in seconds (0 when absent): how long the recorded counters took to reach their values.</summary>
    internal double RecordedUpTimeSeconds { get; }

    private static List<(ObjectIdentifier, int, int)> FindRoots(ObjectIdentifier[] oids)
    {
        var roots = new List<(ObjectIdentifier, int, int)>();
        int first = 0;
        for (int i = 1; i <= oids.Length; i++)
        {
            if (i == oids.Length || oids[i][0] != oids[first][0] || oids[i][1] != oids[first][1])
            {
                roots.Add((new ObjectIdentifier(oids[first][0], oids[first][1]), first, i));
                first = i;
            }
        }

        return roots;
    }

    /// <summary>Where it was read from (a path, or the name given to <see cref="RecordingReader.Parse"/>).</summary>
    public string Source { get; }

    /// <summary>How many instances it holds.</summary>
    public int Count => _oids.Length;

    /// <summary>The SHA-256 of the text it was read from: recordings with equal hashes hold the same data.</summary>
    internal byte[] ContentHash { get; }

    /// <summary>Whether any record carries a variation (the device then keeps per-device state).</summary>
    public bool HasVariations => _variations is not null;

    /// <summary>The instance at <paramref name="index"/> (0 .. Count-1, in OID order).</summary>
    public ObjectIdentifier OidAt(int index) => _oids[index];

    /// <summary>The recorded value at <paramref name="index"/>.</summary>
    public SnmpValue ValueAt(int index) => _values[index];

    /// <summary>The variation of the record at <paramref name="index"/>, or null for a plain value.</summary>
    public RecordedVariation? VariationAt(int index) =>
        _variations is not null && _variations.TryGetValue(index, out var variation) ? variation : null;

    /// <summary>The index of <paramref name="oid"/>, or -1.</summary>
    public int IndexOf(ObjectIdentifier oid)
    {
        int index = Array.BinarySearch(_oids, oid);
        return index >= 0 ? index : -1;
    }

    /// <summary>The index of the first instance after <paramref name="oid"/> (Count when none).</summary>
    public int IndexAfter(ObjectIdentifier oid)
    {
        int index = Array.BinarySearch(_oids, oid);
        return index >= 0 ? index + 1 : ~index;
    }

    internal static byte[] Hash(ReadOnlySpan<byte> content) => SHA256.HashData(content);
}
