using System.Numerics;

namespace Snmp.Smi.Modules;

/// <summary>What a MIB node is: the macro that defined it, with OBJECT-TYPE split by its place in a table.</summary>
public enum MibNodeKind
{
    /// <summary>An OBJECT IDENTIFIER value assignment (or a name(number) inside one).</summary>
    ObjectIdentifier,

    /// <summary>MODULE-IDENTITY (RFC 2578 5).</summary>
    ModuleIdentity,

    /// <summary>OBJECT-IDENTITY (RFC 2578 6).</summary>
    ObjectIdentity,

    /// <summary>OBJECT-TYPE that is neither a table, a row nor a column (RFC 2578 7).</summary>
    Scalar,

    /// <summary>OBJECT-TYPE whose SYNTAX is SEQUENCE OF.</summary>
    Table,

    /// <summary>OBJECT-TYPE with INDEX or AUGMENTS (a conceptual row).</summary>
    Row,

    /// <summary>OBJECT-TYPE under a row.</summary>
    Column,

    /// <summary>NOTIFICATION-TYPE (RFC 2578 8).</summary>
    Notification,

    /// <summary>TRAP-TYPE (RFC 1215); its OID is the enterprise, 0, and the trap number (RFC 3584 3.1).</summary>
    Trap,

    /// <summary>OBJECT-GROUP (RFC 2580 3).</summary>
    ObjectGroup,

    /// <summary>NOTIFICATION-GROUP (RFC 2580 4).</summary>
    NotificationGroup,

    /// <summary>MODULE-COMPLIANCE (RFC 2580 5).</summary>
    ModuleCompliance,

    /// <summary>AGENT-CAPABILITIES (RFC 2580 6).</summary>
    AgentCapabilities,
}

/// <summary>The SMI base type a syntax comes down to (RFC 2578 7.1, RFC 1155 3.2).</summary>
public enum MibBaseType
{
    /// <summary>Not resolved (an unknown type name).</summary>
    Unknown,

    /// <summary>INTEGER / Integer32.</summary>
    Integer32,

    /// <summary>OCTET STRING.</summary>
    OctetString,

    /// <summary>OBJECT IDENTIFIER.</summary>
    ObjectIdentifier,

    /// <summary>BITS (RFC 2578 7.1.4).</summary>
    Bits,

    /// <summary>IpAddress.</summary>
    IpAddress,

    /// <summary>Counter32 (SMIv1 Counter).</summary>
    Counter32,

    /// <summary>Gauge32 (SMIv1 Gauge).</summary>
    Gauge32,

    /// <summary>Unsigned32.</summary>
    Unsigned32,

    /// <summary>TimeTicks.</summary>
    TimeTicks,

    /// <summary>Opaque.</summary>
    Opaque,

    /// <summary>Counter64.</summary>
    Counter64,

    /// <summary>SMIv1 NetworkAddress (RFC 1155 3.2.3.1).</summary>
    NetworkAddress,

    /// <summary>SEQUENCE (a row's type).</summary>
    Sequence,

    /// <summary>SEQUENCE OF (a table's type).</summary>
    SequenceOf,
}

/// <summary>An inclusive range of a SYNTAX refinement: value range, or SIZE.</summary>
/// <param name="Min">The lower bound.</param>
/// <param name="Max">The upper bound.</param>
public readonly record struct MibRange(BigInteger Min, BigInteger Max)
{
    /// <inheritdoc />
    public override string ToString() => Min == Max ? Min.ToString() : $"{Min}..{Max}";
}

/// <summary>A named number of an enumerated INTEGER or a BITS construct.</summary>
/// <param name="Name">The label.</param>
/// <param name="Value">The number (the bit position for BITS).</param>
public readonly record struct MibNamedNumber(string Name, long Value)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}({Value})";
}

/// <summary>An item of an INDEX clause (RFC 2578 7.7).</summary>
/// <param name="Name">The index object's name (or, in SMIv1, a type name).</param>
/// <param name="Implied">Whether it is marked IMPLIED.</param>
public sealed record MibIndexItem(string Name, bool Implied);

