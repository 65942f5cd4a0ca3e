using Snmp.Tool;
using Snmp.Tool.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C ends the command between requests (a blocking request ends at its
    // timeout); a second one ends the process at once.
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};
return await SnmpTool.RunAsync(args, ToolConsole.FromProcess(), stop.Token);
