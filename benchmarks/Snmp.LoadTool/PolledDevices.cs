using System.Diagnostics;
using System.Globalization;
using System.Text;
using Snmp.Simulator;

namespace Snmp.LoadTool;

/// <summary>
/// The large poll's agents as devices of the device simulator (issue 24): a recording per agent in
/// a temporary directory with the ten objects the poll asks for (agent i's sysDescr "simulated
/// agent i", sysName "sim{i}", snmpEngineID.0 <see cref="EngineIdOf"/>(i), so the poller can tell
/// whose answer it got), one device per port of 127.0.0.1, the community and SNMPv3 user of
/// <c>SimulatedAgents</c> (the same values), an SNMPv3 engine per port. Also compiled into the
/// simulator's tests, which poll a few of them.
/// </summary>
internal sealed class PolledDevices : IDisposable
{
    public const string Community = "poll-public";
    public const string UserName = "poller";
    public const string AuthPassword = "poll-auth-pass";
    public const string PrivPassword = "poll-priv-pass";

    private readonly DirectoryInfo _data;

    private PolledDevices(DeviceSimulator simulator, DirectoryInfo data, TimeSpan writing)
    {
        Simulator = simulator;
        _data = data;
        Writing = writing;
    }

    public DeviceSimulator Simulator { get; }

    /// <summary>How long writing the recordings took.</summary>
    public TimeSpan Writing { get; }

    /// <summary>The recorded snmpEngineID.0 of agent <paramref name="index"/>, as SimulatedAgents.EngineIdOf: 80 00 1F 88 04 "sim" + index.</summary>
    public static OctetString EngineIdOf(int index) => new([0x80, 0x00, 0x1F, 0x88, 0x04, .. Encoding.ASCII.GetBytes($"sim{index}")]);

    public static PolledDevices Start(int count)
    {
        var watch = Stopwatch.StartNew();
        var data = Directory.CreateTempSubdirectory("poll-devices-");
        try
        {
            for (int i = 0; i < count; i++)
            {
                // Zero-padded names: the Nth file in name order is the Nth device, at the Nth port.
                File.WriteAllText(Path.Combine(data.FullName, string.Create(CultureInfo.InvariantCulture, $"agent{i:D6}.snmprec")), Recording(i));
            }

            var writing = watch.Elapsed;
            var simulator = DeviceSimulator.Start(new SimulatorOptions
            {
                DataDirectories = [data.FullName],
                ListenOn = [.. Enumerable.Repeat("127.0.0.1:0", count)],
                PortPerDevice = true,
                Community = Community,
                EngineIdPerAddress = true,
                Users = [new SimulatorUser(UserName, AuthenticationProtocol.HmacSha1, AuthPassword, PrivacyProtocol.Aes128, PrivPassword)],
            });
            return new PolledDevices(simulator, data, writing);
        }
        catch
        {
            data.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Agent <paramref name="index"/>'s recording (.snmprec): the ten polled objects.</summary>
    public static string Recording(int index) => string.Create(CultureInfo.InvariantCulture, $"""
        1.3.6.1.2.1.1.1.0|4|simulated agent {index}
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
        1.3.6.1.2.1.1.3.0|67|{index}
        1.3.6.1.2.1.1.4.0|4|
        1.3.6.1.2.1.1.5.0|4|sim{index}
        1.3.6.1.2.1.1.6.0|4|
        1.3.6.1.2.1.1.7.0|2|72
        1.3.6.1.2.1.1.8.0|67|0
        1.3.6.1.6.3.10.2.1.1.0|4x|{Convert.ToHexStringLower(EngineIdOf(index).Span)}
        1.3.6.1.6.3.10.2.1.2.0|2|1

        """);

    public void Dispose()
    {
        Simulator.Dispose();
        _data.Delete(recursive: true);
    }
}
