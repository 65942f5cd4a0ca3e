using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;

namespace Snmp.Simulator;

/// <summary>
/// Serves recorded devices, thousands from one process, on one <see cref="Agent"/>: each
/// recording file is a device, chosen by community (SNMPv1/v2c) or context name (SNMPv3) as
/// snmpsim chooses it (the file's path under its data directory without the extension, e.g.
/// community <c>recorded/linksys-system</c>; the listening address and source address refine it,
/// see <see cref="SimulatorOptions.ListenOn"/>), or one per port
/// (<see cref="SimulatorOptions.PortPerDevice"/>). Recordings with the same content are read once and
/// shared by all their devices, which keep only what is their own (values written to them).
/// A community or context that names no device is dropped and counted, as by any agent
/// (snmpInBadCommunityNames, snmpUnknownContexts in <see cref="Statistics"/>).
/// </summary>
/// <example>
/// <code>
/// await using var simulator = DeviceSimulator.Start(new SimulatorOptions { DataDirectories = ["./data"], ListenOn = ["127.0.0.1:1161"] });
/// // snmpwalk -v2c -c recorded/linksys-system 127.0.0.1:1161
/// </code>
/// </example>
public sealed class DeviceSimulator : IAsyncDisposable, IDisposable
{
    /// <summary>The VACM view of every device's objects.</summary>
    public const string View = "sim";

    private readonly Agent _agent;
    private readonly List<SimulatedDevice> _devices;
    private readonly SimulatorCounters _counters;
    private DeviceUsmModel? _engines;

    private DeviceSimulator(Agent agent, List<SimulatedDevice> devices, int recordings, SimulatorCounters counters)
    {
        _agent = agent;
        _devices = devices;
        _counters = counters;
        SharedRecordings = recordings;
    }

    /// <summary>Reads the recordings and starts serving them.</summary>
    /// <exception cref="RecordingFormatException">A missing directory or file, or a malformed record (with its file and line).</exception>
    /// <exception cref="SnmpConfigurationException">No recordings, two files for one device name, an address that cannot be bound, or a bad user.</exception>
    public static DeviceSimulator Start(SimulatorOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<DeviceSimulator>();
        var files = FindRecordings(options);
        if (options.Replicas is < 1)
        {
            throw new SnmpConfigurationException($"Replicas is {options.Replicas}: each recording is served at least once.");
        }

        if (options.Replicas > 1)
        {
            files = [.. files.SelectMany(f => Enumerable.Range(1, options.Replicas).Select(i => ($"{f.Key}#{i.ToString(CultureInfo.InvariantCulture)}", f.Path)))];
        }
        var clock = new SimulatorClock(options.TimeProvider ?? TimeProvider.System);
        var settings = new SimulatorSettings(options.Live, options.Writable);
        var counters = new SimulatorCounters();
        var shared = new Dictionary<string, Recording>(StringComparer.Ordinal);
        // Replicas share one path: read, hash and parse each file once, not once per device.
        var byPath = new Dictionary<string, Recording>(StringComparer.Ordinal);
        var devices = new List<SimulatedDevice>(files.Count);
        foreach (var (key, path) in files)
        {
            if (!byPath.TryGetValue(path, out var recording))
            {
                recording = Load(path, shared);
                byPath[path] = recording;
            }

            var behaviour = options.DeviceBehaviours.TryGetValue(key, out var own) ? own : options.Behaviour;
            devices.Add(new SimulatedDevice(key, recording, clock, settings, behaviour, counters));
        }

        var directory = new DeviceDirectory();
        foreach (var device in devices)
        {
            directory.Add(device.Name);
        }

        if (options.PortPerDevice)
        {
            directory.SetPortDevices([.. devices.Select(d => d.Name)], options.Community);
        }

        var listenOn = ExpandPortRanges(options.ListenOn);
        if (options.PortPerDevice && listenOn.Count < devices.Count)
        {
            throw new SnmpConfigurationException($"One device per port needs {devices.Count} listening addresses; {listenOn.Count} given.");
        }

        // The users' keys (derived once here) are localised to an engine when it is first asked.
        var engineUsers = new List<Snmp.Security.Usm.UsmUser>();
        DeviceUsmModel? engines = null;
        List<SnmpModule> modules =
        [
            new DeviceCommunityModule(directory, ReceiveThreadsOf(options, listenOn.Count), waiting: listenOn.Count > ThreadedAddresses),
            new DeviceUsmModule(directory, options.EngineIdPerAddress, engineUsers, made => engines = made),
        ];

        var agent = new Agent(new AgentOptions
        {
            ListenOn = listenOn,
            EngineId = options.EngineId,
            BuiltInObjects = false,
            MaxMessageSize = options.MaxMessageSize,
            Modules = modules,
        }, loggerFactory);
        try
        {
            directory.SetEndpoints(agent.ListeningAddresses, transportIdOffset: 0);
            Configure(agent, devices, options);
            engineUsers.AddRange(options.Users.Select(u => new Snmp.Security.Usm.UsmUser(new OctetString(u.Name), u.AuthProtocol,
                System.Text.Encoding.UTF8.GetBytes(u.AuthPassword ?? ""), u.PrivProtocol, System.Text.Encoding.UTF8.GetBytes(u.PrivPassword ?? ""))));
        }
        catch
        {
            agent.Dispose();
            throw;
        }

        logger.LogInformation("Simulating {Devices} devices from {Recordings} distinct recordings on {Endpoints} addresses", devices.Count, shared.Count, listenOn.Count);
        return new DeviceSimulator(agent, devices, shared.Count, counters) { _engines = options.EngineIdPerAddress ? engines : null };
    }

