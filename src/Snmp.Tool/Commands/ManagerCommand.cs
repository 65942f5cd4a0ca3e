using Snmp.Smi.Modules;
using Snmp.Tool.Cli;
using Snmp.Tool.Output;

namespace Snmp.Tool.Commands;

/// <summary>
/// What the commands that talk to one agent share: the MIB modules, the session for the agent
/// operand, names resolved with Net-SNMP's complaint, varbinds printed as lines or JSON, and the
/// library's typed failures told in Net-SNMP's words.
/// </summary>
internal abstract class ManagerCommand : ToolCommand
{
    public sealed override async Task<int> RunAsync(CommonOptions options, ToolConsole console, CancellationToken cancellationToken)
    {
        var all = ReadApplicationOptions(options, options.Operands);
        if (all.Count == 0)
        {
            throw new ToolException("No hostname specified.", 1, showUsage: true);
        }

        var mibs = MibSelection.Load(options, console);
        var printer = new VarBindPrinter(mibs, options.Output);
        var output = new VarBindOutput(console, printer, options.Json) { SearchPath = MibSelection.SearchPath(options, console) };
        var operands = all.Skip(1).ToArray();
        var prepared = Prepare(operands, mibs, output);
        await using var session = AgentSession.Open(options, Program, all[0], mibs, console.Error, console.Environment, console.Error);
        try
        {
            return await RunAsync(session, prepared, output, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Failures.Explain(e, Program, session) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Reads this command's -C letters (Net-SNMP: "Unknown flag passed to -C: z"); returns the
    /// operands left (a -C letter may take the next word, as snmptable's -Cf does).
    /// </summary>
    protected virtual IReadOnlyList<string> ReadApplicationOptions(CommonOptions options, IReadOnlyList<string> operands)
    {
        ReadApplicationOptions(options);
        return operands;
    }

    /// <summary>Reads this command's -C letters when none takes a word of its own.</summary>
    protected virtual void ReadApplicationOptions(CommonOptions options)
    {
        foreach (var value in options.ApplicationOptions)
        {
            throw new ToolException($"Unknown flag passed to -C: {value[0]}", 1, showUsage: true);
        }
    }

    /// <summary>Checks and converts the operands after the agent before anything is sent.</summary>
    protected abstract object Prepare(IReadOnlyList<string> operands, MibModuleSet mibs, VarBindOutput output);

    protected abstract Task<int> RunAsync(AgentSession session, object prepared, VarBindOutput output, CancellationToken cancellationToken);

    /// <summary>A name or numeric OID as Net-SNMP reads it, or its complaint ("x: Unknown Object Identifier (...)").</summary>
    public static bool TryResolve(MibModuleSet mibs, string text, out ObjectIdentifier oid, out string complaint) => TryResolve(mibs, text, "", out oid, out complaint);

    /// <summary>As <see cref="TryResolve(MibModuleSet, string, out ObjectIdentifier, out string)"/>, naming <paramref name="searchPath"/> when a module is missing.</summary>
    public static bool TryResolve(MibModuleSet mibs, string text, string searchPath, out ObjectIdentifier oid, out string complaint)
    {
        complaint = "";
        if (mibs.TryResolve(text, out var resolved) && resolved is not null)
        {
            oid = resolved;
            return true;
        }

        oid = ObjectIdentifier.Parse("0.0");
        int separator = text.IndexOf("::", StringComparison.Ordinal);
        if (separator > 0 && mibs.FindModule(text[..separator]) is null && mibs.Load(text[..separator]) is null)
        {
            // Net-SNMP tries to load the module the name starts with, and says so when it cannot.
            complaint = $"MIB search path: {searchPath}\nCannot find module ({text[..separator]}): At line 1 in (none)\n{text}: Unknown Object Identifier";
            return false;
        }

        var labels = text.Contains("::", StringComparison.Ordinal) ? text[(text.IndexOf("::", StringComparison.Ordinal) + 2)..] : text;
        var parts = labels.TrimStart('.').Split('.');
        int bad = Array.FindIndex(parts, p => !uint.TryParse(p, out _));
        var label = bad < 0 ? labels : parts[bad];
        complaint = bad == 0
            ? $"{text}: Unknown Object Identifier (Sub-id not found: (top) -> {label})"
            : $"{text}: Unknown Object Identifier ({label})";
        return false;
    }

    /// <summary>Resolves every name; prints each complaint and exits 1 after them all, as snmpget does.</summary>
    protected static ObjectIdentifier[] ResolveAll(IReadOnlyList<string> names, MibModuleSet mibs, VarBindOutput output)
    {
        var oids = new List<ObjectIdentifier>();
        bool failed = false;
        foreach (var name in names)
        {
            if (TryResolve(mibs, name, output.SearchPath, out var oid, out var complaint))
            {
                oids.Add(oid);
            }
            else
            {
                output.Console.Error.WriteLine(complaint);
                failed = true;
            }
        }

        if (failed)
        {
            throw new ToolException("", 1);
        }

        return [.. oids];
    }
}

/// <summary>Where varbinds go: Net-SNMP's lines or --json's objects on standard output.</summary>
internal sealed class VarBindOutput(ToolConsole console, VarBindPrinter printer, bool json)
{
    private readonly JsonVarBindWriter _json = new(printer);

    public ToolConsole Console { get; } = console;

    public VarBindPrinter Printer { get; } = printer;

    /// <summary>The MIB search path, for Net-SNMP's complaint about a missing module.</summary>
    public string SearchPath { get; init; } = "";

    public void Write(VarBind varBind)
    {
        if (json)
        {
            Console.Out.Write(_json.Format(varBind));
            Console.Out.Write('\n');
        }
        else
        {
            Printer.Write(Console.Out, varBind);
        }
    }
}
