namespace Snmp.Simulator;

/// <summary>
/// What a record's value does beyond being served as recorded: snmpsim's variation modules
/// written in the tag (<c>OID|65:numeric|rate=100,initial=5</c>), of which the simulator runs
/// <c>numeric</c> (a value that moves with time), <c>writecache</c> (writable, kept per device),
/// <c>error</c> (an error-status for get or set) and <c>delay</c> (an answer that waits).
/// </summary>
/// <param name="Module">The module's name as written ("numeric").</param>
/// <param name="Arguments">Its <c>name=value</c> arguments, in order.</param>
public sealed record RecordedVariation(string Module, IReadOnlyDictionary<string, string> Arguments)
{
    /// <summary>An argument, or null.</summary>
    public string? this[string name] => Arguments.TryGetValue(name, out var value) ? value : null;
}
