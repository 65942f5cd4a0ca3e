using System.Numerics;
using System.Text;

namespace Snmp.Smi.Modules;

/// <summary>
/// Reads the payload <see cref="MibCacheWriter"/> wrote, in the same order: the string table (decoded
/// once), the syntax table, then the body. Node texts stay in their chunks until asked for. Every
/// count is checked against what the payload can still hold before anything is allocated for it.
/// </summary>
internal ref struct MibCacheReader
{
    /// <summary>The fewest octets a syntax takes: base type, three string numbers, two range counts, the named-number count.</summary>
    private const int MinSyntaxBytes = 1 + (3 * 4) + 4 + 4 + 4;

    /// <summary>The fewest octets a node takes: its name, kind and OID length, five more string numbers, two texts, two counts, the syntax number.</summary>
    internal const int MinNodeBytes = 4 + 1 + 1 + (5 * 4) + (2 * 12) + 4 + 4 + 4;

    private readonly byte[][] _chunks;
    private MibCacheSpanReader _r;
    private string[] _strings = [];
    private MibSyntax[] _syntaxes = [];

    public MibCacheReader(ReadOnlySpan<byte> payload, byte[][] chunks)
    {
        _r = new MibCacheSpanReader(payload);
        _chunks = chunks;
    }

    /// <summary>The set, or null when a source file changed since the cache was written (stale).</summary>
    public MibModuleSet? ReadSet()
    {
        ReadStringTable();
        ReadSyntaxTable();
        var directories = ReadStrings();
        if (!SourceFilesUnchanged())
        {
            return null;
        }

        var set = new MibModuleSet(directories);
        set.Restore(null, ReadDiagnostics());
        int modules = _r.Count(4 + 4 + 4);
        set.EnsureCapacity(_r.Count(MinNodeBytes));
        for (int m = 0; m < modules; m++)
        {
            set.Restore(ReadModule(), []);
        }

        return _r.AtEnd ? set : throw new InvalidDataException("trailing bytes in the cache");
    }

    private void ReadStringTable()
    {
        _strings = new string[_r.Count(4)];
        int stringBytes = _r.Position + (4 * _strings.Length);
        for (int i = 0; i < _strings.Length; i++)
        {
            int length = _r.Count(1);
            _strings[i] = Encoding.UTF8.GetString(_r.Slice(stringBytes, length));
            stringBytes += length;
        }

        _r.Position = stringBytes;
    }

    private void ReadSyntaxTable()
    {
        _syntaxes = new MibSyntax[_r.Count(MinSyntaxBytes)];
        for (int i = 0; i < _syntaxes.Length; i++)
        {
            var baseType = (MibBaseType)_r.Byte();
            var typeName = OptionalString();
            var typeModule = OptionalString();
            var hint = OptionalString();
            var ranges = ReadRanges();
            var sizes = ReadRanges();
            var named = _r.Count(4 + 8) is var n and > 0 ? new MibNamedNumber[n] : [];
            for (int k = 0; k < named.Length; k++)
            {
                named[k] = new MibNamedNumber(String(), _r.Int64());
            }

            _syntaxes[i] = new MibSyntax(baseType, typeName, typeModule, ranges, sizes, named, hint);
        }
    }

    private bool SourceFilesUnchanged()
    {
        int files = _r.Count(4 + 8 + 8);
        for (int i = 0; i < files; i++)
        {
            var info = new FileInfo(String());
            long length = _r.Int64();
            long ticks = _r.Int64();
            if (!info.Exists || info.Length != length || info.LastWriteTimeUtc.Ticks != ticks)
            {
                return false;
            }
        }

        return true;
    }

    private MibDiagnostic[] ReadDiagnostics()
    {
        var diagnostics = new MibDiagnostic[_r.Count(1 + 4 + 4 + 4 + 4)];
        for (int k = 0; k < diagnostics.Length; k++)
        {
            diagnostics[k] = new MibDiagnostic((MibSeverity)_r.Byte(), String(), _r.Int32(), _r.Int32(), String());
        }

        return diagnostics;
    }

    private MibModule ReadModule()
    {
        var module = new MibModule(String(), String());
        int nodes = _r.Count(MinNodeBytes);
        module.NodeList.Capacity = nodes;
        Span<uint> ids = stackalloc uint[byte.MaxValue];
        for (int k = 0; k < nodes; k++)
        {
            module.NodeList.Add(ReadNode(module.Name, ids));
        }

        return module;
    }

    private MibNode ReadNode(string moduleName, scoped Span<uint> ids)
    {
        var name = String();
        var kind = (MibNodeKind)_r.Byte();
        int idCount = _r.Byte();
        for (int j = 0; j < idCount; j++)
        {
            ids[j] = _r.UInt32();
        }

        var node = new MibNode(name, moduleName, kind, new ObjectIdentifier(ids[..idCount]))
        {
            MaxAccess = OptionalString(),
            Status = OptionalString(),
            DescriptionText = Text(),
            ReferenceText = Text(),
            Units = OptionalString(),
            DefaultValue = OptionalString(),
            Augments = OptionalString(),
        };
        if (ReadIndex() is { } index)
        {
            node.Index = index;
        }

        if (ReadStrings() is { Length: > 0 } objects)
        {
            node.Objects = objects;
        }

        int partCount = _r.Count(4 + 4 + 4); // module name, group count, item count
        if (partCount > 0)
        {
            var parts = new MibConformanceModule[partCount];
            for (int j = 0; j < parts.Length; j++)
            {
                parts[j] = ReadConformanceModule();
            }

            node.ConformanceModules = parts;
        }

        node.Syntax = Syntax();
        return node;
    }

    private MibIndexItem[]? ReadIndex()
    {
        int indexCount = _r.Count(4 + 1);
        if (indexCount == 0)
        {
            return null;
        }

        var index = new MibIndexItem[indexCount];
        for (int j = 0; j < index.Length; j++)
        {
            index[j] = new MibIndexItem(String(), _r.Byte() != 0);
        }

        return index;
    }

    /// <summary>An RFC 2580 MODULE (or SUPPORTS) part, as <see cref="MibCacheWriter"/> wrote it.</summary>
    private MibConformanceModule ReadConformanceModule()
    {
        var partModule = OptionalString();
        var groups = ReadStrings();

        // kind, name, two syntaxes, access, creation count, defval, description
        var items = new MibConformanceItem[_r.Count(1 + (6 * 4) + 12)];
        for (int it = 0; it < items.Length; it++)
        {
            var itemKind = _r.Byte() is var b && b <= (byte)MibConformanceItemKind.Variation
                ? (MibConformanceItemKind)b
                : throw new InvalidDataException("conformance item kind out of range");
            var itemName = String();
            var itemSyntax = Syntax();
            var writeSyntax = Syntax();
            var access = OptionalString();
            var creation = ReadStrings();
            var defVal = OptionalString();
            var description = Text().Decode();
            items[it] = new MibConformanceItem(itemKind, itemName, itemSyntax, writeSyntax, access, creation, defVal, description);
        }

        return new MibConformanceModule(partModule, groups, items);
    }

    private string[] ReadStrings()
    {
        var strings = _r.Count(4) is var n and > 0 ? new string[n] : [];
        for (int i = 0; i < strings.Length; i++)
        {
            strings[i] = String();
        }

        return strings;
    }

    private string String() => OptionalString() ?? throw new InvalidDataException("missing string");

    private string? OptionalString()
    {
        int i = _r.Int32();
        return i == -1 ? null : (uint)i < (uint)_strings.Length ? _strings[i] : throw new InvalidDataException("string number out of range");
    }

    private MibSyntax? Syntax()
    {
        int number = _r.Int32();
        return number == -1 ? null : (uint)number < (uint)_syntaxes.Length ? _syntaxes[number] : throw new InvalidDataException("syntax number out of range");
    }

    private CachedText Text()
    {
        int chunk = _r.Int32();
        int offset = _r.Int32();
        int length = _r.Int32();
        if (chunk == -1)
        {
            return default;
        }

        return (uint)chunk < (uint)_chunks.Length && offset >= 0 && length >= 0 && (long)offset + length <= _chunks[chunk].Length
            ? new CachedText(_chunks[chunk], offset, length)
            : throw new InvalidDataException("text out of range");
    }

    private MibRange[] ReadRanges()
    {
        int count = _r.Count(2);
        if (count == 0)
        {
            return [];
        }

        var ranges = new MibRange[count];
        for (int i = 0; i < ranges.Length; i++)
        {
            ranges[i] = new MibRange(ReadBig(), ReadBig());
        }

        return ranges;
    }

    private BigInteger ReadBig()
    {
        int length = _r.Byte();
        var value = new BigInteger(_r.Slice(_r.Position, length));
        _r.Skip(length);
        return value;
    }
}
