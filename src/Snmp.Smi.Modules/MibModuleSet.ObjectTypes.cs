namespace Snmp.Smi.Modules;

// IObjectTypeResolver (issue 11): what the facade needs of a definition, in Core's terms, so that
// Manager.GetTable knows a table's columns and the agent checks what it registers by name.
public sealed partial class MibModuleSet : IObjectTypeResolver
{
    /// <summary>
    /// The OBJECT-TYPE defined exactly at <paramref name="oid"/> as the facade sees it: kind,
    /// wire type, MAX-ACCESS and, for a table or its entry, the entry's columns in order; null
    /// when no scalar, table, row or column is defined there.
    /// </summary>
    public ObjectTypeDefinition? FindObjectType(ObjectIdentifier oid)
    {
        ArgumentNullException.ThrowIfNull(oid);
        var node = FindNodes(oid).FirstOrDefault(n => KindOf(n.Kind) is not null);
        if (node is null)
        {
            return null;
        }

        var kind = KindOf(node.Kind)!.Value;
        IReadOnlyList<ObjectTypeDefinition> columns = [];
        if (kind is ObjectTypeKind.Table or ObjectTypeKind.Row)
        {
            var entry = kind == ObjectTypeKind.Row ? oid : oid.Append(1);
            columns = [.. Modules.SelectMany(m => m.Nodes)
                .Where(n => n.Kind == MibNodeKind.Column && n.Oid.Length == entry.Length + 1 && entry.IsAncestorOf(n.Oid))
                .DistinctBy(n => n.Oid[entry.Length])
                .OrderBy(n => n.Oid[entry.Length])
                .Select(n => Define(n, ObjectTypeKind.Column, []))];
        }

        return Define(node, kind, columns);
    }

    private static ObjectTypeDefinition Define(MibNode node, ObjectTypeKind kind, IReadOnlyList<ObjectTypeDefinition> columns) =>
        new(node.Oid, node.QualifiedName, kind, kind is ObjectTypeKind.Scalar or ObjectTypeKind.Column ? WireType(node.Syntax) : null,
            node.Syntax?.TypeName, node.MaxAccess, columns);

    private static ObjectTypeKind? KindOf(MibNodeKind kind) => kind switch
    {
        MibNodeKind.Scalar => ObjectTypeKind.Scalar,
        MibNodeKind.Table => ObjectTypeKind.Table,
        MibNodeKind.Row => ObjectTypeKind.Row,
        MibNodeKind.Column => ObjectTypeKind.Column,
        _ => null,
    };

    /// <summary>The type a value of this syntax has on the wire (RFC 2578 7.1; BITS are an OCTET STRING, 7.1.4).</summary>
    private static SnmpType? WireType(MibSyntax? syntax) => syntax?.BaseType switch
    {
        MibBaseType.Integer32 => SnmpType.Integer32,
        MibBaseType.OctetString or MibBaseType.Bits => SnmpType.OctetString,
        MibBaseType.ObjectIdentifier => SnmpType.ObjectIdentifier,
        MibBaseType.IpAddress or MibBaseType.NetworkAddress => SnmpType.IpAddress,
        MibBaseType.Counter32 => SnmpType.Counter32,
        MibBaseType.Gauge32 or MibBaseType.Unsigned32 => SnmpType.Gauge32,
        MibBaseType.TimeTicks => SnmpType.TimeTicks,
        MibBaseType.Opaque => SnmpType.Opaque,
        MibBaseType.Counter64 => SnmpType.Counter64,
        _ => null,
    };
}
