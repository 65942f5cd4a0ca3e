using System.Numerics;
using System.Text;

namespace Snmp.Smi.Modules;

/// <summary>
/// Writes one <see cref="MibModuleSet"/> in <see cref="MibCache"/>'s layout. The body (directories,
/// source files, diagnostics, modules and their nodes) is written first, into memory, because the
/// string table and the syntax table it refers to by number must precede it in the file.
/// </summary>
internal sealed class MibCacheWriter : IDisposable
{
    private readonly Dictionary<string, int> _stringNumbers = new(StringComparer.Ordinal);
    private readonly List<string> _strings = [];
    private readonly Dictionary<MibSyntax, int> _syntaxNumbers = new(ReferenceEqualityComparer.Instance);
    private readonly List<MibSyntax> _syntaxes = [];

    // Texts go in chunks small enough to stay off the large object heap (a text never straddles two).
    private readonly List<MemoryStream> _textChunks = [new()];
    private readonly MemoryStream _bodyStream = new();
    private readonly BinaryWriter _body;

    public MibCacheWriter() => _body = new BinaryWriter(_bodyStream, Encoding.UTF8, leaveOpen: true);

    /// <summary>Header: magic, version, the text chunks, then the length of the payload that follows.</summary>
    public void Write(MibModuleSet set, Stream stream, string magic, int version)
    {
        WriteSearchDirectories(set.SearchDirectories);
        WriteSourceFiles(set.SourceFiles.ToList());
        WriteDiagnostics(set.Diagnostics);
        WriteModules(set.Modules);
        _body.Flush();

        // The syntaxes' strings join the table too, so the syntax table is written before the string table.
        using var syntaxStream = WriteSyntaxTable();
        using var tableStream = WriteStringTable();

        using var header = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        header.Write(magic);
        header.Write(version);
        header.Write(_textChunks.Count);
        foreach (var chunk in _textChunks)
        {
            header.Write(checked((int)chunk.Length));
            header.Flush();
            chunk.Position = 0;
            chunk.CopyTo(stream);
        }

        header.Write(tableStream.Length + syntaxStream.Length + _bodyStream.Length);
        header.Flush();
        foreach (var part in new[] { tableStream, syntaxStream, _bodyStream })
        {
            part.Position = 0;
            part.CopyTo(stream);
        }
    }

    public void Dispose()
    {
        _body.Dispose();
        _bodyStream.Dispose();
        foreach (var chunk in _textChunks)
        {
            chunk.Dispose();
        }
    }

    private void WriteSearchDirectories(IReadOnlyList<string> directories)
    {
        _body.Write(directories.Count);
        foreach (var dir in directories)
        {
            WriteString(dir);
        }
    }

    /// <summary>Each file with the length and time it had, so that a changed file makes the cache stale.</summary>
    private void WriteSourceFiles(List<string> files)
    {
        _body.Write(files.Count);
        foreach (var file in files)
        {
            var info = new FileInfo(file);
            WriteString(file);
            _body.Write(info.Exists ? info.Length : -1);
            _body.Write(info.Exists ? info.LastWriteTimeUtc.Ticks : 0);
        }
    }

    private void WriteDiagnostics(IReadOnlyList<MibDiagnostic> diagnostics)
    {
        _body.Write(diagnostics.Count);
        foreach (var d in diagnostics)
        {
            _body.Write((byte)d.Severity);
            WriteString(d.File);
            _body.Write(d.Line);
            _body.Write(d.Column);
            WriteString(d.Message);
        }
    }

    private void WriteModules(IReadOnlyList<MibModule> modules)
    {
        _body.Write(modules.Count);
        _body.Write(modules.Sum(m => m.Nodes.Count));
        foreach (var module in modules)
        {
            WriteString(module.Name);
            WriteString(module.File);
            _body.Write(module.Nodes.Count);
            foreach (var node in module.Nodes)
            {
                WriteNode(node);
            }
        }
    }

    private void WriteNode(MibNode node)
    {
        WriteString(node.Name);
        _body.Write((byte)node.Kind);
        var ids = node.Oid.SubIdentifiers;
        _body.Write((byte)ids.Length);
        foreach (var id in ids)
        {
            _body.Write(id);
        }

        WriteString(node.MaxAccess);
        WriteString(node.Status);
        WriteText(node.Description);
        WriteText(node.Reference);
        WriteString(node.Units);
        WriteString(node.DefaultValue);
        WriteString(node.Augments);
        _body.Write(node.Index.Count);
        foreach (var item in node.Index)
        {
            WriteString(item.Name);
            _body.Write(item.Implied);
        }

        WriteStrings(node.Objects);
        _body.Write(node.ConformanceModules.Count);
        foreach (var part in node.ConformanceModules)
        {
            WriteConformanceModule(part);
        }

        WriteSyntaxNumber(node.Syntax);
    }

