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
    private const int Version = 1;

    public static void Write(MibModuleSet set, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var stringList = new List<string>();
        var syntaxes = new Dictionary<MibSyntax, int>(ReferenceEqualityComparer.Instance);
        var syntaxList = new List<MibSyntax>();
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

        // The body first (into memory), so that the string table it needs can precede it.
        using var bodyStream = new MemoryStream();
        using (var body = new BinaryWriter(bodyStream, Encoding.UTF8, leaveOpen: true))
        {
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
                    body.Write(S(node.Description));
                    body.Write(S(node.Reference));
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

                    if (node.Syntax is null)
                    {
                        body.Write(-1);
                    }
                    else
                    {
                        if (!syntaxes.TryGetValue(node.Syntax, out var si))
                        {
                            si = syntaxList.Count;
                            syntaxes[node.Syntax] = si;
                            syntaxList.Add(node.Syntax);
                        }

                        body.Write(si);
                    }
                }
            }
        }

        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(stringList.Count);
        foreach (var s in stringList)
        {
            writer.Write(s);
        }

        // Syntaxes may add strings: they are written after the table, with their strings inline.
        writer.Write(syntaxList.Count);
        foreach (var syntax in syntaxList)
        {
            writer.Write((byte)syntax.BaseType);
            WriteNullable(writer, syntax.TypeName);
            WriteNullable(writer, syntax.TypeModule);
            WriteNullable(writer, syntax.DisplayHint);
            WriteRanges(writer, syntax.Ranges);
            WriteRanges(writer, syntax.Sizes);
            writer.Write(syntax.NamedNumbers.Count);
            foreach (var n in syntax.NamedNumbers)
            {
                writer.Write(n.Name);
                writer.Write(n.Value);
            }
        }

        writer.Write(bodyStream.Length);
        writer.Flush();
        bodyStream.Position = 0;
        bodyStream.CopyTo(stream);
    }

    public static MibModuleSet? Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != Magic || reader.ReadInt32() != Version)
            {
                throw new InvalidDataException("not a MIB module cache of this version");
            }

            var strings = new string[Count(reader, 4 * 1024 * 1024)];
            for (int i = 0; i < strings.Length; i++)
            {
                strings[i] = reader.ReadString();
            }

            string? S(int i) => i == -1 ? null : (uint)i < (uint)strings.Length ? strings[i] : throw new InvalidDataException("string number out of range");
            string R(int i) => S(i) ?? throw new InvalidDataException("missing string");

            var syntaxes = new MibSyntax[Count(reader, 4 * 1024 * 1024)];
            for (int i = 0; i < syntaxes.Length; i++)
            {
                var baseType = (MibBaseType)reader.ReadByte();
                var typeName = ReadNullable(reader);
                var typeModule = ReadNullable(reader);
                var hint = ReadNullable(reader);
                var ranges = ReadRanges(reader);
                var sizes = ReadRanges(reader);
                var named = new MibNamedNumber[Count(reader, 1 << 20)];
                for (int k = 0; k < named.Length; k++)
                {
                    named[k] = new MibNamedNumber(reader.ReadString(), reader.ReadInt64());
                }

                syntaxes[i] = new MibSyntax(baseType, typeName, typeModule, ranges, sizes, named, hint);
            }

            _ = reader.ReadInt64();
            var directories = new string[Count(reader, 1 << 16)];
            for (int i = 0; i < directories.Length; i++)
            {
                directories[i] = R(reader.ReadInt32());
            }

            int files = Count(reader, 1 << 20);
            for (int i = 0; i < files; i++)
            {
                var info = new FileInfo(R(reader.ReadInt32()));
                long length = reader.ReadInt64();
                long ticks = reader.ReadInt64();
                if (!info.Exists || info.Length != length || info.LastWriteTimeUtc.Ticks != ticks)
                {
                    return null;
                }
            }

            var set = new MibModuleSet(directories);
            var diagnostics = new MibDiagnostic[Count(reader, 1 << 24)];
            for (int k = 0; k < diagnostics.Length; k++)
            {
                diagnostics[k] = new MibDiagnostic((MibSeverity)reader.ReadByte(), R(reader.ReadInt32()), reader.ReadInt32(), reader.ReadInt32(), R(reader.ReadInt32()));
            }

            set.Restore(null, diagnostics);
            int modules = Count(reader, 1 << 20);
            for (int m = 0; m < modules; m++)
            {
                var module = new MibModule(R(reader.ReadInt32()), R(reader.ReadInt32()));

                int nodes = Count(reader, 1 << 24);
                for (int k = 0; k < nodes; k++)
                {
                    var name = R(reader.ReadInt32());
                    var kind = (MibNodeKind)reader.ReadByte();
                    var ids = new uint[reader.ReadByte()];
                    for (int j = 0; j < ids.Length; j++)
                    {
                        ids[j] = reader.ReadUInt32();
                    }

                    var node = new MibNode(name, module.Name, kind, new ObjectIdentifier(ids))
                    {
                        MaxAccess = S(reader.ReadInt32()),
                        Status = S(reader.ReadInt32()),
                        Description = S(reader.ReadInt32()),
                        Reference = S(reader.ReadInt32()),
                        Units = S(reader.ReadInt32()),
                        DefaultValue = S(reader.ReadInt32()),
                        Augments = S(reader.ReadInt32()),
                    };
                    var index = new MibIndexItem[Count(reader, 1 << 16)];
                    for (int j = 0; j < index.Length; j++)
                    {
                        index[j] = new MibIndexItem(R(reader.ReadInt32()), reader.ReadBoolean());
                    }

                    var objects = new string[Count(reader, 1 << 16)];
                    for (int j = 0; j < objects.Length; j++)
                    {
                        objects[j] = R(reader.ReadInt32());
                    }

                    int syntax = reader.ReadInt32();
                    node.Index = index;
                    node.Objects = objects;
                    node.Syntax = syntax == -1 ? null : (uint)syntax < (uint)syntaxes.Length ? syntaxes[syntax] : throw new InvalidDataException("syntax number out of range");
                    module.NodeList.Add(node);
                }

                set.Restore(module, []);
            }

            return set;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            throw new InvalidDataException("damaged MIB module cache: " + e.Message, e);
        }
    }

    private static int Count(BinaryReader reader, int max)
    {
        int n = reader.ReadInt32();
        return n >= 0 && n <= max ? n : throw new InvalidDataException($"count {n} out of range");
    }

    private static void WriteNullable(BinaryWriter writer, string? s)
    {
        writer.Write(s is not null);
        if (s is not null)
        {
            writer.Write(s);
        }
    }

    private static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static void WriteRanges(BinaryWriter writer, IReadOnlyList<MibRange> ranges)
    {
        writer.Write(ranges.Count);
        foreach (var r in ranges)
        {
            WriteBig(writer, r.Min);
            WriteBig(writer, r.Max);
        }
    }

    private static MibRange[] ReadRanges(BinaryReader reader)
    {
        var ranges = new MibRange[Count(reader, 1 << 16)];
        for (int i = 0; i < ranges.Length; i++)
        {
            ranges[i] = new MibRange(ReadBig(reader), ReadBig(reader));
        }

        return ranges;
    }

    private static void WriteBig(BinaryWriter writer, BigInteger value)
    {
        var bytes = value.ToByteArray();
        writer.Write((byte)bytes.Length);
        writer.Write(bytes);
    }

    private static BigInteger ReadBig(BinaryReader reader)
    {
        int length = reader.ReadByte();
        var bytes = reader.ReadBytes(length);
        return bytes.Length == length ? new BigInteger(bytes) : throw new EndOfStreamException();
    }
}
