namespace Snmp.Simulator;

/// <summary>What every device of one simulator does alike.</summary>
/// <param name="Live">sysUpTime from the start, counters at their recorded average rate.</param>
/// <param name="Writable">Every object writable (in memory, per device), not only writecache records.</param>
internal sealed record SimulatorSettings(bool Live, bool Writable);
