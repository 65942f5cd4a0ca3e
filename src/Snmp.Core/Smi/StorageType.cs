namespace Snmp;

/// <summary>
/// The StorageType textual convention of RFC 2579 (SNMPv2-TC): how a conceptual row of a
/// configuration table is kept. Rows of <see cref="Permanent"/> and <see cref="ReadOnly"/> storage
/// cannot be deleted, and their storage type cannot be written; no row can be made either by a Set.
/// </summary>
public enum StorageType
{
    /// <summary>other(1): kept some other way.</summary>
    Other = 1,
    /// <summary>volatile(2): lost when the engine restarts.</summary>
    Volatile = 2,
    /// <summary>nonVolatile(3): kept across restarts (in the agent's configuration file).</summary>
    NonVolatile = 3,
    /// <summary>permanent(4): configured by the application at every start; writable where the MIB says, never deleted.</summary>
    Permanent = 4,
    /// <summary>readOnly(5): configured by the application; neither written nor deleted.</summary>
    ReadOnly = 5,
}