    private static void Configure(Agent agent, List<SimulatedDevice> devices, SimulatorOptions options)
    {
        var vacm = agent.Vacm;
        foreach (var root in devices.SelectMany(d => d.Recording.Roots).Select(r => r.Root).Distinct())
        {
            vacm.AddView(View, root);
        }

        foreach (var model in new[] { SecurityModel.SNMPv1, SecurityModel.SNMPv2c })
        {
            vacm.AddGroup(model, DeviceCommunityModel.Principal, View);
        }

        vacm.AddAccess(View, OctetString.Empty, SecurityModel.Any, SecurityLevel.NoAuthNoPriv, ContextMatch.Prefix, View, View, View);
        foreach (var user in options.Users)
        {
            agent.AddUser(user.Name, user.AuthProtocol, user.AuthPassword, user.PrivProtocol, user.PrivPassword, view: View, writable: true);
        }

        foreach (var device in devices)
        {
            var subtrees = device.Recording.Roots.Select(r => new DeviceSubtree(r.Root, r.First, r.End, device)).ToArray();
            // One context per device: the security models map every name that reaches it (the MD5 of its name, a refined name) to this one.
            var tree = agent.AddContext(DeviceDirectory.ContextOf(device.Name));
            foreach (var subtree in subtrees)
            {
                tree.Register(subtree);
            }
        }
    }

    /// <summary>The devices, in name order (the replicas of one recording in number order): with one device per port, the Nth is at the Nth address.</summary>
    public IReadOnlyList<string> Devices => [.. _devices.Select(d => d.Name)];

    /// <summary>How many distinct recordings the devices share.</summary>
    public int SharedRecordings { get; }

    /// <summary>The addresses bound (with the ports chosen for port 0), in listening order.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => _agent.Endpoints;

    /// <summary>snmpEngineID of the simulator's SNMPv3 engine: the authoritative engine of every device, or with <see cref="SimulatorOptions.EngineIdPerAddress"/> the base of each address's (<see cref="EngineIdAt"/>).</summary>
    public OctetString EngineId => _agent.LocalEngine.EngineId;

