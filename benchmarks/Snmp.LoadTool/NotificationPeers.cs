using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.LoadTool;

/// <summary>The USM user and community both receivers accept in the notification benchmark.</summary>
internal static class NotificationUser
{
    public const string Community = "public";
    public const string Name = "trapuser";
    public const string AuthPassword = "trap-auth-pass";
    public const string PrivPassword = "trap-priv-pass";

    /// <summary>snmpTrapOID.0 of every benchmark notification: linkDown (RFC 2863).</summary>
    public static readonly ObjectIdentifier LinkDown = "1.3.6.1.6.3.1.1.5.3";

    /// <summary>linkDown's objects for interface <paramref name="i"/>: ifIndex, ifAdminStatus, ifOperStatus.</summary>
    public static VarBind[] VarBinds(int i) =>
    [
        new VarBind($"1.3.6.1.2.1.2.2.1.1.{i}", new Integer32(i)),
        new VarBind($"1.3.6.1.2.1.2.2.1.7.{i}", new Integer32(1)),
        new VarBind($"1.3.6.1.2.1.2.2.1.8.{i}", new Integer32(2)),
    ];
}

/// <summary>
/// Our <see cref="TrapReceiver"/> in a process of its own (this tool started with
/// <c>--notification-receiver</c>), so that its CPU time is measured apart from the sender's:
/// community "public" and the USM user trapuser (HMAC-SHA-96 + AES-128), learning each trap
/// sender's engine; a consumer that counts what <see cref="TrapReceiver.ReadAllAsync"/> delivers.
/// It answers lines on stdin: <c>count</c> (delivered, dropped for a full queue, refused
/// localisations, bytes allocated so far), <c>mem</c> (managed heap after a full collection, working set), <c>quit</c>.
/// </summary>
internal sealed class OurReceiverProcess : IAsyncDisposable
{
    public const string Flag = "--notification-receiver";
    private readonly Process _process;
    private readonly SemaphoreSlim _exchange = new(1, 1);

    private OurReceiverProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>The child: runs until stdin closes or says quit.</summary>
    public static async Task RunChildAsync(int? queueCapacity)
    {
        await using var receiver = new TrapReceiver(new TrapReceiverOptions
        {
            QueueCapacity = queueCapacity ?? new TrapReceiverOptions().QueueCapacity,
            ListenOn = ["127.0.0.1:0"],
            Communities = [NotificationUser.Community],
            Users = [new TrapReceiverUser(NotificationUser.Name, AuthenticationProtocol.HmacSha1, NotificationUser.AuthPassword, PrivacyProtocol.Aes128, NotificationUser.PrivPassword)],
        });
        long delivered = 0;
        var consumer = Task.Run(async () =>
        {
            await foreach (var _ in receiver.ReadAllAsync())
            {
                Interlocked.Increment(ref delivered);
            }
        });
        Console.WriteLine($"ready {receiver.Endpoints[0].Port.ToString(CultureInfo.InvariantCulture)}");
        while (Console.ReadLine() is { } line)
        {
            switch (line)
            {
                case "count":
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Interlocked.Read(ref delivered)} {receiver.DroppedNotifications} {receiver.RefusedLocalisations} {GC.GetTotalAllocatedBytes()}"));
                    break;
                case "mem":
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{GC.GetTotalMemory(forceFullCollection: true)} {Environment.WorkingSet}"));
                    break;
                case "quit":
                    return;
            }
        }

