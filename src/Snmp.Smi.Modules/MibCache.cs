using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
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

    /// <summary>Header: magic, version, then the length of the payload that follows.</summary>
    public static void Write(MibModuleSet set, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var stringList = new List<string>();
        var syntaxes = new Dictionary<MibSyntax, int>(ReferenceEqualityComparer.Instance);
        var syntaxList = new List<MibSyntax>();
        // Texts go in chunks small enough to stay off the large object heap (a text never straddles two).
        var chunks = new List<MemoryStream> { new() };
        int S(string? s)
        {
            if (s is null)
            {
                return -1;
            }

            if (!strings.TryGetValue(s, out var i))
            {
                i = stringList.Count;
                strings[s] = i;
                stringList.Add(s);
            }

            return i;
        }

        int SyntaxNumber(MibSyntax? syntax)
        {
            if (syntax is null)
            {
                return -1;
            }

            if (!syntaxes.TryGetValue(syntax, out var si))
            {
                si = syntaxList.Count;
                syntaxes[syntax] = si;
                syntaxList.Add(syntax);
            }

            return si;
        }

        // The body first (into memory), so that the string table and the texts it needs can precede it.
        using var bodyStream = new MemoryStream();
        using (var body = new BinaryWriter(bodyStream, Encoding.UTF8, leaveOpen: true))
        {
            void T(string? text)
            {
                if (text is null)
                {
                    body.Write(-1);
                    body.Write(0);
                    body.Write(0);
                    return;
                }

                var bytes = Encoding.UTF8.GetBytes(text);
                if (chunks[^1].Length > 0 && chunks[^1].Length + bytes.Length > TextChunk)
                {
                    chunks.Add(new MemoryStream());
                }

                body.Write(chunks.Count - 1);
                body.Write(checked((int)chunks[^1].Length));
                body.Write(bytes.Length);
                chunks[^1].Write(bytes);
            }

            var files = set.SourceFiles.ToList();
            body.Write(set.SearchDirectories.Count);
            foreach (var dir in set.SearchDirectories)
            {
                body.Write(S(dir));
            }

            body.Write(files.Count);
            foreach (var file in files)
            {
                var info = new FileInfo(file);
                body.Write(S(file));
                body.Write(info.Exists ? info.Length : -1);
                body.Write(info.Exists ? info.LastWriteTimeUtc.Ticks : 0);
            }

            body.Write(set.Diagnostics.Count);
            foreach (var d in set.Diagnostics)
            {
                body.Write((byte)d.Severity);
                body.Write(S(d.File));
                body.Write(d.Line);
                body.Write(d.Column);
                body.Write(S(d.Message));
            }

            body.Write(set.Modules.Count);
            body.Write(set.Modules.Sum(m => m.Nodes.Count));
            foreach (var module in set.Modules)
            {
                body.Write(S(module.Name));
                body.Write(S(module.File));

                body.Write(module.Nodes.Count);
                foreach (var node in module.Nodes)
                {
                    body.Write(S(node.Name));
                    body.Write((byte)node.Kind);
                    var ids = node.Oid.SubIdentifiers;
                    body.Write((byte)ids.Length);
                    foreach (var id in ids)
                    {
                        body.Write(id);
                    }

                    body.Write(S(node.MaxAccess));
                    body.Write(S(node.Status));
                    T(node.Description);
                    T(node.Reference);
                    body.Write(S(node.Units));
                    body.Write(S(node.DefaultValue));
                    body.Write(S(node.Augments));
                    body.Write(node.Index.Count);
                    foreach (var item in node.Index)
                    {
                        body.Write(S(item.Name));
                        body.Write(item.Implied);
                    }

                    body.Write(node.Objects.Count);
                    foreach (var o in node.Objects)
                    {
                        body.Write(S(o));
                    }

                    // RFC 2580 MODULE / SUPPORTS parts.
                    body.Write(node.ConformanceModules.Count);
                    foreach (var part in node.ConformanceModules)
                    {
                        body.Write(S(part.ModuleName));
                        body.Write(part.Groups.Count);
                        foreach (var g in part.Groups)
                        {
                            body.Write(S(g));
                        }

                        body.Write(part.Items.Count);
                        foreach (var item in part.Items)
                        {
                            body.Write((byte)item.Kind);
                            body.Write(S(item.Name));
                            body.Write(SyntaxNumber(item.Syntax));
                            body.Write(SyntaxNumber(item.WriteSyntax));
                            body.Write(S(item.Access));
                            body.Write(item.CreationRequires.Count);
                            foreach (var c in item.CreationRequires)
                            {
                                body.Write(S(c));
                            }

                            body.Write(S(item.DefaultValue));
                            T(item.Description);
                        }
                    }

                    body.Write(SyntaxNumber(node.Syntax));
                }
            }
        }

        // Syntaxes, whose strings join the table too, then the table: lengths first, then the bytes.
        using var syntaxStream = new MemoryStream();
        using (var writer = new BinaryWriter(syntaxStream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(syntaxList.Count);
            foreach (var syntax in syntaxList)
            {
                writer.Write((byte)syntax.BaseType);
                writer.Write(S(syntax.TypeName));
                writer.Write(S(syntax.TypeModule));
                writer.Write(S(syntax.DisplayHint));
                WriteRanges(writer, syntax.Ranges);
                WriteRanges(writer, syntax.Sizes);
                writer.Write(syntax.NamedNumbers.Count);
                foreach (var n in syntax.NamedNumbers)
                {
                    writer.Write(S(n.Name));
                    writer.Write(n.Value);
                }
            }
        }

        using var tableStream = new MemoryStream();
        using (var writer = new BinaryWriter(tableStream, Encoding.UTF8, leaveOpen: true))
        {
            var encoded = stringList.ConvertAll(Encoding.UTF8.GetBytes);
            writer.Write(encoded.Count);
            foreach (var bytes in encoded)
            {
                writer.Write(bytes.Length);
            }

            foreach (var bytes in encoded)
            {
                writer.Write(bytes);
            }
        }

        using var header = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        header.Write(Magic);
        header.Write(Version);
        header.Write(chunks.Count);
        foreach (var chunk in chunks)
        {
            header.Write(checked((int)chunk.Length));
            header.Flush();
            chunk.Position = 0;
            chunk.CopyTo(stream);
            chunk.Dispose();
        }

        header.Write(tableStream.Length + syntaxStream.Length + bodyStream.Length);
        header.Flush();
        foreach (var part in new[] { tableStream, syntaxStream, bodyStream })
        {
            part.Position = 0;
            part.CopyTo(stream);
        }
    }

    /// <summary>The size of a text chunk: under the 85,000 bytes of the large object heap.</summary>
    private const int TextChunk = 64 * 1024;

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
                return ReadPayload(payload.AsSpan(0, length), chunks);
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

    /// <summary>The fewest octets a syntax takes: base type, three string numbers, two range counts, the named-number count.</summary>
    private const int MinSyntaxBytes = 1 + (3 * 4) + 4 + 4 + 4;

    /// <summary>The fewest octets a node takes: its name, kind and OID length, five more string numbers, two texts, two counts, the syntax number.</summary>
    private const int MinNodeBytes = 4 + 1 + 1 + (5 * 4) + (2 * 12) + 4 + 4 + 4;

    /// <summary>A length from the cache, checked against what a seekable stream still holds before anything is allocated for it.</summary>
    private static int Length(Stream stream, long length, int max) =>
        length >= 0 && length <= max && (!stream.CanSeek || length <= stream.Length - stream.Position)
            ? (int)length
            : throw new InvalidDataException($"length {length} out of range");

    private static MibModuleSet? ReadPayload(ReadOnlySpan<byte> payload, byte[][] chunks)
    {
        var r = new SpanReader(payload);
        var strings = new string[r.Count(4)];
        int stringBytes = r.Position + (4 * strings.Length);
        for (int i = 0; i < strings.Length; i++)
        {
            int length = r.Count(1);
            strings[i] = Encoding.UTF8.GetString(r.Slice(stringBytes, length));
            stringBytes += length;
        }

        r.Position = stringBytes;

        string? S(ref SpanReader r)
        {
            int i = r.Int32();
            return i == -1 ? null : (uint)i < (uint)strings.Length ? strings[i] : throw new InvalidDataException("string number out of range");
        }

        string R(ref SpanReader r) => S(ref r) ?? throw new InvalidDataException("missing string");

        CachedText T(ref SpanReader r)
        {
            int chunk = r.Int32();
            int offset = r.Int32();
            int length = r.Int32();
            if (chunk == -1)
            {
                return default;
            }

            return (uint)chunk < (uint)chunks.Length && offset >= 0 && length >= 0 && (long)offset + length <= chunks[chunk].Length
                ? new CachedText(chunks[chunk], offset, length)
                : throw new InvalidDataException("text out of range");
        }

        var syntaxes = new MibSyntax[r.Count(MinSyntaxBytes)];
        MibSyntax? Syntax(ref SpanReader r)
        {
            int number = r.Int32();
            return number == -1 ? null : (uint)number < (uint)syntaxes.Length ? syntaxes[number] : throw new InvalidDataException("syntax number out of range");
        }

        for (int i = 0; i < syntaxes.Length; i++)
        {
            var baseType = (MibBaseType)r.Byte();
            var typeName = S(ref r);
            var typeModule = S(ref r);
            var hint = S(ref r);
            var ranges = ReadRanges(ref r);
            var sizes = ReadRanges(ref r);
            var named = r.Count(4 + 8) is var n and > 0 ? new MibNamedNumber[n] : [];
            for (int k = 0; k < named.Length; k++)
            {
                named[k] = new MibNamedNumber(R(ref r), r.Int64());
            }

            syntaxes[i] = new MibSyntax(baseType, typeName, typeModule, ranges, sizes, named, hint);
        }

        var directories = new string[r.Count(4)];
        for (int i = 0; i < directories.Length; i++)
        {
            directories[i] = R(ref r);
        }

        int files = r.Count(4 + 8 + 8);
        for (int i = 0; i < files; i++)
        {
            var info = new FileInfo(R(ref r));
            long length = r.Int64();
            long ticks = r.Int64();
            if (!info.Exists || info.Length != length || info.LastWriteTimeUtc.Ticks != ticks)
            {
                return null;
            }
        }

        var set = new MibModuleSet(directories);
        var diagnostics = new MibDiagnostic[r.Count(1 + 4 + 4 + 4 + 4)];
        for (int k = 0; k < diagnostics.Length; k++)
        {
            diagnostics[k] = new MibDiagnostic((MibSeverity)r.Byte(), R(ref r), r.Int32(), r.Int32(), R(ref r));
        }

        set.Restore(null, diagnostics);
        int modules = r.Count(4 + 4 + 4);
        set.EnsureCapacity(r.Count(MinNodeBytes));
        Span<uint> ids = stackalloc uint[byte.MaxValue];
        for (int m = 0; m < modules; m++)
        {
            var module = new MibModule(R(ref r), R(ref r));
            int nodes = r.Count(MinNodeBytes);
            module.NodeList.Capacity = nodes;
            for (int k = 0; k < nodes; k++)
            {
                var name = R(ref r);
                var kind = (MibNodeKind)r.Byte();
                int idCount = r.Byte();
                for (int j = 0; j < idCount; j++)
                {
                    ids[j] = r.UInt32();
                }

                var node = new MibNode(name, module.Name, kind, new ObjectIdentifier(ids[..idCount]))
                {
                    MaxAccess = S(ref r),
                    Status = S(ref r),
                    DescriptionText = T(ref r),
                    ReferenceText = T(ref r),
                    Units = S(ref r),
                    DefaultValue = S(ref r),
                    Augments = S(ref r),
                };
                int indexCount = r.Count(4 + 1);
                if (indexCount > 0)
                {
                    var index = new MibIndexItem[indexCount];
                    for (int j = 0; j < index.Length; j++)
                    {
                        index[j] = new MibIndexItem(R(ref r), r.Byte() != 0);
                    }

                    node.Index = index;
                }

                int objectCount = r.Count(4);
                if (objectCount > 0)
                {
                    var objects = new string[objectCount];
                    for (int j = 0; j < objects.Length; j++)
                    {
                        objects[j] = R(ref r);
                    }

                    node.Objects = objects;
                }

                int partCount = r.Count(4 + 4 + 4); // module name, group count, item count
                if (partCount > 0)
                {
                    var parts = new MibConformanceModule[partCount];
                    for (int j = 0; j < parts.Length; j++)
                    {
                        var partModule = S(ref r);
                        var groups = new string[r.Count(4)];
                        for (int g = 0; g < groups.Length; g++)
                        {
                            groups[g] = R(ref r);
                        }

                        var items = new MibConformanceItem[r.Count(1 + (6 * 4) + 12)]; // kind, name, two syntaxes, access, creation count, defval, description
                        for (int it = 0; it < items.Length; it++)
                        {
                            var itemKind = r.Byte() is var b && b <= (byte)MibConformanceItemKind.Variation ? (MibConformanceItemKind)b : throw new InvalidDataException("conformance item kind out of range");
                            var itemName = R(ref r);
                            var itemSyntax = Syntax(ref r);
                            var writeSyntax = Syntax(ref r);
                            var access = S(ref r);
                            var creation = new string[r.Count(4)];
                            for (int c = 0; c < creation.Length; c++)
                            {
                                creation[c] = R(ref r);
                            }

                            var defVal = S(ref r);
                            var description = T(ref r).Decode();
                            items[it] = new MibConformanceItem(itemKind, itemName, itemSyntax, writeSyntax, access, creation, defVal, description);
                        }

                        parts[j] = new MibConformanceModule(partModule, groups, items);
                    }

                    node.ConformanceModules = parts;
                }

                node.Syntax = Syntax(ref r);
                module.NodeList.Add(node);
            }

            set.Restore(module, []);
        }

        return r.Position == payload.Length ? set : throw new InvalidDataException("trailing bytes in the cache");
    }

    /// <summary>Little-endian fields over the payload; running off its end is <see cref="EndOfStreamException"/>.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> bytes)
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

        public void Skip(int length) => Position = Take(length) + length;

        public byte Byte() => _bytes[Take(1)];

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(_bytes[Take(4)..]);

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[Take(4)..]);

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(_bytes[Take(8)..]);

        /// <summary>
        /// A count of records of at least <paramref name="minBytes"/> octets each: no more than the rest of
        /// the payload can hold, so that a damaged count is refused before anything is allocated for it
        /// (a few octets claiming millions of records would otherwise allocate hundreds of megabytes), and
        /// with no other bound, so that whatever <see cref="Write"/> wrote reads back.
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

    private static void WriteRanges(BinaryWriter writer, IReadOnlyList<MibRange> ranges)
    {
        writer.Write(ranges.Count);
        foreach (var r in ranges)
        {
            WriteBig(writer, r.Min);
            WriteBig(writer, r.Max);
        }
    }

    private static MibRange[] ReadRanges(ref SpanReader r)
    {
        int count = r.Count(2);
        if (count == 0)
        {
            return [];
        }

        var ranges = new MibRange[count];
        for (int i = 0; i < ranges.Length; i++)
        {
            ranges[i] = new MibRange(ReadBig(ref r), ReadBig(ref r));
        }

        return ranges;
    }

    private static void WriteBig(BinaryWriter writer, BigInteger value)
    {
        var bytes = value.ToByteArray();
        writer.Write((byte)bytes.Length);
        writer.Write(bytes);
    }

    private static BigInteger ReadBig(ref SpanReader r)
    {
        int length = r.Byte();
        var value = new BigInteger(r.Slice(r.Position, length));
        r.Skip(length);
        return value;
    }
}
