using Snmp.Tool.Cli;
using Snmp.Tool.Commands;

namespace Snmp.Tool;

/// <summary>
/// The <c>snmp</c> command: finds the subcommand, parses Net-SNMP's options for it, runs it and
/// turns what it reports into standard error and an exit code. Tests call <see cref="RunAsync"/>
/// in process, with their own <see cref="ToolConsole"/>.
/// </summary>
internal static class SnmpTool
{
    /// <summary>
    /// Every subcommand, in the order the help lists them: new instances on each call, as a
    /// command keeps the options of its one run.
    /// </summary>
    public static IReadOnlyList<ToolCommand> CreateCommands() =>
    [
        new GetCommand(GetCommand.Kind.Get),
        new GetCommand(GetCommand.Kind.GetNext),
        new BulkGetCommand(),
        new WalkCommand(bulk: false),
        new WalkCommand(bulk: true),
        new SetCommand(),
        new TableCommand(),
        new TrapCommand(inform: false),
        new TrapCommand(inform: true),
        new ListenCommand(),
        new TranslateCommand(),
        new UsmCommand(),
        new AgentCommand(),
        new CheckCommand(),
        new SimCommand(),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, ToolConsole console, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            console.Error.Write(Help());
            return args.Count == 0 ? 1 : 0;
        }

        if (args[0] is "-V" or "--version")
        {
            console.Out.WriteLine(VersionText);
            return 0;
        }

        var command = CreateCommands().FirstOrDefault(c => c.Name == args[0] || c.Program == args[0]);
        if (command is null)
        {
            console.Error.Write($"snmp: unknown command '{args[0]}'\n{Help()}");
            return 1;
        }

        try
        {
            var options = CommonOptions.Parse(args.Skip(1).ToArray(), command.Program, command.ExtraFlags, command.ValueLetters, command.LongOptions);
            if (options.ShowVersion)
            {
                console.Out.WriteLine(VersionText);
                return 0;
            }

            if (options.Help)
            {
                console.Error.Write(command.Usage);
                return 1;
            }

            return await command.RunAsync(options, console, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolException e)
        {
            if (e.Message.Length > 0 && !(e.ShowUsage && e.MessageAfterUsage))
            {
                console.Error.WriteLine(e.Message);
            }

            if (e.ShowUsage)
            {
                console.Error.Write(command.Usage);
                if (e.MessageAfterUsage && e.Message.Length > 0)
                {
                    console.Error.WriteLine(e.Message);
                }
            }

            // snmp check: any usage or configuration error is its exit code 2 (1 is a conformance failure).
            return command is CheckCommand ? Math.Max(e.ExitCode, 2) : e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never a stack trace: whatever the library refuses is said in one line.
            console.Error.WriteLine($"{command.Program}: {e.Message}");
            return 1;
        }
        finally
        {
            console.Out.Flush();
            console.Error.Flush();
        }
    }

    private static string VersionText => $"snmp (Snmp.Tool) version: {typeof(SnmpTool).Assembly.GetName().Version?.ToString(3)}";

    private static string Help()
    {
        var sb = new System.Text.StringBuilder("USAGE: snmp COMMAND [OPTIONS] ...\n\nCommands (Net-SNMP's flags and output):\n");
        foreach (var c in CreateCommands())
        {
            sb.Append("  ").Append(c.Name.PadRight(10)).Append(c.Summary).Append('\n');
        }

        return sb.Append("\nsnmp COMMAND -h shows a command's operands.\n").ToString();
    }
}