    /// <summary>
    /// snmpEngineID of the SNMPv3 engine at the <paramref name="address"/>th listening address (in
    /// <see cref="Endpoints"/> order): its own with <see cref="SimulatorOptions.EngineIdPerAddress"/>,
    /// else <see cref="EngineId"/> for every address.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No such address.</exception>
    public OctetString EngineIdAt(int address)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(address);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(address, _agent.ListeningAddresses.Count);
        return _engines is null ? EngineId : DeviceUsmModel.EngineIdOf(EngineId, address);
    }

    /// <summary>How many addresses' SNMPv3 engines have been made (on their first SNMPv3 message) with <see cref="SimulatorOptions.EngineIdPerAddress"/>.</summary>
    public int EnginesMade => _engines?.EnginesMade ?? 0;

    /// <summary>The engine's counters: snmpInBadCommunityNames (communities that name no device), snmpUnknownContexts, usmStats, ...</summary>
    public SnmpStatistics Statistics => _agent.Statistics;

    /// <summary>Requests left unanswered on purpose (<see cref="DeviceBehaviour.Timeout"/>).</summary>
    public long DroppedRequests => _counters.Dropped;

    /// <summary>The SNMPv3 context name of a device: its name when at most 32 octets, else the MD5 of it (snmpsim's rule; the MD5 form always works too).</summary>
    public static string ContextNameOf(string deviceName) => DeviceDirectory.ContextOf(deviceName);

    /// <summary>Values written to devices (their own state beside the shared recordings).</summary>
    public int WrittenValues => _devices.Sum(d => d.WrittenCount);

    /// <summary>Stops serving.</summary>
    public ValueTask DisposeAsync() => _agent.DisposeAsync();

    /// <summary>Stops serving.</summary>
    public void Dispose() => _agent.Dispose();

    private static Recording Load(string path, Dictionary<string, Recording> shared)
    {
        var format = RecordingReader.FormatOf(path)!.Value;
        var content = RecordingReader.ReadContent(path);
        var key = Convert.ToHexString(Recording.Hash(content)) + "/" + format.ToString();
        if (!shared.TryGetValue(key, out var recording))
        {
            recording = RecordingReader.Parse(content, path, format);
            shared[key] = recording;
        }

        return recording;
    }

    /// <summary>Up to this many listening addresses each have receive threads; more wait without one (<see cref="WaitingUdpTransportMapping"/>).</summary>
    internal const int ThreadedAddresses = 64;

    private static int ReceiveThreadsOf(SimulatorOptions options, int addresses) => options.ReceiveThreads switch
    {
        null => Math.Max(1, Environment.ProcessorCount / Math.Max(1, addresses)),
        < 1 or > 256 => throw new SnmpConfigurationException($"ReceiveThreads is {options.ReceiveThreads}: from 1 to 256 threads receive on each address."),
        int n => n,
    };

    /// <summary>Every recording of the options: (device name, path), in name order.</summary>
    internal static List<(string Key, string Path)> FindRecordings(SimulatorOptions options)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string path)
        {
            if (found.TryGetValue(key, out var other))
            {
                throw new SnmpConfigurationException($"Two recordings are the device '{key}': {other} and {path}.");
            }

            found[key] = path;
        }

        foreach (var directory in options.DataDirectories)
        {
            if (!Directory.Exists(directory))
            {
                throw new RecordingFormatException(directory, 0, "no such directory");
            }

            foreach (var path in Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden }))
            {
                if (RecordingReader.FormatOf(path) is null)
                {
                    continue;
                }

                var relative = Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/');
                Add(WithoutExtension(relative), path);
            }
        }

        foreach (var path in options.Files)
        {
            if (RecordingReader.FormatOf(path) is null)
            {
                throw new RecordingFormatException(path, 0, "not a recording: the name should end in .snmprec, .snmpwalk, .walk or .sapwalk (optionally .gz)");
            }

            if (!File.Exists(path))
            {
                throw new RecordingFormatException(path, 0, "no such file");
            }

            Add(WithoutExtension(Path.GetFileName(path)), path);
        }

        if (found.Count == 0)
        {
            throw new SnmpConfigurationException($"No recordings (.snmprec, .snmpwalk, .walk, .sapwalk) in {string.Join(", ", options.DataDirectories.Concat(options.Files).DefaultIfEmpty("(no data directory or file given)"))}.");
        }

        return [.. found.Select(p => (p.Key, p.Value))];
    }

    private static string WithoutExtension(string relative)
    {
        var name = relative.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? relative[..^3] : relative;
        return name[..^Path.GetExtension(name).Length];
    }

    /// <summary>"host:20000-20099" as one address per port; other addresses as they are.</summary>
    internal static List<string> ExpandPortRanges(IReadOnlyList<string> addresses)
    {
        var expanded = new List<string>();
        foreach (var address in addresses)
        {
            int colon = address.LastIndexOf(':');
            int dash = colon < 0 ? -1 : address.IndexOf('-', colon);
            if (dash < 0)
            {
                expanded.Add(address);
                continue;
            }

            var host = address[..colon];
            if (!int.TryParse(address[(colon + 1)..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int first) ||
                !int.TryParse(address[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int last) ||
                first is < 1 or > 65535 || last < first || last > 65535)
            {
                throw new SnmpConfigurationException($"'{address}' is not a port range (host:FIRST-LAST, 1 to 65535).");
            }

            for (int port = first; port <= last; port++)
            {
                expanded.Add(host + ":" + port.ToString(CultureInfo.InvariantCulture));
            }
        }

        return expanded;
    }
}

/// <summary>The simulator's own counters.</summary>
internal sealed class SimulatorCounters
{
    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void CountDrop() => Interlocked.Increment(ref _dropped);
}
