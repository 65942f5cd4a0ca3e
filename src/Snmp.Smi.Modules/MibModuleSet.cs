using System.Globalization;
using System.Text;
using Snmp.Smi.Modules.Parsing;

namespace Snmp.Smi.Modules;

/// <summary>
/// A set of compiled MIB modules: finds modules by name in the search directories (by the
/// "NAME DEFINITIONS ::= BEGIN" heading of each file, then by the file's own name, as Net-SNMP
/// does), loads their IMPORTS across files, computes every node's OBJECT IDENTIFIER, and answers
/// name -> OID and OID -> name lookups. The SMI's base modules (SNMPv2-SMI, SNMPv2-TC, SNMPv2-CONF,
/// RFC1155-SMI, RFC-1212, RFC-1215) are built in; a file of the same name in a search directory
/// takes precedence.
/// Nothing here throws for bad MIB text: syntax errors, missing modules or symbols, import cycles and
/// unresolvable OIDs are <see cref="Diagnostics"/> with file, line and column, and what does not
/// depend on them is still loaded. Loading is not thread-safe; lookups on a loaded set are.
/// Lenient as Net-SNMP is: a name used without being imported is looked up in every loaded module
/// (a warning), and a type or OID name that is defined twice keeps its first definition.
/// </summary>
public sealed partial class MibModuleSet : IObjectNameResolver
{
    private const int MaxFileBytes = 64 * 1024 * 1024;
    private const long MaxKeptBytes = 16 * 1024 * 1024;
    private const int MaxOidNesting = 256;
    private const int MaxImportNesting = 200;

    /// <summary>SMI type names whose base type is known without reading their definition (RFC 2578 7.1, RFC 1155 3.2).</summary>
    private static readonly Dictionary<string, MibBaseType> SmiTypeNames = new(StringComparer.Ordinal)
    {
        ["Integer32"] = MibBaseType.Integer32,
        ["IpAddress"] = MibBaseType.IpAddress,
        ["Counter32"] = MibBaseType.Counter32,
        ["Counter"] = MibBaseType.Counter32,
        ["Gauge32"] = MibBaseType.Gauge32,
        ["Gauge"] = MibBaseType.Gauge32,
        ["Unsigned32"] = MibBaseType.Unsigned32,
        ["TimeTicks"] = MibBaseType.TimeTicks,
        ["Opaque"] = MibBaseType.Opaque,
        ["Counter64"] = MibBaseType.Counter64,
        ["NetworkAddress"] = MibBaseType.NetworkAddress,
        ["ObjectName"] = MibBaseType.ObjectIdentifier,
        ["NotificationName"] = MibBaseType.ObjectIdentifier,
        ["UInteger32"] = MibBaseType.Unsigned32,
    };

    /// <summary>
    /// The words Net-SNMP's MIB reader takes as keywords rather than names: the SMI's macros,
    /// clauses, access and status values and the base types it knows by itself. Net-SNMP keeps no
    /// import of these, so an IMPORTS group made only of them loads nothing (its module is not read
    /// then, which decides the load order of <c>-m ALL</c>), and a module that does not define them
    /// (a replacement RFC-1212 without its OBJECT-TYPE macro) is no error for its importers.
    /// </summary>
    private static readonly HashSet<string> NetSnmpKeywords = new(StringComparer.Ordinal)
    {
        "MODULE-IDENTITY", "OBJECT-IDENTITY", "OBJECT-TYPE", "NOTIFICATION-TYPE", "TRAP-TYPE", "TEXTUAL-CONVENTION",
        "OBJECT-GROUP", "NOTIFICATION-GROUP", "MODULE-COMPLIANCE", "AGENT-CAPABILITIES", "MACRO",
        "Integer32", "Unsigned32", "UInteger32", "Counter", "Counter32", "Counter64", "Gauge", "Gauge32", "TimeTicks",
        "IpAddress", "NetworkAddress", "NsapAddress", "Opaque", "INTEGER", "OCTET", "OCTETSTRING", "BIT", "BITS", "BITSTRING",
        "NULL", "OBJECT", "IDENTIFIER", "SEQUENCE", "OF", "CHOICE", "IMPLICIT", "SIZE",
        "ObjectSyntax", "SimpleSyntax", "ApplicationSyntax", "ObjectName", "NotificationName",
        "DEFINITIONS", "BEGIN", "END", "IMPORTS", "EXPORTS", "FROM",
        "SYNTAX", "MAX-ACCESS", "ACCESS", "MIN-ACCESS", "STATUS", "DESCRIPTION", "REFERENCE", "UNITS", "INDEX", "IMPLIED",
        "AUGMENTS", "DEFVAL", "DISPLAY-HINT", "ENTERPRISE", "VARIABLES", "OBJECTS", "NOTIFICATIONS", "NUM-ENTRIES",
        "LAST-UPDATED", "ORGANIZATION", "CONTACT-INFO", "REVISION", "MODULE", "MANDATORY-GROUPS", "GROUP", "WRITE-SYNTAX",
        "PRODUCT-RELEASE", "SUPPORTS", "INCLUDES", "VARIATION", "CREATION-REQUIRES",
        "read-only", "read-write", "read-create", "write-only", "not-accessible", "accessible-for-notify", "not-implemented",
        "current", "deprecated", "obsolete", "mandatory", "optional",
    };

    private readonly List<string> _directories;
    private readonly Dictionary<string, ModuleState> _states = new(StringComparer.Ordinal);
    private readonly HashSet<string> _parsedFiles = new(StringComparer.Ordinal);
    private readonly List<MibDiagnostic> _diagnostics = [];
    private readonly HashSet<MibDiagnostic> _reported = [];
    private readonly Dictionary<string, MibModule> _modules = new(StringComparer.Ordinal);
    private readonly List<MibModule> _moduleOrder = [];
    private readonly TreeNode _root = new();
    private readonly Dictionary<string, List<MibNode>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _texts = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _index;
    private readonly HashSet<string> _headings = new(StringComparer.Ordinal);
    private readonly List<string> _allOrder = [];
    private readonly Dictionary<string, string> _firstModuleOfFile = new(StringComparer.Ordinal);
    private long _keptBytes;
    private NamePool? _names;
    private List<Token>? _tokens;

    /// <summary>Creates an empty set that finds modules in the given directories (searched in order).</summary>
    public MibModuleSet(params IEnumerable<string> searchDirectories)
    {
        _directories = [.. searchDirectories];
    }

    /// <summary>Everything found wrong so far, in the order found.</summary>
    public IReadOnlyList<MibDiagnostic> Diagnostics => _diagnostics;

    /// <summary>The loaded modules, in load order (imports before their importers).</summary>
    public IReadOnlyList<MibModule> Modules => _moduleOrder;

    /// <summary>The module names the search directories offer (their files' "NAME DEFINITIONS ::= BEGIN" headings), plus the built-in ones.</summary>
    public IReadOnlyCollection<string> AvailableModules
    {
        get
        {
            _ = Index;
            var names = new SortedSet<string>(_headings, StringComparer.Ordinal);
            names.UnionWith(BaseModules.Text.Keys);
            return names;
        }
    }

