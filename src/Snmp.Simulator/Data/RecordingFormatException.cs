namespace Snmp.Simulator;

/// <summary>
/// A recording that cannot be served: a malformed record, a conflicting duplicate, a missing or
/// unreadable file. The message names the file and, for a record, its line.
/// </summary>
public sealed class RecordingFormatException : SnmpConfigurationException
{
    /// <summary>Creates the exception for <paramref name="file"/> at <paramref name="line"/> (0: the file as a whole).</summary>
    public RecordingFormatException(string file, int line, string problem, Exception? innerException = null)
        : base(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}", innerException!)
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The recording's path.</summary>
    public string File { get; }

    /// <summary>The line of the record at fault (1-based), or 0 for the file as a whole.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the file and line.</summary>
    public string Problem { get; }
}
