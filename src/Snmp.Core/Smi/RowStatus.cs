namespace Snmp;

/// <summary>
/// The RowStatus textual convention of RFC 2579 (SNMPv2-TC): the values of a conceptual row's
/// status column, with which managers create (createAndGo, createAndWait), suspend
/// (notInService), activate (active) and delete (destroy) rows. notReady is only ever read.
/// Textual conventions live here beside the SMI types they refine.
/// </summary>
public enum RowStatus
{
#pragma warning disable CS1591 // The names are the RFC's.
    Active = 1,
    NotInService = 2,
    NotReady = 3,
    CreateAndGo = 4,
    CreateAndWait = 5,
    Destroy = 6,
#pragma warning restore CS1591
}
