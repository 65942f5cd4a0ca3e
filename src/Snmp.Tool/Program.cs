using Snmp.Tool;
using Snmp.Tool.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await SnmpTool.RunAsync(args, ToolConsole.FromProcess(), stop.Token);
