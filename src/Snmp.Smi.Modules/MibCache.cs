using System.Buffers;
using System.Text;

namespace Snmp.Smi.Modules;

/// <summary>
/// The compact serialised form of a compiled <see cref="MibModuleSet"/> (issue 11 item 5): a string
/// table, then modules and nodes referring to it by number, syntaxes shared between nodes.
/// Not a stable exchange format: the version number changes with it, and an old cache is refused.
/// </summary>
internal static class MibCache
{
    private const string Magic = "SNMP-SMI-MODULES-CACHE";
    internal const int Version = 3;

    /// <summary>Header: magic, version, the text chunks, then the length of the payload that follows.</summary>
    public static void Write(MibModuleSet set, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new MibCacheWriter();
        writer.Write(set, stream, Magic, Version);
    }

    /// <summary>The size of a text chunk: under the 85,000 bytes of the large object heap.</summary>
    internal const int TextChunk = 64 * 1024;

    /// <summary>
    /// Reads the whole payload into one array and walks it with a span reader: the string table is
    /// decoded once, node texts (DESCRIPTION, REFERENCE) stay in the array until asked for, and
    /// nothing is read through a stream per field.
    /// </summary>
    public static MibModuleSet? Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException("not a MIB module cache");
            }

            if (reader.ReadInt32() != Version)
            {
                // Written by another version of this library: stale, to be compiled again.
                return null;
            }

            var chunks = new byte[Length(stream, reader.ReadInt32(), 1 << 20)][];
            for (int i = 0; i < chunks.Length; i++)
            {
                chunks[i] = new byte[Length(stream, reader.ReadInt32(), MaxPayload)];
                stream.ReadExactly(chunks[i]);
            }

            int length = Length(stream, reader.ReadInt64(), MaxPayload);
            var payload = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                stream.ReadExactly(payload, 0, length);
                return new MibCacheReader(payload.AsSpan(0, length), chunks).ReadSet();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(payload);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException("damaged MIB module cache: " + e.Message, e);
        }
    }

    private const int MaxPayload = 1 << 30;

    /// <summary>A length from the cache, checked against what a seekable stream still holds before anything is allocated for it.</summary>
    private static int Length(Stream stream, long length, int max) =>
        length >= 0 && length <= max && (!stream.CanSeek || length <= stream.Length - stream.Position)
            ? (int)length
            : throw new InvalidDataException($"length {length} out of range");
}