    /// <summary>An RFC 2580 MODULE (or SUPPORTS) part: its groups, then its OBJECT and VARIATION items.</summary>
    private void WriteConformanceModule(MibConformanceModule part)
    {
        WriteString(part.ModuleName);
        WriteStrings(part.Groups);
        _body.Write(part.Items.Count);
        foreach (var item in part.Items)
        {
            _body.Write((byte)item.Kind);
            WriteString(item.Name);
            WriteSyntaxNumber(item.Syntax);
            WriteSyntaxNumber(item.WriteSyntax);
            WriteString(item.Access);
            WriteStrings(item.CreationRequires);
            WriteString(item.DefaultValue);
            WriteText(item.Description);
        }
    }

    private MemoryStream WriteSyntaxTable()
    {
        var syntaxStream = new MemoryStream();
        using var writer = new BinaryWriter(syntaxStream, Encoding.UTF8, leaveOpen: true);
        writer.Write(_syntaxes.Count);
        foreach (var syntax in _syntaxes)
        {
            writer.Write((byte)syntax.BaseType);
            writer.Write(StringNumber(syntax.TypeName));
            writer.Write(StringNumber(syntax.TypeModule));
            writer.Write(StringNumber(syntax.DisplayHint));
            WriteRanges(writer, syntax.Ranges);
            WriteRanges(writer, syntax.Sizes);
            writer.Write(syntax.NamedNumbers.Count);
            foreach (var n in syntax.NamedNumbers)
            {
                writer.Write(StringNumber(n.Name));
                writer.Write(n.Value);
            }
        }

        return syntaxStream;
    }

    /// <summary>The string table: the count, every length, then every string's UTF-8 octets.</summary>
    private MemoryStream WriteStringTable()
    {
        var tableStream = new MemoryStream();
        using var writer = new BinaryWriter(tableStream, Encoding.UTF8, leaveOpen: true);
        var encoded = _strings.ConvertAll(Encoding.UTF8.GetBytes);
        writer.Write(encoded.Count);
        foreach (var bytes in encoded)
        {
            writer.Write(bytes.Length);
        }

        foreach (var bytes in encoded)
        {
            writer.Write(bytes);
        }

        return tableStream;
    }

    private void WriteStrings(IReadOnlyList<string> strings)
    {
        _body.Write(strings.Count);
        foreach (var s in strings)
        {
            WriteString(s);
        }
    }

    private void WriteString(string? s) => _body.Write(StringNumber(s));

    private int StringNumber(string? s)
    {
        if (s is null)
        {
            return -1;
        }

        if (!_stringNumbers.TryGetValue(s, out var i))
        {
            i = _strings.Count;
            _stringNumbers[s] = i;
            _strings.Add(s);
        }

        return i;
    }

    private void WriteSyntaxNumber(MibSyntax? syntax)
    {
        if (syntax is null)
        {
            _body.Write(-1);
            return;
        }

        if (!_syntaxNumbers.TryGetValue(syntax, out var number))
        {
            number = _syntaxes.Count;
            _syntaxNumbers[syntax] = number;
            _syntaxes.Add(syntax);
        }

        _body.Write(number);
    }

    /// <summary>A long text (DESCRIPTION, REFERENCE) as chunk, offset and length, so a reader decodes it only when asked.</summary>
    private void WriteText(string? text)
    {
        if (text is null)
        {
            _body.Write(-1);
            _body.Write(0);
            _body.Write(0);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (_textChunks[^1].Length > 0 && _textChunks[^1].Length + bytes.Length > MibCache.TextChunk)
        {
            _textChunks.Add(new MemoryStream());
        }

        _body.Write(_textChunks.Count - 1);
        _body.Write(checked((int)_textChunks[^1].Length));
        _body.Write(bytes.Length);
        _textChunks[^1].Write(bytes);
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

    private static void WriteBig(BinaryWriter writer, BigInteger value)
    {
        var bytes = value.ToByteArray();
        writer.Write((byte)bytes.Length);
        writer.Write(bytes);
    }
}
