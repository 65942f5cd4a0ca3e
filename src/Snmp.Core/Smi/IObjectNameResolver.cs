namespace Snmp;

/// <summary>
/// Turns the symbolic names users write (<c>"IF-MIB::ifDescr.3"</c>, <c>"sysUpTime.0"</c>) into
/// OBJECT IDENTIFIERs and back. The core defines it and the facade consults it for any OID given
/// as text that does not start with a digit; a MIB module compiler (<c>Snmp.Smi.Modules</c>'
/// <c>MibModuleSet</c>) implements it, so the core and the numeric path never depend on one.
/// </summary>
public interface IObjectNameResolver
{
    /// <summary>The OID <paramref name="name"/> stands for ("MODULE::name.index", "name.index" or dotted); false when unknown.</summary>
    bool TryResolve(string name, out ObjectIdentifier? oid);

    /// <summary>
    /// The name to show for <paramref name="oid"/>: "MODULE::object" followed by the instance, the
    /// table index decoded where the resolver knows the table's INDEX clause; the dotted OID when
    /// no prefix is known.
    /// </summary>
    string FormatInstance(ObjectIdentifier oid);
}
