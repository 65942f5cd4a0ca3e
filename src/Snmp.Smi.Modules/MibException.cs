namespace Snmp.Smi.Modules;

/// <summary>How bad a <see cref="MibDiagnostic"/> is.</summary>
public enum MibSeverity
{
    /// <summary>Accepted, but not what the SMI (RFC 2578, RFC 1155/1212) allows.</summary>
    Warning,

    /// <summary>Something could not be read or resolved; what depends on it is missing.</summary>
    Error,
}

/// <summary>A problem found while reading or resolving MIB modules, with where it is.</summary>
/// <param name="Severity">How bad it is.</param>
/// <param name="File">The file (or the built-in module's name) the problem is in.</param>
/// <param name="Line">1-based line; 0 when the problem has no place in a file.</param>
/// <param name="Column">1-based column; 0 when the problem has no place in a file.</param>
/// <param name="Message">What is wrong.</param>
public sealed record MibDiagnostic(MibSeverity Severity, string File, int Line, int Column, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}({Line},{Column}): {Severity.ToString().ToLowerInvariant()}: {Message}";
}

/// <summary>MIB text that cannot be read: where, and why.</summary>
public sealed class MibSyntaxException : Exception
{
    /// <summary>Creates the exception for a place in a file.</summary>
    public MibSyntaxException(string file, int line, int column, string reason)
        : base($"{file}({line},{column}): {reason}")
    {
        File = file;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file (or source name) the text came from.</summary>
    public string File { get; }

    /// <summary>1-based line.</summary>
    public int Line { get; }

    /// <summary>1-based column.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the place.</summary>
    public string Reason { get; }
}
