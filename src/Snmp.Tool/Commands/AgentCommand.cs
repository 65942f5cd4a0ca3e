using System.Globalization;
using Snmp.Tool.Demo;
using Snmp.Tool.Cli;

namespace Snmp.Tool.Commands;

/// <summary>
/// <c>snmp agent</c>: the demo agent (<see cref="DemoAgent"/>) on the operands' addresses
/// (default 127.0.0.1:1161) until interrupted. --rows=N, --boots-file=F, --trap-to=HOST:PORT,
/// --trap-v3.
/// </summary>
internal sealed class AgentCommand : ToolCommand
{
    public override string Name => "agent";

    public override string Program => "snmp agent";

    public override string Operands => "[--rows=N] [--boots-file=F] [--trap-to=HOST:PORT [--trap-v3]] [LISTENING-ADDRESS]...";

    public override string Summary => "run the demo agent (system group, counters, a demo table)";

    public override IReadOnlyCollection<string> LongOptions => ["rows", "boots-file", "trap-to", "trap-v3"];

    public override async Task<int> RunAsync(CommonOptions options, ToolConsole console, CancellationToken cancellationToken)
    {
        var own = options.LongOptions;
        int rows = own.TryGetValue("rows", out var r)
            ? int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ToolException($"snmp agent: invalid --rows value: {r}", 1, showUsage: true)
            : DemoMib.DefaultRows;
        var listenOn = options.Operands.Count == 0 ? ["127.0.0.1:1161"] : options.Operands.Select(a => AgentSession.WithDefaultPort(a)).ToList();
        var bootsFile = own.GetValueOrDefault("boots-file") ?? Path.Combine(Path.GetTempPath(), $"snmp-demo-agent-{string.Join('_', listenOn).Replace(':', '-')}.boots");
        var trapTo = own.GetValueOrDefault("trap-to");
        bool trapV3 = own.ContainsKey("trap-v3");
        await using var agent = DemoAgent.Start(listenOn, rows, bootsFile, trapTo, trapV3);
        DemoAgent.WriteBanner(agent, console.Out, rows, trapTo, trapV3);
        await console.Out.WriteLineAsync("Serving until Ctrl+C.").ConfigureAwait(false);
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