/// <summary>An object's syntax, with what its textual convention adds.</summary>
public sealed class MibSyntax
{
    internal MibSyntax(MibBaseType baseType, string? typeName, string? typeModule, IReadOnlyList<MibRange> ranges,
        IReadOnlyList<MibRange> sizes, IReadOnlyList<MibNamedNumber> namedNumbers, string? displayHint)
    {
        BaseType = baseType;
        TypeName = typeName;
        TypeModule = typeModule;
        Ranges = ranges;
        Sizes = sizes;
        NamedNumbers = namedNumbers;
        DisplayHint = displayHint;
    }

    /// <summary>The SMI base type.</summary>
    public MibBaseType BaseType { get; }

    /// <summary>The textual convention or type named in SYNTAX (e.g. DisplayString); null for a built-in type.</summary>
    public string? TypeName { get; }

    /// <summary>The module that defines <see cref="TypeName"/>.</summary>
    public string? TypeModule { get; }

    /// <summary>The value ranges in force (the object's own refinement, else its textual convention's).</summary>
    public IReadOnlyList<MibRange> Ranges { get; }

    /// <summary>The SIZE ranges in force.</summary>
    public IReadOnlyList<MibRange> Sizes { get; }

    /// <summary>The enumeration (INTEGER) or the named bits (BITS).</summary>
    public IReadOnlyList<MibNamedNumber> NamedNumbers { get; }

    /// <summary>The DISPLAY-HINT of the textual convention (RFC 2579 3.1), the nearest one in the chain.</summary>
    public string? DisplayHint { get; }

    /// <inheritdoc />
    public override string ToString() => TypeName ?? BaseType.ToString();
}

/// <summary>One named node of a module: an OBJECT IDENTIFIER value, an object, a notification, a group...</summary>
public sealed class MibNode
{
    private string? _description;
    private string? _reference;
    private CachedText _descriptionText;
    private CachedText _referenceText;

    internal MibNode(string name, string moduleName, MibNodeKind kind, ObjectIdentifier oid)
    {
        Name = name;
        ModuleName = moduleName;
        Kind = kind;
        Oid = oid;
    }

    /// <summary>The descriptor.</summary>
    public string Name { get; }

    /// <summary>The module that defines it.</summary>
    public string ModuleName { get; }

    /// <summary>What it is.</summary>
    public MibNodeKind Kind { get; internal set; }

    /// <summary>Its object identifier.</summary>
    public ObjectIdentifier Oid { get; }

    /// <summary>SYNTAX (OBJECT-TYPE), resolved to its base type; null for other kinds.</summary>
    public MibSyntax? Syntax { get; internal set; }

    /// <summary>MAX-ACCESS (SMIv2) or ACCESS (SMIv1), as written ("read-only", "read-create", ...).</summary>
    public string? MaxAccess { get; internal set; }

    /// <summary>STATUS as written ("current", "deprecated", "obsolete", "mandatory", ...).</summary>
    public string? Status { get; internal set; }

    /// <summary>DESCRIPTION, as written between the quotes.</summary>
    public string? Description
    {
        get => _description ??= _descriptionText.Decode();
        internal set => (_description, _descriptionText) = (value, default);
    }

    /// <summary>REFERENCE.</summary>
    public string? Reference
    {
        get => _reference ??= _referenceText.Decode();
        internal set => (_reference, _referenceText) = (value, default);
    }

    /// <summary>DESCRIPTION still undecoded in a cache's bytes (decoded on first use).</summary>
    internal CachedText DescriptionText
    {
        set => (_description, _descriptionText) = (null, value);
    }

    /// <summary>REFERENCE still undecoded in a cache's bytes.</summary>
    internal CachedText ReferenceText
    {
        set => (_reference, _referenceText) = (null, value);
    }

    /// <summary>UNITS.</summary>
    public string? Units { get; internal set; }

    /// <summary>DEFVAL's value as written, without the braces.</summary>
    public string? DefaultValue { get; internal set; }

    /// <summary>The INDEX clause of a row (empty when none).</summary>
    public IReadOnlyList<MibIndexItem> Index { get; internal set; } = [];

    /// <summary>The row an AUGMENTS clause names.</summary>
    public string? Augments { get; internal set; }

    /// <summary>OBJECTS of a notification or group, VARIABLES of a trap, NOTIFICATIONS of a notification group.</summary>
    public IReadOnlyList<string> Objects { get; internal set; } = [];

