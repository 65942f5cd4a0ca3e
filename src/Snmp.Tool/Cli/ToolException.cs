namespace Snmp.Tool.Cli;

/// <summary>
/// A problem the command reports and exits on: the message (one or more lines, already in
/// Net-SNMP's wording where it has one), the exit code, and whether the usage text follows it,
/// as Net-SNMP's tools print their usage after a bad flag.
/// </summary>
internal sealed class ToolException(string message, int exitCode = 1, bool showUsage = false, bool messageAfterUsage = false) : Exception(message)
{
    /// <summary>Whether the message follows the usage text (snmptable's "Bad -Cw option") rather than preceding it.</summary>
    public bool MessageAfterUsage { get; } = messageAfterUsage;

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>Whether the command's usage is printed after the message.</summary>
    public bool ShowUsage { get; } = showUsage;
}