    private Dictionary<string, string> Index => _index ??= BuildIndex();

    /// <summary>Loads a module and everything it imports; null (and a diagnostic) when it cannot be found.</summary>
    public MibModule? Load(string moduleName)
    {
        ArgumentNullException.ThrowIfNull(moduleName);
        if (_modules.TryGetValue(moduleName, out var loaded))
        {
            return loaded;
        }

        var module = LoadModule(moduleName, null, null, [])?.Module;
        ReleaseParseState(keepWhatImportersNeed: true);
        return module;
    }

    /// <summary>
    /// Loads every module the search directories offer (as <c>snmptranslate -m ALL</c>), in the order
    /// Net-SNMP loads them: the last search directory first, and in each directory the files in
    /// descending ordinal order of their file names (each module after what it imports). Where several
    /// modules define a node at the same OID (RFC1213-MIB and the IP-MIB, TCP-MIB and UDP-MIB that
    /// succeeded it, say), the first one loaded is the one an OID is named with
    /// (<see cref="FindNode(ObjectIdentifier)"/>, <see cref="GetName"/>, <see cref="FormatInstance"/>),
    /// so that those names are the ones Net-SNMP's tools print with <c>-m ALL</c>.
    /// </summary>
    public void LoadAll()
    {
        _ = Index;
        foreach (var name in _allOrder)
        {
            if (!_modules.ContainsKey(name))
            {
                LoadModule(name, null, null, []);
            }
        }

        // Every module the search directories offer is loaded: a later Load finds its module loaded.
        ReleaseParseState(keepWhatImportersNeed: false);
    }

    /// <summary>
    /// Drops what only loading needs once the modules asked for are in the set: the modules as
    /// parsed (every definition, clause and token) and the resolution memos, except, when
    /// <paramref name="keepWhatImportersNeed"/>, what a later importer resolves through (each loaded
    /// module's types, the OIDs of its names, its import map and macros); modules parsed but not
    /// loaded; the file texts kept from indexing and the name pool. A later load that imports a
    /// module whose state is gone parses its file again (as after <see cref="ReadCache"/>).
    /// </summary>
    private void ReleaseParseState(bool keepWhatImportersNeed)
    {
        foreach (var (name, state) in _states.ToList())
        {
            if (keepWhatImportersNeed && state.Status == LoadStatus.Loaded)
            {
                state.Compact();
            }
            else
            {
                _states.Remove(name);
            }
        }

        _states.TrimExcess();
        _parsedFiles.Clear();
        _texts.Clear();
        _texts.TrimExcess();
        _keptBytes = 0;
        _names = null;
        _tokens = null;
    }

    /// <summary>Records a diagnostic once: a module parsed again after its parse state was dropped does not repeat what it reported the first time.</summary>
    private void AddDiagnostic(MibDiagnostic diagnostic)
    {
        if (_reported.Add(diagnostic))
        {
            _diagnostics.Add(diagnostic);
        }
    }

    /// <summary>A loaded module by name.</summary>
    public MibModule? FindModule(string moduleName) => _modules.GetValueOrDefault(moduleName);

    /// <summary>A node by "MODULE::name" or by "name" alone (its first definition in load order).</summary>
    public MibNode? FindNode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int sep = name.IndexOf("::", StringComparison.Ordinal);
        if (sep >= 0)
        {
            var module = name[..sep];
            var label = name[(sep + 2)..];
            return _byName.TryGetValue(label, out var list) ? list.Find(n => n.ModuleName == module) : null;
        }