    /// <summary>
    /// The MODULE parts of a MODULE-COMPLIANCE (RFC 2580 5) or the SUPPORTS parts of an
    /// AGENT-CAPABILITIES (RFC 2580 6), in order; empty for other nodes.
    /// </summary>
    public IReadOnlyList<MibConformanceModule> ConformanceModules { get; internal set; } = [];

    /// <summary>The DISPLAY-HINT of the object's textual convention, if any.</summary>
    public string? DisplayHint => Syntax?.DisplayHint;

    /// <summary>"MODULE::name".</summary>
    public string QualifiedName => ModuleName + "::" + Name;

    /// <inheritdoc />
    public override string ToString() => QualifiedName;
}

/// <summary>What a <see cref="MibConformanceItem"/> is (RFC 2580).</summary>
public enum MibConformanceItemKind
{
    /// <summary>A MODULE-COMPLIANCE's GROUP: a conditionally mandatory group (RFC 2580 5.4.2).</summary>
    Group,

    /// <summary>A MODULE-COMPLIANCE's OBJECT refinement: SYNTAX, WRITE-SYNTAX, MIN-ACCESS (RFC 2580 5.4.3).</summary>
    Object,

    /// <summary>An AGENT-CAPABILITIES VARIATION: SYNTAX, WRITE-SYNTAX, ACCESS, CREATION-REQUIRES, DEFVAL (RFC 2580 6.5.2).</summary>
    Variation,
}

/// <summary>
/// One MODULE part of a MODULE-COMPLIANCE (RFC 2580 5.4) or SUPPORTS part of an AGENT-CAPABILITIES
/// (RFC 2580 6.5).
/// </summary>
/// <param name="ModuleName">The module the part is about; null for a MODULE part without a name (the compliance statement's own module).</param>
/// <param name="Groups">MANDATORY-GROUPS of a compliance module, INCLUDES of a supported module.</param>
/// <param name="Items">GROUP and OBJECT clauses, or VARIATION clauses, in order.</param>
public sealed record MibConformanceModule(string? ModuleName, IReadOnlyList<string> Groups, IReadOnlyList<MibConformanceItem> Items);

/// <summary>A GROUP, OBJECT refinement or VARIATION of RFC 2580, with the clauses it gives.</summary>
/// <param name="Kind">Which of the three it is.</param>
/// <param name="Name">The group, object or notification it names.</param>
/// <param name="Syntax">The refined SYNTAX, if given.</param>
/// <param name="WriteSyntax">The WRITE-SYNTAX, if given.</param>
/// <param name="Access">MIN-ACCESS of an OBJECT refinement, ACCESS of a VARIATION, if given.</param>
/// <param name="CreationRequires">CREATION-REQUIRES of a VARIATION (empty when none).</param>
/// <param name="DefaultValue">DEFVAL of a VARIATION as written, without the braces.</param>
/// <param name="Description">Its DESCRIPTION.</param>
public sealed record MibConformanceItem(
    MibConformanceItemKind Kind,
    string Name,
    MibSyntax? Syntax,
    MibSyntax? WriteSyntax,
    string? Access,
    IReadOnlyList<string> CreationRequires,
    string? DefaultValue,
    string? Description);

/// <summary>
/// UTF-8 text kept in the bytes of a MIB module cache and decoded when first asked for: most
/// DESCRIPTION and REFERENCE clauses are never read, and they are most of a cache.
/// Bounds are checked when the cache is read, so decoding cannot fail (bad UTF-8 becomes U+FFFD).
/// </summary>
internal readonly struct CachedText(byte[] bytes, int offset, int length)
{
    /// <summary>The text, or null when there is none (the default value).</summary>
    public string? Decode() => bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes, offset, length);
}

/// <summary>A loaded module: its name, where it came from, and its nodes in definition order.</summary>
public sealed class MibModule
{
    internal MibModule(string name, string file)
    {
        Name = name;
        File = file;
    }

    /// <summary>The module name.</summary>
    public string Name { get; }

    /// <summary>The file it was read from, or "(built-in)".</summary>
    public string File { get; }

    /// <summary>Its nodes in definition order.</summary>
    public IReadOnlyList<MibNode> Nodes => NodeList;

    internal List<MibNode> NodeList { get; } = [];

    /// <inheritdoc />
    public override string ToString() => Name;
}
