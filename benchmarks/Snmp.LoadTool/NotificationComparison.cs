using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Snmp.Messages;
using Snmp.Security.Usm;
using static Snmp.LoadTool.Measurements;

namespace Snmp.LoadTool;

/// <summary>
/// The notification benchmark (issue 9), <c>--notifications</c>:
/// <list type="number">
/// <item>Receiver throughput: a raw sender replays datagrams pre-encoded by our Notifier (linkDown
/// traps, SNMPv2c and SNMPv3 authPriv HMAC-SHA-96 + AES-128, encoded afresh before each round so
/// that the sender's snmpEngineBoots/Time stay in the time window) into our TrapReceiver (its own
/// process) and into Net-SNMP snmptrapd (one logging to /dev/null, one to a file, one with no log
/// and no notification log table), rounds alternating. The sender keeps the receiver's socket queue below 2 MiB (read from
/// /proc/net/udp), so the receiver is never idle and nothing is dropped by the kernel; the rate is
/// what the receiver processed over the time from the first datagram to the last processed.</item>
/// <item>Originator: traps/s our Notifier sends (to a socket nobody reads) and informs/s
/// acknowledged by our receiver and by snmptrapd, with the sender's CPU per notification.</item>
/// <item>Memory per known sender engine: a fresh receiver process learns N sender engines (one
/// authenticated trap each, paced by its localisation rate limit); managed heap after a full
/// collection, before and after.</item>
/// </list>
/// </summary>
internal static class NotificationComparison
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The sender engine of the throughput traps (snmptrapd: <c>createUser -e</c> this).</summary>
    private static readonly OctetString SenderEngineId = new(Convert.FromHexString("8000C0DE05B0B1B2B3B4B5"));

    /// <summary>How many octets may wait in a receiver's socket before the raw sender pauses (the buffers are 8 MiB).</summary>
    private const long QueueThreshold = 2 * 1024 * 1024;

    public static async Task RunAsync(double seconds, int rounds, int poolSize, int engines, int? queueCapacity)
    {
        await using var v2cEngine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: NotificationUser.Community);
        await using var v3Engine = new Engine(new EngineOptions { EngineId = SenderEngineId });
        v3Engine.Usm.AddUser(NotificationUser.Name, AuthenticationProtocol.HmacSha1, NotificationUser.AuthPassword, PrivacyProtocol.Aes128, NotificationUser.PrivPassword);
        Notifier V2c(string address) => v2cEngine.Notifier(address, SnmpVersion.SNMPv2c);
        Notifier V3(string address) => v3Engine.Notifier(address, SnmpVersion.SNMPv3, defaultUserName: NotificationUser.Name, defaultSecurityLevel: SecurityLevel.AuthPriv);

        await using var ours = await OurReceiverProcess.StartAsync(queueCapacity);
        await using var trapdNull = await SnmptrapdProcess.StartAsync(SenderEngineId, logToFile: false);
        await using var trapdFile = await SnmptrapdProcess.StartAsync(SenderEngineId, logToFile: true);
        await using var trapdMinimal = await SnmptrapdProcess.StartAsync(SenderEngineId, logToFile: false, minimal: true);
        var receivers = new[]
        {
            new Receiver("Snmp.Architecture TrapReceiver", ours.Port, ours.ProcessId, async () => (await ours.CountAsync()).Delivered, async () => (await ours.CountAsync()).Dropped, async () => (await ours.CountAsync()).Allocated),
            new Receiver("Net-SNMP snmptrapd, log to /dev/null", trapdNull.Port, trapdNull.ProcessId, null, null, null),
            new Receiver("Net-SNMP snmptrapd, log to a file", trapdFile.Port, trapdFile.ProcessId, () => Task.FromResult(trapdFile.CountLogged()), null, null),
            new Receiver("Net-SNMP snmptrapd, no log, no notification log table", trapdMinimal.Port, trapdMinimal.ProcessId, null, null, null),
        };
        var kinds = new (string Name, Func<string, Notifier> Notifier)[] { ("v2c trap", V2c), ("v3 authPriv trap", V3) };

        Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"Notifications: {Environment.ProcessorCount} cores shared by sender and receivers, {seconds} s rounds, median of {rounds}; pool of {poolSize} distinct datagrams per kind, encoded afresh each round; our receiver's QueueCapacity {queueCapacity?.ToString(Culture) ?? "default (" + new TrapReceiverOptions().QueueCapacity.ToString(Culture) + ")"}");

        // Validation and warm-up: every receiver must process every datagram of a small batch
        // (our delivered count; snmptrapd's log entries; for /dev/null only the socket reads).
        foreach (var (kind, notifier) in kinds)
        {
            var batch = await EncodeAsync(notifier, 2000, 0);
            foreach (var receiver in receivers)
            {
                var result = await MeasureReceiverAsync(receiver, batch, seconds: 0, count: batch.Length);
                Console.WriteLine($"warm-up {kind} -> {receiver.Name}: sent {result.Sent}, processed {result.Processed}{(receiver.Count is null ? " (socket reads)" : "")}, queue drops {result.QueueDrops}, socket drops {result.SocketDrops}");
                if (result.Processed != result.Sent)
                {
                    Console.WriteLine($"WARNING: {receiver.Name} did not process every {kind}; its figures below do not count what it dropped.");
                }
            }
        }

        var results = new Dictionary<(string Kind, string Receiver), List<ReceiverResult>>();
        for (int round = 0; round < rounds; round++)
        {
            foreach (var (kind, notifier) in kinds)
            {
                var pool = await EncodeAsync(notifier, poolSize, round * poolSize);
                if (round == 0)
                {
                    Console.WriteLine(string.Create(Culture, $"{kind}: {pool.Min(d => d.Length)}-{pool.Max(d => d.Length)} octets a datagram"));
                }

                // Alternate which receiver goes first.
                var order = round % 2 == 0 ? receivers : [.. receivers.Reverse()];
                foreach (var receiver in order)
                {
                    var result = await MeasureReceiverAsync(receiver, pool, seconds, count: long.MaxValue);
                    (results.TryGetValue((kind, receiver.Name), out var list) ? list : results[(kind, receiver.Name)] = []).Add(result);
                    Console.Error.WriteLine(string.Create(Culture, $"round {round} {kind} {receiver.Name}: {result.Rate:F0}/s, CPU {result.Cpu:P0}, sent {result.Sent}, processed {result.Processed}, queue drops {result.QueueDrops}, socket drops {result.SocketDrops}"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("Receiver throughput (raw sender replaying datagrams encoded by our Notifier; receiver CPU = its process CPU time / wall, 100 % = one core):");
        Console.WriteLine();
        Console.WriteLine("| notifications | receiver | notifications/s (median) | min - max | receiver CPU | CPU per notification | per CPU-second | not processed (queue full / socket) |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (kind, _) in kinds)
        {
            foreach (var receiver in receivers)
            {
                var list = results[(kind, receiver.Name)];
                Console.WriteLine($"| {kind} | {receiver.Name} | {Median(list.Select(r => r.Rate)).ToString("F0", Culture)} | " +
                    $"{list.Min(r => r.Rate).ToString("F0", Culture)} - {list.Max(r => r.Rate).ToString("F0", Culture)} | {Median(list.Select(r => r.Cpu)).ToString("P0", Culture)} | " +
                    $"{(Median(list.Select(r => r.Cpu / r.Rate)) * 1e6).ToString("F1", Culture)} us | {Median(list.Select(r => r.Rate / r.Cpu)).ToString("F0", Culture)} | {list.Sum(r => r.Sent - r.Processed)} ({list.Sum(r => r.QueueDrops)} / {list.Sum(r => r.SocketDrops)}) |");
            }

            double Rate(int i) => Median(results[(kind, receivers[i].Name)].Select(r => r.Rate));
            double PerCpu(int i) => Median(results[(kind, receivers[i].Name)].Select(r => r.Rate / r.Cpu));
            Console.WriteLine(string.Create(Culture, $"| {kind} | ours: allocated per notification received | {Median(results[(kind, receivers[0].Name)].Select(r => r.AllocatedPerNotification)):F0} B | | | | | |"));
            Console.WriteLine($"| {kind} | ratio ours / snmptrapd (/dev/null, file, no log) | {(Rate(0) / Rate(1)).ToString("F2", Culture)}, {(Rate(0) / Rate(2)).ToString("F2", Culture)}, {(Rate(0) / Rate(3)).ToString("F2", Culture)} | | | | " +
                $"{(PerCpu(0) / PerCpu(1)).ToString("F2", Culture)}, {(PerCpu(0) / PerCpu(2)).ToString("F2", Culture)}, {(PerCpu(0) / PerCpu(3)).ToString("F2", Culture)} | |");
        }

        await RunOriginatorAsync(seconds, rounds, kinds, ours, trapdNull);
        await RunMemoryAsync(engines);
        Console.WriteLine();
        Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>
    /// A receiver under test. Count: what it has processed so far (null: snmptrapd logging to
    /// /dev/null, counted by its socket reads); QueueDrops: notifications it dropped because its
    /// queue was full (ours only); Allocated: bytes its process has allocated (ours only).
    /// </summary>
    private sealed record Receiver(string Name, int Port, int ProcessId, Func<Task<long>>? Count, Func<Task<long>>? QueueDrops, Func<Task<long>>? Allocated);

    /// <summary>One round: QueueDrops were dropped by a full receiver queue (counted by the receiver), SocketDrops by the kernel at the receiver's socket.</summary>
    private sealed record ReceiverResult(long Sent, long Processed, double Rate, double Cpu, long QueueDrops, long SocketDrops, double AllocatedPerNotification);

    /// <summary>
    /// Sends from <paramref name="pool"/> (cyclically) for <paramref name="seconds"/> or
    /// <paramref name="count"/> datagrams, whichever ends first, then waits until the receiver has
    /// processed them: our count or snmptrapd's log entries reach what was sent (or stop growing
    /// for 3 s); for snmptrapd logging to /dev/null, until its socket queue is empty, counting as
    /// processed what it read (sent minus the socket's drops).
    /// </summary>
    private static async Task<ReceiverResult> MeasureReceiverAsync(Receiver receiver, byte[][] pool, double seconds, long count)
    {
        long countBefore = receiver.Count is null ? 0 : await receiver.Count();
        long queueDropsBefore = receiver.QueueDrops is null ? 0 : await receiver.QueueDrops();
        long allocatedBefore = receiver.Allocated is null ? 0 : await receiver.Allocated();
        long dropsBefore = UdpSocketState.Read(receiver.Port).Drops;
        var cpuBefore = ProcessCpu(receiver.ProcessId);
        var watch = Stopwatch.StartNew();
        long sent = await Task.Factory.StartNew(() => Blast(pool, receiver.Port, seconds, count), TaskCreationOptions.LongRunning);
        long processed;
        double done;
        if (receiver.Count is null)
        {
            var patience = Stopwatch.StartNew();
            while (UdpSocketState.Read(receiver.Port).RxQueue > 0)
            {
                if (patience.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"{receiver.Name} did not empty its socket within 60 s");
                }

                await Task.Delay(1);
            }

            done = watch.Elapsed.TotalSeconds;
            processed = sent - (UdpSocketState.Read(receiver.Port).Drops - dropsBefore);
        }
        else
        {
            long last = -1;
            done = watch.Elapsed.TotalSeconds;
            while (true)
            {
                processed = await receiver.Count() - countBefore;
                if (processed != last)
                {
                    last = processed;
                    done = watch.Elapsed.TotalSeconds;
                }

                if (processed >= sent || watch.Elapsed.TotalSeconds - done > 3)
                {
                    break;
                }

                await Task.Delay(2);
            }
        }

        double cpu = (ProcessCpu(receiver.ProcessId) - cpuBefore).TotalSeconds;
        long queueDrops = receiver.QueueDrops is null ? 0 : await receiver.QueueDrops() - queueDropsBefore;
        // Per notification that reached the receiver (delivered or dropped at its queue): the receiving path's allocations.
        double allocated = receiver.Allocated is null ? double.NaN : (await receiver.Allocated() - allocatedBefore) / (double)(processed + queueDrops);
        return new ReceiverResult(sent, processed, processed / done, cpu / done, queueDrops, UdpSocketState.Read(receiver.Port).Drops - dropsBefore, allocated);
    }

    /// <summary>The raw sender: one connected UDP socket, 64 datagrams at a time, pausing while the receiver's socket holds more than <see cref="QueueThreshold"/>.</summary>
    private static long Blast(byte[][] pool, int port, double seconds, long count)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SendBufferSize = 1024 * 1024;
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        long sent = 0;
        int next = 0;
        long end = seconds > 0 ? Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency) : long.MaxValue;
        while (sent < count && Stopwatch.GetTimestamp() < end)
        {
            for (int k = 0; k < 64 && sent < count; k++, sent++)
            {
                socket.Send(pool[next]);
                next = next + 1 == pool.Length ? 0 : next + 1;
            }

            while (UdpSocketState.Read(port).RxQueue > QueueThreshold)
            {
                Thread.Sleep(1);
            }
        }

        return sent;
    }

    /// <summary>Encodes <paramref name="count"/> distinct linkDown traps with our Notifier, captured from a socket it sends to.</summary>
    private static async Task<byte[][]> EncodeAsync(Func<string, Notifier> notifierFor, int count, int firstInterface)
    {
        using var capture = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        capture.ReceiveBufferSize = 8 * 1024 * 1024;
        capture.ReceiveTimeout = 10_000;
        capture.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var notifier = notifierFor($"127.0.0.1:{((IPEndPoint)capture.LocalEndPoint!).Port}");
        var pool = new byte[count][];
        int received = 0;
        var reader = Task.Factory.StartNew(() =>
        {
            var buffer = new byte[65536];
            for (int i = 0; i < count; i++)
            {
                int length = capture.Receive(buffer);
                pool[i] = buffer.AsSpan(0, length).ToArray();
                Volatile.Write(ref received, i + 1);
            }
        }, TaskCreationOptions.LongRunning);
        for (int i = 0; i < count; i++)
        {
            await notifier.SendTrapAsync(NotificationUser.LinkDown, NotificationUser.VarBinds(firstInterface + i + 1));
            while (i + 1 - Volatile.Read(ref received) > 4096)
            {
                await Task.Delay(1);
            }
        }

        await reader;
        return pool;
    }

    private static async Task RunOriginatorAsync(double seconds, int rounds, (string Name, Func<string, Notifier> Notifier)[] kinds, OurReceiverProcess ours, SnmptrapdProcess trapd)
    {
        // Traps to a socket nobody reads: the kernel drops what overflows it, at no cost to us.
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sinkAddress = $"127.0.0.1:{((IPEndPoint)sink.LocalEndPoint!).Port}";
        var cases = new List<(string Label, Func<Notifier> Notifier, bool Inform, int InFlight, int? ReceiverPid)>();
        foreach (var (kind, notifier) in kinds)
        {
            cases.Add(($"{kind}s, 1 at a time (SendTrapAsync awaited)", () => notifier(sinkAddress), false, 1, null));
            cases.Add(($"{kind}s, 8 concurrent senders", () => notifier(sinkAddress), false, 8, null));
        }

        foreach (var (kind, notifier) in kinds)
        {
            var informs = kind.Replace("trap", "inform", StringComparison.Ordinal);
            cases.Add(($"{informs}s, 32 in flight, acknowledged by our TrapReceiver", () => notifier($"127.0.0.1:{ours.Port}"), true, 32, ours.ProcessId));
            cases.Add(($"{informs}s, 32 in flight, acknowledged by snmptrapd (/dev/null)", () => notifier($"127.0.0.1:{trapd.Port}"), true, 32, trapd.ProcessId));
        }

        var results = cases.ToDictionary(c => c.Label, _ => new List<(double Rate, double CpuPer, double ReceiverCpu)>());
        var notifiers = cases.ToDictionary(c => c.Label, c => c.Notifier());
        foreach (var c in cases)
        {
            // Warm-up: JIT, and for SNMPv3 informs the discovery of the receiver's engine.
            await Run(notifiers[c.Label], c.Inform, 1, 0.2);
        }

        for (int round = 0; round < rounds; round++)
        {
            foreach (var c in round % 2 == 0 ? cases : Enumerable.Reverse(cases))
            {
                var receiverBefore = c.ReceiverPid is { } pid ? ProcessCpu(pid) : TimeSpan.Zero;
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                long completed = await Run(notifiers[c.Label], c.Inform, c.InFlight, seconds);
                double elapsed = watch.Elapsed.TotalSeconds;
                double cpu = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
                double receiverCpu = c.ReceiverPid is { } p ? (ProcessCpu(p) - receiverBefore).TotalSeconds / elapsed : double.NaN;
                results[c.Label].Add((completed / elapsed, cpu / completed, receiverCpu));
            }
        }

        Console.WriteLine();
        Console.WriteLine("Originator (our Notifier in the load tool's process; CPU per notification = the tool's CPU time / notifications sent or acknowledged):");
        Console.WriteLine();
        Console.WriteLine("| notifications | per second (median) | min - max | sender CPU per notification | receiver CPU | receiver CPU per inform |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (label, list) in results)
        {
            var receiverCpu = Median(list.Select(r => r.ReceiverCpu));
            Console.WriteLine($"| {label} | {Median(list.Select(r => r.Rate)).ToString("F0", Culture)} | {list.Min(r => r.Rate).ToString("F0", Culture)} - {list.Max(r => r.Rate).ToString("F0", Culture)} | " +
                $"{(Median(list.Select(r => r.CpuPer)) * 1e6).ToString("F1", Culture)} us | {(double.IsNaN(receiverCpu) ? "" : receiverCpu.ToString("P0", Culture))} | " +
                $"{(double.IsNaN(receiverCpu) ? "" : (Median(list.Select(r => r.ReceiverCpu / r.Rate)) * 1e6).ToString("F1", Culture) + " us")} |");
        }

        static async Task<long> Run(Notifier notifier, bool inform, int inFlight, double seconds)
        {
            long count = 0;
            var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, inFlight).Select(worker => Task.Run(async () =>
            {
                int i = worker * 1_000_000;
                while (Stopwatch.GetTimestamp() < end)
                {
                    if (inform)
                    {
                        await notifier.InformAsync(NotificationUser.LinkDown, NotificationUser.VarBinds(++i)).ConfigureAwait(false);
                    }
                    else
                    {
                        await notifier.SendTrapAsync(NotificationUser.LinkDown, NotificationUser.VarBinds(++i)).ConfigureAwait(false);
                    }

                    Interlocked.Increment(ref count);
                }
            })));
            return count;
        }
    }

    /// <summary>
    /// Memory per known sender engine: a fresh receiver process learns <paramref name="engines"/>
    /// sender engines, one SNMPv3 authPriv trap from each (encoded by an Engine with that
    /// snmpEngineID), resent when the localisation rate limit refuses it.
    /// </summary>
    private static async Task RunMemoryAsync(int engines)
    {
        if (engines < 2)
        {
            return;
        }

        var traps = new byte[engines][];
        using (var capture = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            capture.ReceiveTimeout = 10_000;
            capture.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var address = $"127.0.0.1:{((IPEndPoint)capture.LocalEndPoint!).Port}";
            var buffer = new byte[65536];
            for (int i = 0; i < engines; i++)
            {
                var engineId = new OctetString([0x80, 0x00, 0xC0, 0xDE, 0x05, 0xE0, (byte)(i >> 24), (byte)(i >> 16), (byte)(i >> 8), (byte)i]);
                await using var engine = new Engine(new EngineOptions { EngineId = engineId });
                engine.Usm.AddUser(NotificationUser.Name, AuthenticationProtocol.HmacSha1, NotificationUser.AuthPassword, PrivacyProtocol.Aes128, NotificationUser.PrivPassword);
                await engine.Notifier(address, SnmpVersion.SNMPv3, defaultUserName: NotificationUser.Name, defaultSecurityLevel: SecurityLevel.AuthPriv)
                    .SendTrapAsync(NotificationUser.LinkDown, NotificationUser.VarBinds(i));
                int length = capture.Receive(buffer);
                traps[i] = buffer.AsSpan(0, length).ToArray();
            }
        }

        await using var receiver = await OurReceiverProcess.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(new IPEndPoint(IPAddress.Loopback, receiver.Port));
        var learn = Stopwatch.StartNew();
        (long Heap, long WorkingSet) before = default;
        for (int i = 0; i < engines; i++)
        {
            while (true)
            {
                var (delivered, _, refused, _) = await receiver.CountAsync();
                socket.Send(traps[i]);
                var deadline = Stopwatch.StartNew();
                long nowDelivered, nowRefused;
                do
                {
                    await Task.Delay(1);
                    (nowDelivered, _, nowRefused, _) = await receiver.CountAsync();
                }
                while (nowDelivered == delivered && nowRefused == refused && deadline.Elapsed < TimeSpan.FromSeconds(5));

                if (nowDelivered > delivered)
                {
                    break;
                }

                await Task.Delay(nowRefused > refused ? 100 : 0); // the rate limit: wait for the next second
            }

            if (i == 0)
            {
                // The first engine also brings in the JIT-compiled code and the USM's caches.
                before = await receiver.MemoryAsync();
            }
        }

        var after = await receiver.MemoryAsync();
        double learnSeconds = learn.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"Memory per known sender engine (a fresh receiver process, one user SHA/AES, {engines} sender engines learnt in {learnSeconds.ToString("F1", Culture)} s " +
            $"under the limit of {Snmp.Security.Usm.UsmTrapSenderUsers.MaxLocalisationsPerSecond} localisations/s):");
        Console.WriteLine();
        Console.WriteLine("| measure | after engine 1 | after all | per further engine |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(Culture, $"| managed heap after a full GC | {before.Heap / 1024.0:F0} KiB | {after.Heap / 1024.0:F0} KiB | {(after.Heap - before.Heap) / (double)(engines - 1):F0} B |"));
        Console.WriteLine(string.Create(Culture, $"| working set | {before.WorkingSet / 1024.0:F0} KiB | {after.WorkingSet / 1024.0:F0} KiB | {(after.WorkingSet - before.WorkingSet) / (double)(engines - 1):F0} B |"));
    }
}