        return _byName.TryGetValue(name, out var nodes) ? nodes[0] : null;
    }

    /// <summary>Every definition of a name, in load order (a name may be defined by several modules).</summary>
    public IReadOnlyList<MibNode> FindNodes(string name) => _byName.TryGetValue(name, out var nodes) ? nodes : [];

    /// <summary>The node defined exactly at an OID (its first definition in load order), or null.</summary>
    public MibNode? FindNode(ObjectIdentifier oid)
    {
        ArgumentNullException.ThrowIfNull(oid);
        var tree = Walk(oid, out int depth);
        return depth == oid.Length && tree.Nodes is { Count: > 0 } ? tree.Nodes[0] : null;
    }

    /// <summary>Every node defined exactly at an OID, in load order.</summary>
    public IReadOnlyList<MibNode> FindNodes(ObjectIdentifier oid)
    {
        ArgumentNullException.ThrowIfNull(oid);
        var tree = Walk(oid, out int depth);
        return depth == oid.Length && tree.Nodes is not null ? tree.Nodes : [];
    }

    /// <summary>The node with the longest OID that is a prefix of (or equal to) <paramref name="oid"/>, and how many sub-identifiers it covers.</summary>
    public MibNode? FindLongestPrefix(ObjectIdentifier oid, out int length)
    {
        ArgumentNullException.ThrowIfNull(oid);
        var tree = _root;
        MibNode? best = null;
        length = 0;
        var ids = oid.SubIdentifiers;
        for (int i = 0; i < ids.Length; i++)
        {
            if (tree.Children is null || !tree.Children.TryGetValue(ids[i], out var child))
            {
                break;
            }

            tree = child;
            if (tree.Nodes is { Count: > 0 })
            {
                best = tree.Nodes[0];
                length = i + 1;
            }
        }

        return best;
    }

    /// <summary>
    /// Reads "MODULE::name.1.2", "name.1.2", "name", "1.3.6.1..." or ".1.3.6.1..." as an OID, and an
    /// instance whose index is written as <see cref="FormatInstance"/> writes it
    /// ("SNMP-TARGET-MIB::snmpTargetParamsMPModel.'abc'", "vacmGroupName.2.\"user\"");
    /// false when the name is unknown or the text is malformed.
    /// </summary>
    public bool TryResolve(string text, out ObjectIdentifier? oid)
    {
        oid = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (char.IsAsciiDigit(text[0]) || text[0] == '.')
        {
            return ObjectIdentifier.TryParse(text.TrimStart('.'), out oid);
        }

        int sep = text.IndexOf("::", StringComparison.Ordinal);
        int dot = text.IndexOf('.', sep < 0 ? 0 : sep + 2);
        var name = dot < 0 ? text : text[..dot];
        var node = FindNode(name);
        if (node is null)
        {
            return false;
        }

        if (dot < 0)
        {
            oid = node.Oid;
            return true;
        }

        var suffix = text[(dot + 1)..].Split('.');
        var ids = new uint[suffix.Length];
        for (int i = 0; i < suffix.Length; i++)
        {
            if (!uint.TryParse(suffix[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i]))
            {
                // Not all numbers: an index written as FormatInstance writes it.
                if (!TryEncodeIndexText(node, text[(dot + 1)..], out ids))
                {
                    return false;
                }

                break;
            }
        }

        if (node.Oid.Length + ids.Length > ObjectIdentifier.MaxSubIdentifiers)
        {
            return false;
        }

        oid = node.Oid.Append(ids);
        return true;
    }

    /// <summary>
    /// As <see cref="TryResolve"/>, throwing for text that names no known OID: the same
    /// <see cref="SnmpUnknownNameException"/> the facade throws for a name it cannot resolve, naming
    /// the text (and nothing else).
    /// </summary>
    /// <exception cref="SnmpUnknownNameException">The text is not a name the loaded modules define, nor a numeric OID.</exception>
    public ObjectIdentifier Resolve(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryResolve(text, out var oid) ? oid! : throw new SnmpUnknownNameException(text, resolverConfigured: true);
    }

    /// <summary>"MODULE::name.suffix" for an OID (the longest known prefix and the rest as numbers), or the dotted OID when no prefix is known.</summary>
    public string GetName(ObjectIdentifier oid)
    {
        var node = FindLongestPrefix(oid, out int length);
        if (node is null)
        {
            return oid.ToString();
        }

        var sb = new StringBuilder(node.QualifiedName);
        var ids = oid.SubIdentifiers;
        for (int i = length; i < ids.Length; i++)
        {
            sb.Append('.').Append(ids[i].ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>
    /// An instance's name as Net-SNMP prints it by default: "MODULE::column" and the index decoded by
    /// the row's INDEX clause (RFC 2578 7.7): integers (an enumeration's label when it has one),
    /// IpAddress dotted, strings quoted ("..." with a length, '...' when IMPLIED or of fixed size,
    /// non-printable octets as '.'), OBJECT IDENTIFIER values as numbers. An index that does not fit
    /// its INDEX clause is printed as Net-SNMP prints it: the parts that decode, then from the first
    /// part that does not (a string longer than what is left, an IpAddress of three numbers, an octet
    /// above 255) every remaining sub-identifier as a number; sub-identifiers left after the last
    /// part are appended as numbers, and an index that ends early stops after its last whole part.
    /// Its text reads back with <see cref="Resolve"/> when its strings are printable.
    /// </summary>
    public string FormatInstance(ObjectIdentifier oid)
    {
        ArgumentNullException.ThrowIfNull(oid);
        var node = FindLongestPrefix(oid, out int length);
        if (node is null || length == oid.Length || node.Kind != MibNodeKind.Column)
        {
            return GetName(oid);
        }

        var row = FindNodes(new ObjectIdentifier(oid.SubIdentifiers[..(length - 1)])).FirstOrDefault(n => n.Kind == MibNodeKind.Row);
        if (row?.Augments is { } augmented)
        {
            row = FindNodeNear(augmented, row.ModuleName);
        }

        if (row is null || row.Index.Count == 0)
        {
            return GetName(oid);
        }

        var sb = new StringBuilder(node.QualifiedName);
        var suffix = oid.SubIdentifiers[length..];
        int pos = 0;
        uint? addressType = null;
        for (int i = 0; i < row.Index.Count && pos < suffix.Length; i++)
        {
            var item = row.Index[i];
            var syntax = FindNodeNear(item.Name, row.ModuleName)?.Syntax;
            int start = pos, mark = sb.Length;
            if (syntax is null || !AppendIndexValue(sb.Append('.'), syntax, suffix, ref pos, item.Implied && i == row.Index.Count - 1, addressType))
            {
                // This part does not fit its syntax: it and the rest follow as numbers.
                sb.Length = mark;
                pos = start;
                break;
            }

            addressType = syntax.TypeName == "InetAddressType" ? suffix[start] : null;
        }

        for (; pos < suffix.Length; pos++)
        {
            sb.Append('.').Append(suffix[pos].ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>
    /// The sub-identifiers of an index written as <see cref="FormatInstance"/> writes it
    /// ("group1"."context".3.noAuthNoPriv, 'abc', 10.0.0.1, ipv4."10.0.0.1"): each part read by its
    /// index object's syntax (RFC 2578 7.7), and what follows the parts that fit as numbers.
    /// </summary>
    private bool TryEncodeIndexText(MibNode column, string text, out uint[] ids)
    {
        ids = [];
        if (column.Kind != MibNodeKind.Column)
        {
            return false;
        }

        var row = FindNodes(new ObjectIdentifier(column.Oid.SubIdentifiers[..^1])).FirstOrDefault(n => n.Kind == MibNodeKind.Row);
        if (row?.Augments is { } augmented)
        {
            row = FindNodeNear(augmented, row.ModuleName);
        }

        if (row is null || row.Index.Count == 0 || !TrySplitIndexText(text, out var parts))
        {
            return false;
        }

        var result = new List<uint>();
        int p = 0;
        uint? addressType = null;
        for (int i = 0; i < row.Index.Count && p < parts.Count; i++)
        {
            var item = row.Index[i];
            var syntax = FindNodeNear(item.Name, row.ModuleName)?.Syntax;
            bool implied = item.Implied && i == row.Index.Count - 1;
            int start = result.Count, startPart = p;
            if (syntax is null || !EncodeIndexPart(syntax, parts, ref p, implied, addressType, result))
            {
                // As FormatInstance prints a part that does not fit: the rest are numbers.
                result.RemoveRange(start, result.Count - start);
                p = startPart;
                break;
            }

            addressType = syntax.TypeName == "InetAddressType" ? result[start] : null;
        }

        for (; p < parts.Count; p++)
        {
            if (!Number(parts, p, out var id))
            {
                return false;
            }

            result.Add(id);
        }

        ids = [.. result];
        return true;
    }

    /// <summary>Splits "a.'b.c'.\"d\".4" at the dots outside quotes; a quoted part keeps its quote character.</summary>
    private static bool TrySplitIndexText(string text, out List<(string Text, char Quote)> parts)
    {
        parts = [];
        int i = 0;
        while (i <= text.Length)
        {
            if (i < text.Length && text[i] is '"' or '\'')
            {
                char quote = text[i];
                int close = text.IndexOf(quote, i + 1);

                // A quote inside the string is not escaped (as Net-SNMP prints it): the closing quote is the one followed by '.' or the end.
                while (close >= 0 && close + 1 < text.Length && text[close + 1] != '.')
                {
                    close = text.IndexOf(quote, close + 1);
                }

                if (close < 0)
                {
                    return false;
                }

                parts.Add((text[(i + 1)..close], quote));
                i = close + 1;
            }
            else
            {
                int end = text.IndexOf('.', i);
                if (end < 0)
                {
                    end = text.Length;
                }

                parts.Add((text[i..end], '\0'));
                i = end;
            }

            if (i == text.Length)
            {
                return true;
            }

            if (text[i] != '.')
            {
                return false;
            }

            i++;
        }

        return true;
    }

    private static bool Number(List<(string Text, char Quote)> parts, int at, out uint value)
    {
        value = 0;
        return at < parts.Count && parts[at].Quote == '\0' && uint.TryParse(parts[at].Text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool EncodeIndexPart(MibSyntax syntax, List<(string Text, char Quote)> parts, ref int p, bool implied, uint? addressType, List<uint> result)
    {

        switch (syntax.BaseType)
        {
            case MibBaseType.Integer32 or MibBaseType.Unsigned32 or MibBaseType.Gauge32 or MibBaseType.Counter32 or MibBaseType.TimeTicks:
            {
                if (Number(parts, p, out var value))
                {
                    result.Add(value);
                }
                else if (parts[p] is { Quote: '\0' } part && syntax.NamedNumbers.FirstOrDefault(n => n.Name == part.Text) is { Name: not null } named && named.Value >= 0)
                {
                    result.Add((uint)named.Value);
                }
                else
                {
                    return false;
                }

                p++;
                return true;
            }

            case MibBaseType.IpAddress:
                for (int k = 0; k < 4; k++)
                {
                    if (!Number(parts, p + k, out var octet) || octet > 255)
                    {
                        return false;
                    }

                    result.Add(octet);
                }

                p += 4;
                return true;

            case MibBaseType.OctetString or MibBaseType.Opaque or MibBaseType.Bits:
            {
                if (parts[p].Quote == '\0')
                {
                    return false;
                }

                var octets = new List<uint>();
                if (syntax.TypeName != "InetAddress" || !TryParseInetAddress(parts[p].Text, addressType, octets))
                {
                    foreach (char c in parts[p].Text)
                    {
                        if (c > 255)
                        {
                            return false;
                        }

                        octets.Add(c);
                    }
                }

                bool fixedSize = syntax.Sizes is [var only] && only.Min == only.Max;
                if (fixedSize && !implied && octets.Count != (int)syntax.Sizes[0].Min)
                {
                    return false;
                }

                if (!implied && !fixedSize)
                {
                    result.Add((uint)octets.Count);
                }

                result.AddRange(octets);
                p++;
                return true;
            }

            case MibBaseType.ObjectIdentifier:
            {
                int count;
                if (implied)
                {
                    count = parts.Count - p;
                }
                else
                {
                    if (!Number(parts, p, out var n) || n > ObjectIdentifier.MaxSubIdentifiers)
                    {
                        return false;
                    }

                    count = (int)n + 1;
                }

                for (int k = 0; k < count; k++)
                {
                    if (!Number(parts, p + k, out var id))
                    {
                        return false;
                    }

                    result.Add(id);
                }

                p += count;
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>The reverse of <see cref="AppendInetAddress"/>: "10.0.0.1", "10.0.0.1%5", "fe:80:...:01" by the address type.</summary>
    private static bool TryParseInetAddress(string text, uint? addressType, List<uint> octets)
    {
        int addressLength = addressType switch { 1 or 3 => 4, 2 or 4 => 16, _ => -1 };
        bool zoned = addressType is 3 or 4;
        if (addressLength < 0)
        {
            return false;
        }

        var address = text;
        uint zone = 0;
        int percent = text.IndexOf('%', StringComparison.Ordinal);
        if (zoned != (percent >= 0) || (zoned && !uint.TryParse(text.AsSpan(percent + 1), NumberStyles.None, CultureInfo.InvariantCulture, out zone)))
        {
            return false;
        }

        if (zoned)
        {
            address = text[..percent];
        }

        var pieces = address.Split(addressLength == 4 ? '.' : ':');
        if (pieces.Length != addressLength)
        {
            return false;
        }

        foreach (var piece in pieces)
        {
            if (!uint.TryParse(piece, addressLength == 4 ? NumberStyles.None : NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var octet) || octet > 255)
            {
                return false;
            }

            octets.Add(octet);
        }

        if (zoned)
        {
            octets.AddRange([zone >> 24, (zone >> 16) & 0xff, (zone >> 8) & 0xff, zone & 0xff]);
        }

        return true;
    }

    private MibNode? FindNodeNear(string name, string moduleName) => FindNode(moduleName + "::" + name) ?? FindNode(name);

    private static bool AppendIndexValue(StringBuilder sb, MibSyntax syntax, ReadOnlySpan<uint> suffix, ref int pos, bool implied, uint? addressType)
    {
        switch (syntax.BaseType)
        {
            case MibBaseType.Integer32 or MibBaseType.Unsigned32 or MibBaseType.Gauge32 or MibBaseType.Counter32 or MibBaseType.TimeTicks:
            {
                if (pos >= suffix.Length)
                {
                    return false;
                }

                var value = suffix[pos++];
                var label = syntax.NamedNumbers.FirstOrDefault(n => n.Value == value).Name;
                sb.Append(label ?? value.ToString(CultureInfo.InvariantCulture));
                return true;
            }

            case MibBaseType.IpAddress:
            {
                if (suffix.Length - pos < 4)
                {
                    return false;
                }

                for (int k = 0; k < 4; k++)
                {
                    if (suffix[pos + k] > 255)
                    {
                        return false;
                    }

                    sb.Append(k == 0 ? "" : ".").Append(suffix[pos + k].ToString(CultureInfo.InvariantCulture));
                }

                pos += 4;
                return true;
            }

            case MibBaseType.OctetString or MibBaseType.Opaque or MibBaseType.Bits:
            {
                bool fixedSize = syntax.Sizes is [var only] && only.Min == only.Max;
                long count;
                if (implied)
                {
                    count = suffix.Length - pos;
                }
                else if (fixedSize)
                {
                    count = (long)syntax.Sizes[0].Min;
                }
                else
                {
                    if (pos >= suffix.Length)
                    {
                        return false;
                    }

                    count = suffix[pos++];
                }

                if (count > suffix.Length - pos)
                {
                    return false;
                }

                if (syntax.TypeName == "InetAddress" && AppendInetAddress(sb, addressType, suffix.Slice(pos, (int)count)))
                {
                    pos += (int)count;
                    return true;
                }

                char quote = implied || fixedSize ? '\'' : '"';
                sb.Append(quote);
                for (int k = 0; k < count; k++)
                {
                    var octet = suffix[pos + k];
                    if (octet > 255)
                    {
                        return false;
                    }

                    sb.Append(octet is >= 0x20 and < 0x7f ? (char)octet : '.');
                }

                sb.Append(quote);
                pos += (int)count;
                return true;
            }

            case MibBaseType.ObjectIdentifier:
            {
                long count = implied ? suffix.Length - pos : (pos < suffix.Length ? suffix[pos] + 1L : -1);
                if (count < 0 || count > suffix.Length - pos)
                {
                    return false;
                }

                for (int k = 0; k < count; k++)
                {
                    sb.Append(k == 0 ? "" : ".").Append(suffix[pos + k].ToString(CultureInfo.InvariantCulture));
                }

                pos += (int)count;
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>
    /// An InetAddress index after its InetAddressType (RFC 4001 3): ipv4(1) and ipv4z(3) dotted with
    /// the zone after '%', ipv6(2) and ipv6z(4) as colon-separated hex octets, quoted, as Net-SNMP
    /// prints them; false for another type or a length that does not fit it.
    /// </summary>
    private static bool AppendInetAddress(StringBuilder sb, uint? addressType, ReadOnlySpan<uint> octets)
    {
        int addressLength = addressType switch { 1 or 3 => 4, 2 or 4 => 16, _ => -1 };
        bool zoned = addressType is 3 or 4;
        if (addressLength < 0 || octets.Length != addressLength + (zoned ? 4 : 0))
        {
            return false;
        }

        foreach (var octet in octets)
        {
            if (octet > 255)
            {
                return false;
            }
        }

        sb.Append('"');
        for (int k = 0; k < addressLength; k++)
        {
            if (addressLength == 4)
            {
                sb.Append(k == 0 ? "" : ".").Append(octets[k].ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(k == 0 ? "" : ":").Append(octets[k].ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        if (zoned)
        {
            uint zone = (octets[^4] << 24) | (octets[^3] << 16) | (octets[^2] << 8) | octets[^1];
            sb.Append('%').Append(zone.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append('"');
        return true;
    }

    private TreeNode Walk(ObjectIdentifier oid, out int depth)
    {
        var tree = _root;
        depth = 0;
        foreach (var id in oid.SubIdentifiers)
        {
            if (tree.Children is null || !tree.Children.TryGetValue(id, out var child))
            {
                return tree;
            }

            tree = child;
            depth++;
        }

        return tree;
    }

    private Dictionary<string, string> BuildIndex()
    {
        var byHeading = new Dictionary<string, string>(StringComparer.Ordinal);
        var byFileName = new Dictionary<string, string>(StringComparer.Ordinal);
        var allOrder = new List<List<string>>();
        foreach (var dir in _directories)
        {
            if (!Directory.Exists(dir))
            {
                AddDiagnostic(new MibDiagnostic(MibSeverity.Warning, dir, 0, 0, "search directory does not exist"));
                continue;
            }

            foreach (var path in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
            {
                var fileName = Path.GetFileName(path);
                if (fileName.StartsWith('.') || fileName == "index")
                {
                    continue;
                }

                var text = ReadFile(path);
                if (text is null)
                {
                    continue;
                }

                // Kept until the file is parsed, so that it is read once (up to a bound, for large search paths).
                if (_keptBytes + text.Length <= MaxKeptBytes)
                {
                    _texts[path] = text;
                    _keptBytes += text.Length;
                }

                var ofFile = new List<string>();
                foreach (var name in MibParser.ScanModuleNames(text))
                {
                    byHeading.TryAdd(name, path);
                    _headings.Add(name);
                    ofFile.Add(name);
                }

                allOrder.Add(ofFile);

                byFileName.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }
        }

        foreach (var (name, path) in byFileName)
        {
            byHeading.TryAdd(name, path);
        }

        // Net-SNMP's -m ALL order: every file of every directory (directories in order, files in
        // ordinal order) with the list then read backwards.
        allOrder.Reverse();
        _allOrder.AddRange(allOrder.SelectMany(f => f).Distinct(StringComparer.Ordinal));
        return byHeading;
    }

    private byte[]? ReadFile(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            long length = RandomAccess.GetLength(handle);
            if (length > MaxFileBytes)
            {
                AddDiagnostic(new MibDiagnostic(MibSeverity.Error, path, 0, 0, $"file larger than {MaxFileBytes} bytes not read"));
                return null;
            }

            // The octets, read as ISO 8859-1 by the lexer (every octet a character, as Net-SNMP reads them).
            var octets = new byte[length];
            int read = 0;
            while (read < length)
            {
                int n = RandomAccess.Read(handle, octets.AsSpan(read), read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return read == length ? octets : octets[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AddDiagnostic(new MibDiagnostic(MibSeverity.Error, path, 0, 0, "cannot read: " + e.Message));
            return null;
        }
    }

    private void ParseSource(ReadOnlySpan<byte> text, string file)
    {
        var fileDiagnostics = new List<MibDiagnostic>();
        var modules = MibParser.ParseText(text, file, fileDiagnostics, _names ??= new NamePool(), _tokens ??= []);
        fileDiagnostics.ForEach(AddDiagnostic);
        if (modules.Count > 0)
        {
            _firstModuleOfFile.TryAdd(file, modules[0].Name);
        }

        foreach (var module in modules)
        {
            module.Diagnostics.ForEach(AddDiagnostic);
            module.Diagnostics.Clear();
            if (!_states.ContainsKey(module.Name))
            {
                _states[module.Name] = new ModuleState(module);
            }
        }
    }

    private ModuleState? LoadModule(string name, Token? importedAt, string? importerFile, List<string> stack)
    {
        if (!_states.TryGetValue(name, out var state))
        {
            if (Index.TryGetValue(name, out var path) && _parsedFiles.Add(path))
            {
                var text = _texts.Remove(path, out var read) ? read : ReadFile(path);
                if (text is not null)
                {
                    ParseSource(text, path);
                }
            }

            // Found by its file's name, the file defining a module of another name: that module.
            if (!_states.ContainsKey(name) && Index.TryGetValue(name, out var aliasPath) && !_headings.Contains(name) &&
                _firstModuleOfFile.TryGetValue(aliasPath, out var defined) && defined != name)
            {
                return LoadModule(defined, importedAt, importerFile, stack);
            }

            if (!_states.ContainsKey(name) && BaseModules.Text.TryGetValue(name, out var builtIn) && _parsedFiles.Add(BaseModules.File + name))
            {
                ParseSource(Encoding.Latin1.GetBytes(builtIn), BaseModules.File);
            }

            if (!_states.TryGetValue(name, out state))
            {
                var t = importedAt ?? default;
                AddDiagnostic(new MibDiagnostic(MibSeverity.Error, importerFile ?? name, t.Line, t.Column,
                    Index.TryGetValue(name, out var unreadable)
                        ? $"module {name} not found: {Path.GetFileName(unreadable)} holds no readable module of that name (see the error there, if any)"
                        : $"module {name} not found in the search directories"));
                return null;
            }
        }

        if (state.Status == LoadStatus.Loaded)
        {
            return state;
        }

        if (state.Status == LoadStatus.Loading)
        {
            var t = importedAt ?? default;
            var cycle = string.Join(" -> ", stack.SkipWhile(s => s != name).Append(name));
            AddDiagnostic(new MibDiagnostic(MibSeverity.Error, importerFile ?? name, t.Line, t.Column, $"import cycle: {cycle}"));
            return state;
        }

        if (stack.Count >= MaxImportNesting)
        {
            var t = importedAt ?? default;
            AddDiagnostic(new MibDiagnostic(MibSeverity.Error, importerFile ?? name, t.Line, t.Column,
                $"imports nested deeper than {MaxImportNesting} modules; {name} not loaded"));
            return null;
        }

        state.Status = LoadStatus.Loading;
        stack.Add(name);
        var definition = state.Definition!;
        foreach (var group in definition.Imports)
        {
            foreach (var symbol in group.Symbols)
            {
                state.ImportMap.TryAdd(symbol.Text, group.Module);
            }
        }

        foreach (var group in definition.Imports)
        {
            if (group.Symbols.TrueForAll(s => NetSnmpKeywords.Contains(s.Text)))
            {
                // Keywords only (OBJECT-TYPE, Integer32 FROM SNMPv2-SMI): Net-SNMP reads no module for them.
                continue;
            }

            var imported = LoadModule(group.Module, group.ModuleToken, definition.File, stack);
            if (imported is null)
            {
                continue;
            }

            foreach (var symbol in group.Symbols)
            {
                if (!imported.Defines(symbol.Text) && !SmiTypeNames.ContainsKey(symbol.Text) && !NetSnmpKeywords.Contains(symbol.Text))
                {
                    AddDiagnostic(new MibDiagnostic(MibSeverity.Error, definition.File, symbol.Line, symbol.Column,
                        $"{symbol.Text} is not defined in module {group.Module}"));
                }
            }
        }

        stack.RemoveAt(stack.Count - 1);
        Build(state);
        state.Status = LoadStatus.Loaded;
        return state;
    }

    private void Build(ModuleState state)
    {
        var definition = state.Definition!;
        if (_modules.TryGetValue(definition.Name, out var restored))
        {
            // Already in the set (read from a cache): parsed again only to resolve what imports it.
            state.Module = restored;
            return;
        }

        var module = new MibModule(definition.Name, definition.File);
        state.Module = module;
        foreach (var d in definition.Definitions)
        {
            if (!HasOid(d))
            {
                continue;
            }

            var ids = ResolveOid(state, d, 0);
            if (ids is null)
            {
                continue;
            }

            AddNamedArcs(module, d, ids);

            var node = new MibNode(d.Name, module.Name, KindOf(d), new ObjectIdentifier(ids))
            {
                MaxAccess = d.Access,
                Status = d.Status,
                Description = d.Description,
                Reference = d.Reference,
                Units = d.Units,
                DefaultValue = d.DefVal,
                Index = d.Index is null ? [] : [.. d.Index.Select(i => new MibIndexItem(i.Name, i.Implied))],
                Augments = d.Augments,
                Objects = d.Objects is null ? [] : d.Objects,
            };
            if (d.Conformance is { } parts)
            {
                node.ConformanceModules = [.. parts.Select(p => new MibConformanceModule(p.Module, [.. p.Groups], [.. p.Items.Select(i => new MibConformanceItem(
                    i.Kind, i.Name, i.Syntax is null ? null : ResolveSyntax(state, i.Syntax), i.WriteSyntax is null ? null : ResolveSyntax(state, i.WriteSyntax),
                    i.Access, [.. i.CreationRequires], i.DefVal, i.Description))]))];
            }

            if (d.Syntax is not null && d.Kind == DefinitionKind.ObjectType)
            {
                node.Syntax = ResolveSyntax(state, d.Syntax);
                if (node.Syntax.BaseType == MibBaseType.SequenceOf)
                {
                    node.Kind = MibNodeKind.Table;
                }
                else if (d.Index is not null || d.Augments is not null)
                {
                    node.Kind = MibNodeKind.Row;
                }
            }

            module.NodeList.Add(node);
            Add(node, ids);
        }

        // A column is an OBJECT-TYPE whose parent is a row.
        foreach (var node in module.NodeList)
        {
            if (node.Kind == MibNodeKind.Scalar && node.Oid.Length > 1)
            {
                var parent = FindNodes(new ObjectIdentifier(node.Oid.SubIdentifiers[..^1]));
                if (parent.Any(p => p.Kind == MibNodeKind.Row))
                {
                    node.Kind = MibNodeKind.Column;
                }
            }
        }

        _modules[module.Name] = module;
        _moduleOrder.Add(module);
    }

    /// <summary>The search directories, in order.</summary>
    internal IReadOnlyList<string> SearchDirectories => _directories;

    /// <summary>Puts a module read from a cache into the set, with its nodes and diagnostics.</summary>
    internal void Restore(MibModule? module, IEnumerable<MibDiagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            AddDiagnostic(diagnostic);
        }
        if (module is null)
        {
            return;
        }

        foreach (var node in module.NodeList)
        {
            Add(node, node.Oid.SubIdentifiers);
        }

        _modules[module.Name] = module;
        _moduleOrder.Add(module);
    }

    /// <summary>The files the loaded modules came from (not the built-in ones).</summary>
    internal IEnumerable<string> SourceFiles => _moduleOrder.Select(m => m.File).Where(f => f != BaseModules.File).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Writes the loaded modules in a compact binary form (<see cref="ReadCache"/> reads it back):
    /// every node with its clauses and resolved syntax, the diagnostics, and the size and time of every
    /// source file so that a stale cache is recognised.
    /// </summary>
    public void WriteCache(Stream stream) => MibCache.Write(this, stream);

    /// <summary>
    /// Reads a set written by <see cref="WriteCache"/>; null when a source file it was compiled from has
    /// changed or gone, or when another version of this library wrote it (compile again). A set read from a cache answers every lookup; loading a module it
    /// lacks parses that module's imports again from the search directories.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is not a MIB module cache, or is damaged.</exception>
    public static MibModuleSet? ReadCache(Stream stream) => MibCache.Read(stream);

    /// <summary>Sizes the name index for a cache's node count before <see cref="Restore"/>.</summary>
    internal void EnsureCapacity(int nodes) => _byName.EnsureCapacity(nodes);

    /// <summary>
    /// The name(number) components of an OBJECT IDENTIFIER value between its first and its last
    /// ("{ enterprises acme(99999) products(1) 5 }") name the OIDs they stand for, as Net-SNMP makes
    /// them nodes of the module: acme at 1.3.6.1.4.1.99999, products at 1.3.6.1.4.1.99999.1. The
    /// first component (iso(1)) and the last (the definition's own arc) make none.
    /// </summary>
    private void AddNamedArcs(MibModule module, Definition d, uint[] ids)
    {
        if (d.Oid is not { Count: >= 3 } components)
        {
            return;
        }

        for (int i = 1; i < components.Count - 1; i++)
        {
            if (components[i] is not { Name: { } name, Number: not null })
            {
                continue;
            }

            // Every component after the first is one arc: the i-th is this far from the end.
            int length = ids.Length - (components.Count - 1 - i);
            var arcs = ids.AsSpan(0, length);
            if (FindNodes(new ObjectIdentifier(arcs)).Any(n => n.ModuleName == module.Name && n.Name == name))
            {
                continue;
            }

            var node = new MibNode(name, module.Name, MibNodeKind.ObjectIdentifier, new ObjectIdentifier(arcs.ToArray()));
            module.NodeList.Add(node);
            Add(node, arcs);
        }
    }

    private void Add(MibNode node, ReadOnlySpan<uint> ids)
    {
        var tree = _root;
        foreach (var id in ids)
        {
            tree.Children ??= new();
            if (!tree.Children.TryGetValue(id, out var child))
            {
                child = new TreeNode();
                tree.Children[id] = child;
            }

            tree = child;
        }

        // Several nodes at one OID: the first module loaded names it, and within a module the last
        // definition (as Net-SNMP, which prints the later of two same-module definitions of an OID).
        var atOid = tree.Nodes ??= new List<MibNode>(1);
        int sameModule = 0;
        while (sameModule < atOid.Count && atOid[sameModule].ModuleName != node.ModuleName)
        {
            sameModule++;
        }

        atOid.Insert(sameModule, node);

        if (!_byName.TryGetValue(node.Name, out var list))
        {
            list = new List<MibNode>(1);
            _byName[node.Name] = list;
        }

        list.Add(node);
    }

    private static bool HasOid(Definition d) =>
        d.Kind is not (DefinitionKind.TextualConvention or DefinitionKind.TypeAssignment or DefinitionKind.OtherValue);

    private static MibNodeKind KindOf(Definition d) => d.Kind switch
    {
        DefinitionKind.ModuleIdentity => MibNodeKind.ModuleIdentity,
        DefinitionKind.ObjectIdentity => MibNodeKind.ObjectIdentity,
        DefinitionKind.ObjectType => MibNodeKind.Scalar,
        DefinitionKind.NotificationType => MibNodeKind.Notification,
        DefinitionKind.TrapType => MibNodeKind.Trap,
        DefinitionKind.ObjectGroup => MibNodeKind.ObjectGroup,
        DefinitionKind.NotificationGroup => MibNodeKind.NotificationGroup,
        DefinitionKind.ModuleCompliance => MibNodeKind.ModuleCompliance,
        DefinitionKind.AgentCapabilities => MibNodeKind.AgentCapabilities,
        _ => MibNodeKind.ObjectIdentifier,
    };

    private void Report(ModuleState state, MibSeverity severity, Token at, string message) =>
        AddDiagnostic(new MibDiagnostic(severity, state.File, at.Line, at.Column, message));

    /// <summary>The OID of a definition, resolving the names it is built on (memoised; a definition that depends on itself is an error).</summary>
    private uint[]? ResolveOid(ModuleState state, Definition d, int depth)
    {
        if (state.Oids.TryGetValue(d, out var known))
        {
            return known;
        }

        if (depth > MaxOidNesting)
        {
            // Every level adds a sub-identifier (or is an alias): deeper than this cannot be an OID of at most 128.
            Report(state, MibSeverity.Error, d.Location, $"the OBJECT IDENTIFIER value of {d.Name} is built on more than {MaxOidNesting} definitions");
            state.Oids[d] = null;
            return null;
        }

        if (!state.Resolving.Add(d))
        {
            Report(state, MibSeverity.Error, d.Location, $"the OBJECT IDENTIFIER value of {d.Name} depends on itself");
            state.Oids[d] = null;
            return null;
        }

        uint[]? result = null;
        if (d.Kind == DefinitionKind.TrapType)
        {
            if (d.Enterprise is null)
            {
                Report(state, MibSeverity.Error, d.Location, $"TRAP-TYPE {d.Name} has no ENTERPRISE");
            }
            else if (ResolveName(state, d.Enterprise, d.EnterpriseToken, depth) is { } enterprise)
            {
                result = [.. enterprise, 0, d.TrapNumber ?? 0];
            }
        }
        else if (d.Oid is { } components)
        {
            result = ResolveComponents(state, d, components, depth);
        }

        state.Resolving.Remove(d);
        if (result is { Length: > ObjectIdentifier.MaxSubIdentifiers })
        {
            Report(state, MibSeverity.Error, d.Location, $"the OID of {d.Name} is longer than {ObjectIdentifier.MaxSubIdentifiers} sub-identifiers");
            result = null;
        }

        state.Oids[d] = result;
        return result;
    }

    private uint[]? ResolveComponents(ModuleState state, Definition d, List<OidComponent> components, int depth)
    {
        var ids = new List<uint>();
        for (int i = 0; i < components.Count; i++)
        {
            var c = components[i];
            if (c.Number is { } number)
            {
                ids.Add(number);
                continue;
            }

            if (i > 0)
            {
                Report(state, MibSeverity.Error, c.Location, $"{c.Name} must be a number (or name(number)) after the first component of {d.Name}'s value");
                return null;
            }

            var parent = ResolveName(state, c.Name!, c.Location, depth);
            if (parent is null)
            {
                return null;
            }

            ids.AddRange(parent);
        }

        return [.. ids];
    }

    private uint[]? ResolveName(ModuleState state, string name, Token at, int depth)
    {
        if (state.Symbols.TryGetValue(name, out var local) && HasOid(local))
        {
            return ResolveOid(state, local, depth + 1);
        }

        if (state.ImportMap.TryGetValue(name, out var moduleName) && _states.TryGetValue(moduleName, out var imported))
        {
            if (imported.Symbols.TryGetValue(name, out var remote) && HasOid(remote))
            {
                return ResolveOid(imported, remote, depth + 1);
            }

            if (imported.ResolvedOids?.GetValueOrDefault(name) is { } resolved)
            {
                return resolved;
            }
        }

        switch (name)
        {
            case "iso": return [1];
            case "ccitt": return [0];
            case "joint-iso-ccitt": return [2];
        }

        foreach (var other in _states.Values)
        {
            if (other != state && other.Symbols.TryGetValue(name, out var found) && HasOid(found))
            {
                Report(state, MibSeverity.Warning, at, $"{name} is not imported; using its definition in {other.Name}");
                return ResolveOid(other, found, depth + 1);
            }

            if (other != state && other.ResolvedOids?.GetValueOrDefault(name) is { } resolved)
            {
                Report(state, MibSeverity.Warning, at, $"{name} is not imported; using its definition in {other.Name}");
                return resolved;
            }
        }

        // A module loaded earlier whose parse state was dropped: its node.
        if (FindNode(name) is { } loaded)
        {
            Report(state, MibSeverity.Warning, at, $"{name} is not imported; using its definition in {loaded.ModuleName}");
            return loaded.Oid.SubIdentifiers.ToArray();
        }

        Report(state, MibSeverity.Error, at, $"unknown OBJECT IDENTIFIER name {name}");
        return null;
    }

    private (ModuleState State, Definition Definition)? ResolveType(ModuleState state, string name, string? moduleName, Token at)
    {
        static bool IsType(Definition d) => d.Kind is DefinitionKind.TypeAssignment or DefinitionKind.TextualConvention;
        if (moduleName is null && state.Symbols.TryGetValue(name, out var local) && IsType(local))
        {
            return (state, local);
        }

        var from = moduleName ?? state.ImportMap.GetValueOrDefault(name);
        if (from is not null && _states.TryGetValue(from, out var imported) &&
            imported.Symbols.TryGetValue(name, out var remote) && IsType(remote))
        {
            return (imported, remote);
        }

        if (from is not null && !_states.ContainsKey(from) && SmiTypeNames.ContainsKey(name))
        {
            // An SMI type imported in a group of keywords only, whose module was not read: known without it.
            return null;
        }

        foreach (var other in _states.Values)
        {
            if (other != state && other.Symbols.TryGetValue(name, out var found) && IsType(found))
            {
                Report(state, MibSeverity.Warning, at, $"type {name} is not imported; using its definition in {other.Name}");
                return (other, found);
            }
        }

        return null;
    }

    /// <summary>Follows a SYNTAX through textual conventions and type assignments to its base type; the outermost refinement wins (RFC 2578 9).</summary>
    private MibSyntax ResolveSyntax(ModuleState state, TypeSyntax syntax)
    {
        var baseType = MibBaseType.Unknown;
        string? typeName = null, typeModule = null, hint = null;
        List<MibRange>? ranges = null, sizes = null;
        List<MibNamedNumber>? named = null;
        var current = syntax;
        var scope = state;
        for (int depth = 0; ; depth++)
        {
            ranges ??= current.Ranges?.Select(r => new MibRange(r.Min, r.Max)).ToList();
            sizes ??= current.Sizes?.Select(r => new MibRange(r.Min, r.Max)).ToList();
            named ??= current.NamedNumbers?.Select(n => new MibNamedNumber(n.Name, n.Value)).ToList();
            if (!current.IsReference)
            {
                baseType = current.Name switch
                {
                    "INTEGER" => MibBaseType.Integer32,
                    "OCTET STRING" => MibBaseType.OctetString,
                    "OBJECT IDENTIFIER" => MibBaseType.ObjectIdentifier,
                    "BITS" => MibBaseType.Bits,
                    "SEQUENCE" => MibBaseType.Sequence,
                    "SEQUENCE OF" => MibBaseType.SequenceOf,
                    _ => MibBaseType.Unknown,
                };
                break;
            }

            if (depth > 64)
            {
                Report(scope, MibSeverity.Error, current.Location, $"type {current.Name} is defined in terms of itself");
                break;
            }

            var resolved = ResolveType(scope, current.Name, current.ReferenceModule, current.Location);
            if (typeName is null)
            {
                typeName = current.Name;
                typeModule = resolved?.State.Name ??
                             (SmiTypeNames.ContainsKey(current.Name) ? current.ReferenceModule ?? scope.ImportMap.GetValueOrDefault(current.Name) : null);
            }

            if (SmiTypeNames.TryGetValue(current.Name, out var smi) &&
                (resolved is null || resolved.Value.State.Name is "SNMPv2-SMI" or "RFC1155-SMI" || resolved.Value.Definition.Syntax?.ApplicationTag is not null))
            {
                baseType = smi;
                break;
            }

            if (resolved is null)
            {
                Report(scope, MibSeverity.Error, current.Location, $"unknown type {current.Name}");
                break;
            }

            hint ??= resolved.Value.Definition.DisplayHint;
            scope = resolved.Value.State;
            current = resolved.Value.Definition.Syntax!;
        }

        return new MibSyntax(baseType, typeName, typeModule, ranges ?? [], sizes ?? [], named ?? [], hint);
    }

    private enum LoadStatus
    {
        Parsed,
        Loading,
        Loaded,
    }

    private sealed class TreeNode
    {
        public ChildMap? Children;
        public List<MibNode>? Nodes;
    }

    /// <summary>
    /// A tree node's children by arc: sorted arrays searched by halving, much lighter than a
    /// dictionary for the one to three children most nodes have (a cache load builds thousands).
    /// </summary>
    private sealed class ChildMap
    {
        private uint[] _arcs = new uint[2];
        private TreeNode[] _children = new TreeNode[2];
        private int _count;

        public bool TryGetValue(uint arc, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TreeNode? child)
        {
            int i = _arcs.AsSpan(0, _count).BinarySearch(arc);
            child = i >= 0 ? _children[i] : null;
            return i >= 0;
        }

        public TreeNode this[uint arc]
        {
            set
            {
                int i = _arcs.AsSpan(0, _count).BinarySearch(arc);
                if (i >= 0)
                {
                    _children[i] = value;
                    return;
                }

                i = ~i;
                if (_count == _arcs.Length)
                {
                    Array.Resize(ref _arcs, _count * 2);
                    Array.Resize(ref _children, _count * 2);
                }

                Array.Copy(_arcs, i, _arcs, i + 1, _count - i);
                Array.Copy(_children, i, _children, i + 1, _count - i);
                _arcs[i] = arc;
                _children[i] = value;
                _count++;
            }
        }
    }

    private sealed class ModuleState
    {
        private HashSet<string>? _otherNames;

        public ModuleState(ModuleDefinition definition)
        {
            Definition = definition;
            Name = definition.Name;
            File = definition.File;
            foreach (var d in definition.Definitions)
            {
                Symbols.TryAdd(d.Name, d);
            }

            foreach (var macro in definition.Macros)
            {
                Macros.Add(macro);
            }
        }

        /// <summary>The module as parsed; null once <see cref="Compact"/> dropped it.</summary>
        public ModuleDefinition? Definition { get; private set; }

        public string Name { get; }

        public string File { get; }

        /// <summary>After <see cref="Compact"/>: the OID of each of the module's names that has one.</summary>
        public Dictionary<string, uint[]>? ResolvedOids { get; private set; }

        public Dictionary<string, Definition> Symbols { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Macros { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> ImportMap { get; } = new(StringComparer.Ordinal);

        public Dictionary<Definition, uint[]?> Oids { get; } = [];

        public HashSet<Definition> Resolving { get; } = [];

        public LoadStatus Status { get; set; } = LoadStatus.Parsed;

        public MibModule? Module { get; set; }

        public bool Defines(string symbol) =>
            Symbols.ContainsKey(symbol) || Macros.Contains(symbol) || ResolvedOids?.ContainsKey(symbol) == true || _otherNames?.Contains(symbol) == true;

        /// <summary>
        /// Once the module is built: keeps what an importer resolves through (its types with their
        /// syntax, the OIDs of its names, its import map and macros, the names it defines) and drops
        /// the rest of the parse (definitions, clauses, memos).
        /// </summary>
        public void Compact()
        {
            if (Definition is null)
            {
                return;
            }

            var oids = new Dictionary<string, uint[]>(StringComparer.Ordinal);
            foreach (var (name, d) in Symbols)
            {
                if (d.Kind is DefinitionKind.TypeAssignment or DefinitionKind.TextualConvention)
                {
                    continue;
                }

                if (Oids.TryGetValue(d, out var ids) && ids is not null)
                {
                    oids[name] = ids;
                }
                else
                {
                    (_otherNames ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
                }

                Symbols.Remove(name);
            }

            Symbols.TrimExcess();
            ResolvedOids = oids;
            Oids.Clear();
            Oids.TrimExcess();
            Resolving.Clear();
            Definition = null;
        }
    }
}
