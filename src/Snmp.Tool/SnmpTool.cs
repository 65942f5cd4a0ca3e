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
            await console.Error.WriteAsync(Help()).ConfigureAwait(false);
            return args.Count == 0 ? 1 : 0;
        }

        if (args[0] is "-V" or "--version")
        {
            await console.Out.WriteLineAsync(VersionText).ConfigureAwait(false);
            return 0;
        }

        var command = CreateCommands().FirstOrDefault(c => c.Name == args[0] || c.Program == args[0]);
        if (command is null)
        {
            await console.Error.WriteAsync($"snmp: unknown command '{args[0]}'\n{Help()}").ConfigureAwait(false);
            return 1;
        }

        try
        {
            var options = CommonOptions.Parse(args.Skip(1).ToArray(), command.Program, command.ExtraFlags, command.ValueLetters, command.LongOptions);
            if (options.ShowVersion)
            {
                await console.Out.WriteLineAsync(VersionText).ConfigureAwait(false);
                return 0;
            }

            if (options.Help)
            {
                await console.Error.WriteAsync(command.Usage).ConfigureAwait(false);
                return 1;
            }

            return await command.RunAsync(options, console, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolException e)
        {
            if (e.Message.Length > 0)
            {
                await console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            }

            if (e.ShowUsage)
            {
                await console.Error.WriteAsync(command.Usage).ConfigureAwait(false);
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
            await console.Error.WriteLineAsync($"{command.Program}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await console.Error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
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
