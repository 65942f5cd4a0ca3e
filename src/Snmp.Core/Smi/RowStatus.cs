namespace Snmp;

/// <summary>
/// The RowStatus textual convention of RFC 2579 (SNMPv2-TC): the values of a conceptual row's
/// status column, with which managers create (createAndGo, createAndWait), suspend
/// (notInService), activate (active) and delete (destroy) rows. notReady is only ever read.
/// Textual conventions live here beside the SMI types they refine.
/// </summary>
public enum RowStatus
{
    /// <summary>active(1): the row is available for use by the managed device.</summary>
    Active = 1,
    /// <summary>notInService(2): the row exists but is not available for use.</summary>
    NotInService = 2,
    /// <summary>notReady(3): the row exists but lacks information to become available; only ever read, never written.</summary>
    NotReady = 3,
    /// <summary>createAndGo(4): written to create the row and make it active at once.</summary>
    CreateAndGo = 4,
    /// <summary>createAndWait(5): written to create the row without making it available (it becomes notInService or notReady).</summary>
    CreateAndWait = 5,
    /// <summary>destroy(6): written to delete the row.</summary>
    Destroy = 6,
}
