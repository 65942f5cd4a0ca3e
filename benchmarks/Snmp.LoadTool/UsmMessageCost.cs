using System.Globalization;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.LoadTool;

/// <summary>
/// The CPU cost of one SNMPv3 message through USM (issue 13, change 4), as the GETs of the load
/// tool have them: <c>out</c> is generateRequestMsg of a GET of sysDescr.0, <c>in</c> the decode
/// of a Response carrying a 72-octet sysDescr plus processIncomingMsg (HMAC verify, timeliness,
/// decrypt, decode the scopedPDU), for noAuthNoPriv and HMAC-SHA-96 with each cipher. Measured
/// as the process's CPU time (<see cref="Environment.CpuUsage"/>) per message over 100 000
/// messages, median of 7, with the bytes allocated per message: CPU time, unlike wall time, holds
/// still on a shared machine.
/// </summary>
/// <remarks><c>dotnet run -c Release --project benchmarks/Snmp.LoadTool -- --usm-messages</c>.</remarks>
internal static class UsmMessageCost
{
    public static void Run()
    {
        var engineId = new OctetString(Convert.FromHexString("80001F8880C71100005F5F3A6A"));
        var user = new OctetString("loaduser");
        var culture = CultureInfo.InvariantCulture;
        Console.WriteLine("| protocols | message | CPU us / message | bytes / message |");
        Console.WriteLine("| --- | --- | ---: | ---: |");
        foreach (var (name, auth, priv) in new (string, AuthenticationProtocol?, PrivacyProtocol?)[]
        {
            ("noAuthNoPriv", null, null), ("SHA", AuthenticationProtocol.HmacSha1, null), ("SHA+AES", AuthenticationProtocol.HmacSha1, PrivacyProtocol.Aes128),
            ("SHA+DES", AuthenticationProtocol.HmacSha1, PrivacyProtocol.Des), ("SHA+3DES", AuthenticationProtocol.HmacSha1, PrivacyProtocol.TripleDes),
        })
        {
            var usm = new UserBasedSecurityModel(new FrozenClock());
            usm.AddUser(engineId, new UsmUser(user, auth, "load-auth-pass"u8, priv, "load-priv-pass"u8));
            usm.LearnEngine(engineId, 3, 1000);
            var level = auth is null ? SecurityLevel.NoAuthNoPriv : priv is null ? SecurityLevel.AuthNoPriv : SecurityLevel.AuthPriv;
            var get = new ScopedPdu(engineId.Value, ReadOnlyMemory<byte>.Empty,
                new Pdu(PduType.GetRequest, 1234567, new VarBindList(new VarBind("1.3.6.1.2.1.1.1.0", Null.Instance))));
            var response = new ScopedPdu(engineId.Value, ReadOnlyMemory<byte>.Empty,
                new Pdu(PduType.Response, 1234567, new VarBindList(new VarBind("1.3.6.1.2.1.1.1.0", new OctetString("Linux h13-host 6.8.0-1019-generic #21-Ubuntu SMP PREEMPT_DYNAMIC x86_64")))));
            var header = new HeaderData(987654, 65507, level.ToMsgFlags(), 3);
            var incoming = usm.GenerateRequestMsg(header, 65507, engineId, user, level, response);
            var (outCpu, outBytes) = Measure(() => usm.GenerateRequestMsg(header, 65507, engineId, user, level, get));
            var (inCpu, inBytes) = Measure(() => usm.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(incoming), incoming));
            Console.WriteLine($"| {name} | out (GET) | {outCpu.ToString("F2", culture)} | {outBytes} |");
            Console.WriteLine($"| {name} | in (Response) | {inCpu.ToString("F2", culture)} | {inBytes} |");
        }
    }

    private static (double CpuUs, long Bytes) Measure(Func<object> message)
    {
        const int count = 100_000;
        for (int i = 0; i < 20_000; i++)
        {
            message();
        }

        var cpu = new List<double>();
        long bytes = 0;
        for (int round = 0; round < 7; round++)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var start = Environment.CpuUsage.TotalTime;
            for (int i = 0; i < count; i++)
            {
                message();
            }

            cpu.Add((Environment.CpuUsage.TotalTime - start).TotalMicroseconds / count);
            bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / count;
        }

        cpu.Sort();
        return (cpu[cpu.Count / 2], bytes);
    }

    private sealed class FrozenClock : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }
}
