using System.Diagnostics;
using System.Globalization;
using Snmp.Simulator;
using Snmp.Tool.Cli;

namespace Snmp.Tool.Commands;

/// <summary>
/// <c>snmp sim</c>: the device simulator (<see cref="DeviceSimulator"/>) on the operands'
/// addresses (default 127.0.0.1:1161; "host:FIRST-LAST" for a port range) until interrupted,
/// and <c>snmp sim record AGENT [OID]</c>, which walks a live agent into an .snmprec recording.
/// </summary>
internal sealed class SimCommand : ToolCommand
{
    public override string Name => "sim";

    public override string Program => "snmp sim";

    public override string Operands =>
        "--data-dir=DIR[,DIR] | --file=F[,F]  [--port-per-device] [--engine-per-address] [--live] [--writable] [--behaviour=timeout=P,toobig=P,generr=P,delay=MS,deviation=MS] " +
        "[--replicas=N] [--threads=N] [--measure [--exit]] [-u USER [-a PROTO] [-A PASS] [-x PROTO] [-X PASS]]... [-e ENGINE-ID] [-c COMMUNITY] [LISTENING-ADDRESS]...\n" +
        "       snmp sim record [OPTIONS] AGENT [OID] [--output=FILE]";

    public override string Summary => "simulate recorded devices (snmpsim .snmprec, snmpwalk -On output, .sapwalk), or record one";

    public override IReadOnlyCollection<string> LongOptions =>
        ["data-dir", "file", "port-per-device", "engine-per-address", "live", "writable", "behaviour", "replicas", "threads", "measure", "exit", "output"];

    public override string Usage => $"USAGE: snmp sim {Operands}\n\n  {Summary}\n" +
        "  Each recording is a device: community (v1/v2c) or context (v3) = its path under the data directory without the extension.\n" +
        "  --threads: threads receiving on each address (default: the processor count / the number of addresses).\n" +
        "  --engine-per-address: each listening address (with --port-per-device, each device) its own SNMPv3 engine ID (-e's first 28 octets + the address's index).\n" +
        "  -u USER adds an SNMPv3 user of every device, with the -a/-A/-x/-X after it (before the next -u; MD5/DES when only -A/-X): repeat for several users;\n" +
        "  -e sets the engine ID; -c the community with --port-per-device (default public).\n";

