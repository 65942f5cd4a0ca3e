using System.Buffers.Binary;

namespace Snmp.Smi.Modules;

/// <summary>Little-endian fields over the payload; running off its end is <see cref="EndOfStreamException"/>.</summary>
internal ref struct MibCacheSpanReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;

    private int _position;

    public int Position
    {
        readonly get => _position;
        set => _position = value >= 0 && value <= _bytes.Length ? value : throw new EndOfStreamException();
    }

    public ReadOnlySpan<byte> Slice(int start, int length) =>
        start >= 0 && length >= 0 && (long)start + length <= _bytes.Length ? _bytes.Slice(start, length) : throw new EndOfStreamException();

    public readonly bool AtEnd => _position == _bytes.Length;

    public void Skip(int length) => Position = Take(length) + length;

    public byte Byte() => _bytes[Take(1)];

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(_bytes[Take(4)..]);

    public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[Take(4)..]);

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(_bytes[Take(8)..]);

    /// <summary>
    /// A count of records of at least <paramref name="minBytes"/> octets each: no more than the rest of
    /// the payload can hold, so that a damaged count is refused before anything is allocated for it
    /// (a few octets claiming millions of records would otherwise allocate hundreds of megabytes), and
    /// with no other bound, so that whatever <see cref="MibCacheWriter"/> wrote reads back.
    /// </summary>
    public int Count(int minBytes)
    {
        int n = Int32();
        return n >= 0 && n <= (_bytes.Length - _position) / minBytes ? n : throw new InvalidDataException($"count {n} out of range");
    }

    private int Take(int length)
    {
        int at = _position;
        if ((uint)length > (uint)(_bytes.Length - at))
        {
            throw new EndOfStreamException();
        }

        _position = at + length;
        return at;
    }
}
