namespace Snmp;

/// <summary>
/// An <see cref="IObjectNameResolver"/> that also knows what the MIB says of its OBJECT-TYPEs
/// (RFC 2578 section 7): whether a node is a scalar, a table, a conceptual row or a column, its
/// syntax and MAX-ACCESS, and a table's columns. The facade asks it, when the configured
/// resolver offers it, to read all of a table's columns at once and to check the objects an
/// agent registers by name against their definitions. <c>Snmp.Smi.Modules</c>' <c>MibModuleSet</c>
/// implements it.
/// </summary>
public interface IObjectTypeResolver : IObjectNameResolver
{
    /// <summary>
    /// The OBJECT-TYPE defined exactly at <paramref name="oid"/> (not an instance of it), or null
    /// when none is (an unknown OID, or a node that is not an OBJECT-TYPE).
    /// </summary>
    ObjectTypeDefinition? FindObjectType(ObjectIdentifier oid);
}

/// <summary>What an OBJECT-TYPE is (RFC 2578 sections 7.1.12 and 7.10).</summary>
public enum ObjectTypeKind
{
    /// <summary>A scalar: one instance, <c>oid.0</c>.</summary>
    Scalar,
    /// <summary>A table (SYNTAX SEQUENCE OF xxxEntry).</summary>
    Table,
    /// <summary>A conceptual row, the table's entry (xxxEntry, with INDEX or AUGMENTS).</summary>
    Row,
    /// <summary>A columnar object of a conceptual row.</summary>
    Column,
}

/// <summary>
/// One OBJECT-TYPE as an <see cref="IObjectTypeResolver"/> describes it.
/// </summary>
/// <param name="Oid">Its OID.</param>
/// <param name="Name">"MODULE::descriptor".</param>
/// <param name="Kind">Scalar, table, row or column.</param>
/// <param name="Syntax">The wire type of its values (BITS are OCTET STRING, Unsigned32 Gauge32); null for a table or row.</param>
/// <param name="SyntaxName">The textual convention or type its SYNTAX names ("DisplayString", "RowStatus"), or null.</param>
/// <param name="MaxAccess">MAX-ACCESS (or SMIv1 ACCESS) as written: "read-only", "read-write", "read-create", "not-accessible", "accessible-for-notify", ...</param>
/// <param name="Columns">For a table or row: its columns in sub-identifier order, not-accessible index columns included; empty otherwise.</param>
public sealed record ObjectTypeDefinition(ObjectIdentifier Oid, string Name, ObjectTypeKind Kind, SnmpType? Syntax, string? SyntaxName, string? MaxAccess,
    IReadOnlyList<ObjectTypeDefinition> Columns)
{
    /// <summary>The MIB lets a manager read it: MAX-ACCESS is read-only, read-write, read-create (or SMIv1's write-only is not).</summary>
    public bool IsReadable => MaxAccess is "read-only" or "read-write" or "read-create";
}