    public override async Task<int> RunAsync(CommonOptions options, ToolConsole console, CancellationToken cancellationToken)
    {
        if (options.Operands.Count > 0 && options.Operands[0] == "record")
        {
            return await RecordAsync(options, console, cancellationToken).ConfigureAwait(false);
        }

        var own = options.LongOptions;
        var started = Stopwatch.GetTimestamp();
        var simulatorOptions = new SimulatorOptions
        {
            DataDirectories = List(own.GetValueOrDefault("data-dir")),
            Files = List(own.GetValueOrDefault("file")),
            ListenOn = options.Operands.Count == 0 ? ["127.0.0.1:1161"] : [.. options.Operands],
            PortPerDevice = own.ContainsKey("port-per-device"),
            EngineIdPerAddress = own.ContainsKey("engine-per-address"),
            Community = options.Community ?? "public",
            Live = own.ContainsKey("live"),
            Writable = own.ContainsKey("writable"),
            Behaviour = own.TryGetValue("behaviour", out var behaviour) ? ParseBehaviour(behaviour) : null,
            Replicas = own.TryGetValue("replicas", out var replicas) ? Number(replicas, "replicas") : 1,
            ReceiveThreads = own.TryGetValue("threads", out var threads) ? Number(threads, "threads") : null,
            EngineId = options.SecurityEngineId,
            Users = Users(options),
        };

        DeviceSimulator simulator;
        try
        {
            simulator = DeviceSimulator.Start(simulatorOptions);
        }
        catch (SnmpConfigurationException e)
        {
            throw new ToolException($"snmp sim: {e.Message}");
        }

        await using (simulator.ConfigureAwait(false))
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            await console.Out.WriteLineAsync($"Simulating {simulator.Devices.Count} devices ({simulator.SharedRecordings} distinct recordings) on {simulator.Endpoints.Count} addresses from {simulator.Endpoints[0]}, engine ID {simulator.EngineId.ToHex()}").ConfigureAwait(false);
            if (own.ContainsKey("measure"))
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                using var process = Process.GetCurrentProcess();
                process.Refresh();
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"start-up {elapsed.TotalSeconds:F2} s, managed heap {GC.GetTotalMemory(false) / 1048576.0:F1} MiB, working set {process.WorkingSet64 / 1048576.0:F1} MiB, threads {process.Threads.Count}")).ConfigureAwait(false);
                if (own.ContainsKey("exit"))
                {
                    return 0;
                }
            }

            await console.Out.WriteLineAsync("Serving until Ctrl+C.").ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }

    private static async Task<int> RecordAsync(CommonOptions options, ToolConsole console, CancellationToken cancellationToken)
    {
        const string program = "snmp sim record";
        if (options.Operands.Count < 2)
        {
            throw new ToolException("No hostname specified.", 1, showUsage: true);
        }

        var mibs = MibSelection.Load(options, console);
        var root = options.Operands.Count > 2
            ? ManagerCommand.TryResolve(mibs, options.Operands[2], out var oid, out var complaint) ? oid : throw new ToolException(complaint)
            : new ObjectIdentifier(1, 3, 6, 1);
        await using var session = AgentSession.Open(options, program, options.Operands[1], mibs);
        session.Manager.WalkMaxRepetitions = options.Version == SnmpVersion.SNMPv1 ? 0 : 25;
        var path = options.LongOptions.GetValueOrDefault("output");
        var writer = path is null ? console.Out : new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        int records = 0;
        try
        {
            await foreach (var varBind in session.Manager.WalkAsync(root, session.Request, cancellationToken).ConfigureAwait(false))
            {
                if (RecordingWriter.Format(varBind) is { } line)
                {
                    await writer.WriteAsync(line + "\n").ConfigureAwait(false);
                    records++;
                }
            }
        }
        catch (Exception e) when (Failures.Explain(e, program, session.Peer) is { } failure)
        {
            throw failure;
        }
        finally
        {
            await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (path is not null)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }

        await console.Error.WriteLineAsync($"{program}: {records} records from {session.Peer}{(path is null ? "" : " into " + path)}").ConfigureAwait(false);
        return 0;
    }

    // Each -u with its own -a/-A/-x/-X; a pass phrase without a protocol is MD5 or DES, as in snmpsimd.
    private static List<SimulatorUser> Users(CommonOptions options)
    {
        var users = new List<SimulatorUser>();
        foreach (var user in options.Users)
        {
            if (users.Any(u => u.Name == user.Name))
            {
                throw new ToolException($"snmp sim: the user {user.Name} is given twice", 1, showUsage: true);
            }

            if (user.AuthProtocol is not null && user.AuthPassphrase is null || user.PrivProtocol is not null && user.PrivPassphrase is null)
            {
                throw new ToolException($"snmp sim: the user {user.Name} has a protocol without its pass phrase (-A after -a, -X after -x)", 1, showUsage: true);
            }

            users.Add(new SimulatorUser(user.Name,
                user.AuthProtocol ?? (user.AuthPassphrase is null ? null : AuthenticationProtocol.HmacMd5), user.AuthPassphrase,
                user.PrivProtocol ?? (user.PrivPassphrase is null ? null : PrivacyProtocol.Des), user.PrivPassphrase));
        }

        return users;
    }

    private static List<string> List(string? value) =>
        value is null ? [] : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static int Number(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw new ToolException($"snmp sim: invalid --{name} value: {text}", 1, showUsage: true);

    private static DeviceBehaviour ParseBehaviour(string text)
    {
        try
        {
            return DeviceBehaviour.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ToolException($"snmp sim: invalid --behaviour value: {e.Message}", 1, showUsage: true);
        }
    }
}
