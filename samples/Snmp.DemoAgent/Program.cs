using System.Globalization;
using Snmp;
using Snmp.Tool.Demo;
using Snmp.Messages;
using Snmp.Security.Usm;

// The embedded demo (the same agent as `snmp agent`, built by Snmp.Tool's DemoAgent): an SNMP agent on 127.0.0.1 serving the system group, the engine's counters
// and a demo table of a few thousand rows, over SNMPv1, v2c and v3 (every security level), then
// the library's own Manager querying it once (get, walk, set) to show it works.
//
//   dotnet run --project samples/Snmp.DemoAgent -- [--port 1161] [--rows 3000] [--boots-file F] [--trap-to host:port [--trap-v3]] [--exit]
//
// --trap-to adds an SNMPv2c trap target (community public): coldStart once the agent listens.
// With --trap-v3 the trap is SNMPv3 authPriv as user demo-priv, the agent its authoritative engine.
// Without --exit it keeps serving until Ctrl+C.

int port = (int)Arg("--port", 1161);
int rows = (int)Arg("--rows", DemoMib.DefaultRows);
bool exitAfterCheck = args.Contains("--exit");
var bootsFile = StringArg("--boots-file") ?? Path.Combine(Path.GetTempPath(), $"snmp-demo-agent-{port}.boots");
var trapTo = StringArg("--trap-to");
bool trapV3 = args.Contains("--trap-v3");

await using var agent = DemoAgent.Start([$"127.0.0.1:{port}"], rows, bootsFile, trapTo, trapV3);
var endpoint = agent.Endpoints[0];
DemoAgent.WriteBanner(agent, Console.Out, rows, trapTo, trapV3);
Console.WriteLine();

// The library's own Manager, once: SNMPv3 authPriv get, a GetBulk walk of the table's name
// column, and a set read back.
await using (var engine = new Engine())
{
    engine.Usm.AddUser("demo-priv", AuthenticationProtocol.HmacSha256, DemoMib.Password, PrivacyProtocol.Aes128, DemoMib.Password);
    var manager = engine.Manager(endpoint);
    var system = await manager.GetAsync("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0");
    Console.WriteLine($"get   {system[0]}");
    Console.WriteLine($"get   {system[1]}");
    int count = 0;
    VarBind last = default;
    await foreach (var vb in manager.WalkAsync(DemoMib.Entry.Append(2)))
    {
        count++;
        last = vb;
    }

    Console.WriteLine($"walk  {count} names in demoTable, last {last}");
    var message = DemoMib.Message.Append(0);
    await manager.SetAsync([new VarBind(message, new OctetString($"set at {DateTime.UtcNow:O}"))]);
    Console.WriteLine($"set   {(await manager.GetAsync(message))[0]}");
    if (count != rows)
    {
        Console.Error.WriteLine($"error: the walk returned {count} rows, not {rows}");
        return 1;
    }
}

if (exitAfterCheck)
{
    return 0;
}

Console.WriteLine();
Console.WriteLine("Serving until Ctrl+C.");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
await stop.Task;
return 0;

string? StringArg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

double Arg(string name, double fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