        GC.KeepAlive(consumer);
    }

    public static async Task<OurReceiverProcess> StartAsync(int? queueCapacity = null)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(OurReceiverProcess).Assembly.Location);
        start.ArgumentList.Add(Flag);
        if (queueCapacity is { } capacity)
        {
            start.ArgumentList.Add("--queue-capacity");
            start.ArgumentList.Add(capacity.ToString(CultureInfo.InvariantCulture));
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("our receiver process did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"our receiver: {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
            ?? throw new InvalidOperationException("our receiver process ended before it was ready");
        return new OurReceiverProcess(process, int.Parse(ready.Split(' ')[1], CultureInfo.InvariantCulture));
    }

    public async Task<(long Delivered, long Dropped, long Refused, long Allocated)> CountAsync()
    {
        var fields = await AskAsync("count");
        return (fields[0], fields[1], fields[2], fields[3]);
    }

    public async Task<(long Heap, long WorkingSet)> MemoryAsync()
    {
        var fields = await AskAsync("mem");
        return (fields[0], fields[1]);
    }

    private async Task<long[]> AskAsync(string command)
    {
        await _exchange.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
                ?? throw new InvalidOperationException("our receiver process ended");
            return [.. line.Split(' ').Select(f => long.Parse(f, CultureInfo.InvariantCulture))];
        }
        finally
        {
            _exchange.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("quit");
                await _process.StandardInput.FlushAsync();
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (IOException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
            _exchange.Dispose();
        }
    }
}

/// <summary>
/// A private Net-SNMP snmptrapd on 127.0.0.1 and a free high port with its own configuration:
/// <c>authCommunity log public</c>; trapuser created with <c>-e</c> the sender's engine ID (traps)
/// and at snmptrapd's own engine ID (informs), <c>authUser log trapuser priv</c>; the same 4 MiB
/// socket receive buffer as our receiver (<c>[snmp] serverRecvBuf</c>). It logs with its default
/// format to its log target (/dev/null, or a file whose entries are counted).
/// </summary>
internal sealed class SnmptrapdProcess : IAsyncDisposable
{
    private readonly Process _process;
    private long _readOffset;
    private long _logged;

    private SnmptrapdProcess(Process process, int port, string directory, string logTarget)
    {
        _process = process;
        Port = port;
        Directory = directory;
        LogTarget = logTarget;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public string Directory { get; }

    public string LogTarget { get; }

    public bool LogsToFile => LogTarget != "/dev/null";

    /// <summary>Starts snmptrapd; <paramref name="minimal"/> adds doNotLogTraps and doNotRetainNotificationLogs (no log, no NOTIFICATION-LOG-MIB table): its floor cost.</summary>
    public static async Task<SnmptrapdProcess> StartAsync(OctetString senderEngineId, bool logToFile, bool minimal = false)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("loadtool-snmptrapd-").FullName;
        int port;
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        }

        var config = Path.Combine(directory, "snmptrapd.conf");
        var secrets = $"SHA \"{NotificationUser.AuthPassword}\" AES \"{NotificationUser.PrivPassword}\"";
        await File.WriteAllTextAsync(config,
            "[snmp] serverRecvBuf 4194304\n" +
            $"authCommunity log {NotificationUser.Community}\n" +
            $"createUser -e 0x{senderEngineId.ToHex()} {NotificationUser.Name} {secrets}\n" +
            $"createUser {NotificationUser.Name} {secrets}\n" +
            $"authUser log {NotificationUser.Name} priv\n" +
            (minimal ? "doNotLogTraps yes\ndoNotRetainNotificationLogs yes\n" : ""));
        var logTarget = logToFile ? Path.Combine(directory, "snmptrapd.log") : "/dev/null";
        var start = new ProcessStartInfo(NetSnmpInstallation.Require("snmptrapd")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // -f foreground; -C only our configuration; -Lf the log; -n no host name lookups; -On numeric OIDs; -m "" no MIBs.
        foreach (var arg in new[] { "-f", "-C", "-c", config, "-Lf", logTarget, "-n", "-On", "-m", "", "-p", Path.Combine(directory, "snmptrapd.pid"), $"udp:127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SNMP_PERSISTENT_DIR"] = Path.Combine(directory, "persist");
        start.Environment["MIBS"] = "";
        var process = Process.Start(start) ?? throw new InvalidOperationException("snmptrapd did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var trapd = new SnmptrapdProcess(process, port, directory, logTarget);
        await trapd.WaitUntilAcknowledgingAsync();
        return trapd;
    }

    /// <summary>Ready once it acknowledges an SNMPv2c inform (its configuration is read before it binds).</summary>
    private async Task WaitUntilAcknowledgingAsync()
    {
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: NotificationUser.Community);
        var notifier = engine.Notifier($"127.0.0.1:{Port}");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"snmptrapd exited with {_process.ExitCode} at start-up");
            }

            try
            {
                await notifier.InformAsync("1.3.6.1.4.1.99999.0.999", options: new RequestOptions { Timeout = TimeSpan.FromMilliseconds(500) });
                return;
            }
            catch (SnmpTimeoutException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
            }
        }
    }

    /// <summary>How many benchmark notifications (snmpTrapOID.0 = linkDown) the log file holds so far.</summary>
    public long CountLogged()
    {
        if (!LogsToFile)
        {
            throw new InvalidOperationException("this snmptrapd logs to /dev/null");
        }

        var marker = $"= OID: .{NotificationUser.LinkDown}";
        using var stream = new FileStream(LogTarget, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Position = _readOffset;
        var bytes = new byte[stream.Length - _readOffset];
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        int lastNewLine = Array.LastIndexOf(bytes, (byte)'\n', Math.Max(0, read - 1));
        if (read == 0 || lastNewLine < 0)
        {
            return _logged;
        }

        // Only whole lines: a line being written is counted next time.
        var text = Encoding.UTF8.GetString(bytes, 0, lastNewLine + 1);
        _readOffset += lastNewLine + 1;
        int index = 0;
        while ((index = text.IndexOf(marker, index, StringComparison.Ordinal)) >= 0)
        {
            _logged++;
            index += marker.Length;
        }

        return _logged;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A UDP socket's receive queue (octets, the kernel's accounting) and drops, from /proc/net/udp.</summary>
internal static class UdpSocketState
{
    public static (long RxQueue, long Drops) Read(int port)
    {
        var suffix = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 12 && fields[1].EndsWith(suffix, StringComparison.Ordinal))
            {
                var queues = fields[4].Split(':');
                return (long.Parse(queues[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), long.Parse(fields[^1], CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException($"no UDP socket on port {port} in /proc/net/udp");
    }
}
