namespace Snmp.Tool.Cli;

/// <summary>
/// Where a command writes and what it may read of its surroundings: standard output and error,
/// whether standard error is a terminal (for the progress line of long walks), and the
/// environment (MIBS, MIBDIRS, HOME). Tests give their own; <see cref="Program"/> gives the process's.
/// </summary>
internal sealed class ToolConsole(TextWriter output, TextWriter error, bool errorIsTerminal, Func<string, string?> environment)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public bool ErrorIsTerminal { get; } = errorIsTerminal;

    public string? Environment(string name) => environment(name);

    /// <summary>The process's console and environment.</summary>
    public static ToolConsole FromProcess()
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 14) { AutoFlush = false, NewLine = "\n" };
        var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        return new ToolConsole(stdout, stderr, !Console.IsErrorRedirected, System.Environment.GetEnvironmentVariable);
    }
}
