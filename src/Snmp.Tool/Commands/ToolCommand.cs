using Snmp.Tool.Cli;

namespace Snmp.Tool.Commands;

/// <summary>
/// One subcommand of <c>snmp</c>: its name, the Net-SNMP program it stands for (whose name its
/// messages carry, as Net-SNMP's carry argv[0]), its operands and what it does. New subcommands
/// (<c>check</c>, <c>sim</c>) are one more class in <see cref="SnmpTool.CreateCommands"/>.
/// An instance serves one run: it may keep that run's options.
/// </summary>
internal abstract class ToolCommand
{
    /// <summary>The subcommand ("get").</summary>
    public abstract string Name { get; }

    /// <summary>The Net-SNMP program it behaves as ("snmpget"), or its own name where none.</summary>
    public abstract string Program { get; }

    /// <summary>The operands after [OPTIONS] in the usage line.</summary>
    public abstract string Operands { get; }

    /// <summary>One line for the command list.</summary>
    public abstract string Summary { get; }

    /// <summary>Letters without a value this command adds to Net-SNMP's common ones.</summary>
    public virtual string ExtraFlags => "";

    /// <summary>The command's own long options (--name=value).</summary>
    public virtual IReadOnlyCollection<string> LongOptions => [];

    /// <summary>The letters that take a value (Net-SNMP's common ones unless the program differs).</summary>
    public virtual string ValueLetters => CommonOptions.LettersWithValue;

    /// <summary>The usage text printed after a bad flag or with -h.</summary>
    public virtual string Usage => $"USAGE: snmp {Name} [OPTIONS] {Operands}\n\n  {Summary}\n  Options as Net-SNMP's {Program}(1); --json for one JSON object per varbind.\n";

    /// <summary>Runs the command; returns the exit code. Throws <see cref="ToolException"/> for what it reports and exits on.</summary>
    public abstract Task<int> RunAsync(CommonOptions options, ToolConsole console, CancellationToken cancellationToken);
}
