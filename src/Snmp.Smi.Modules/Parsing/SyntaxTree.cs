using System.Numerics;

namespace Snmp.Smi.Modules.Parsing;

/// <summary>One module as written: its imports and assignments, before any name is resolved.</summary>
internal sealed class ModuleDefinition(string name, string file, Token location)
{
    public string Name { get; } = name;
    public string File { get; } = file;
    public Token Location { get; } = location;
    public List<ImportGroup> Imports { get; } = [];
    public List<Definition> Definitions { get; } = [];
    public List<string> Macros { get; } = [];
    public List<MibDiagnostic> Diagnostics { get; } = [];
}

/// <summary>"symbols FROM Module" of an IMPORTS clause.</summary>
internal sealed record ImportGroup(string Module, Token ModuleToken, List<Token> Symbols);

/// <summary>One component of an OBJECT IDENTIFIER value: a name, a number, or name(number).</summary>
internal sealed record OidComponent(string? Name, uint? Number, Token Location);

/// <summary>An index item of an INDEX clause (RFC 2578 7.7; RFC 1212 allows type names too).</summary>
internal sealed record IndexItem(string Name, bool Implied);

/// <summary>A type as written (RFC 2578 7.1): a built-in or referenced type, with its refinements.</summary>
internal sealed class TypeSyntax(Token location)
{
    public Token Location { get; } = location;

    /// <summary>INTEGER, OCTET STRING, OBJECT IDENTIFIER, BITS, SEQUENCE, SEQUENCE OF, CHOICE, NULL, or the referenced type's name.</summary>
    public string Name { get; set; } = "";

    public bool IsReference { get; set; }
    public string? ReferenceModule { get; set; }
    public int? ApplicationTag { get; set; }
    public List<(BigInteger Min, BigInteger Max)>? Ranges { get; set; }
    public List<(BigInteger Min, BigInteger Max)>? Sizes { get; set; }
    public List<(string Name, long Value)>? NamedNumbers { get; set; }
    public TypeSyntax? ElementType { get; set; }
    public List<(string Name, TypeSyntax Type)>? Fields { get; set; }
}

/// <summary>What an assignment is.</summary>
internal enum DefinitionKind
{
    ObjectIdentifier,
    ModuleIdentity,
    ObjectIdentity,
    ObjectType,
    NotificationType,
    TrapType,
    ObjectGroup,
    NotificationGroup,
    ModuleCompliance,
    AgentCapabilities,
    TextualConvention,
    TypeAssignment,
    OtherValue,
}

/// <summary>One assignment of a module body, with the clauses the compiler keeps.</summary>
internal sealed class Definition(string name, DefinitionKind kind, Token location)
{
    public string Name { get; } = name;
    public DefinitionKind Kind { get; } = kind;
    public Token Location { get; } = location;
    public List<OidComponent>? Oid { get; set; }
    public uint? TrapNumber { get; set; }
    public string? Enterprise { get; set; }
    public Token EnterpriseToken { get; set; }
    public TypeSyntax? Syntax { get; set; }
    public string? Units { get; set; }
    public string? Access { get; set; }
    public string? Status { get; set; }
    public string? Description { get; set; }
    public string? Reference { get; set; }
    public string? DisplayHint { get; set; }
    public string? DefVal { get; set; }
    public List<IndexItem>? Index { get; set; }
    public string? Augments { get; set; }
    public List<string>? Objects { get; set; }
    public List<ConformancePart>? Conformance { get; set; }
}

/// <summary>A MODULE part of a MODULE-COMPLIANCE or a SUPPORTS part of an AGENT-CAPABILITIES (RFC 2580 5.4, 6.5).</summary>
internal sealed class ConformancePart(string? module)
{
    public string? Module { get; } = module;
    public List<string> Groups { get; } = [];
    public List<ConformanceItemSyntax> Items { get; } = [];
}

/// <summary>A GROUP, OBJECT or VARIATION clause with its own clauses.</summary>
internal sealed class ConformanceItemSyntax(Snmp.Smi.Modules.MibConformanceItemKind kind, string name)
{
    public Snmp.Smi.Modules.MibConformanceItemKind Kind { get; } = kind;
    public string Name { get; } = name;
    public TypeSyntax? Syntax { get; set; }
    public TypeSyntax? WriteSyntax { get; set; }
    public string? Access { get; set; }
    public List<string> CreationRequires { get; } = [];
    public string? DefVal { get; set; }
    public string? Description { get; set; }
}
