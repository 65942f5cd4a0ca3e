using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Tests.Fakes;

/// <summary>
/// An SNMPv2c agent on loopback serving one column of <see cref="Rows"/> Integer32 instances
/// (<see cref="Column"/>.1 to .Rows), whose behaviour a test scripts: it records every request,
/// may cap a GetBulk answer's varbinds (as an agent whose message size is reached, RFC 3416
/// 4.2.3), may answer tooBig above some max-repetitions (as agents that break that rule do), and
/// may fall silent after some requests.
/// </summary>
internal sealed class ScriptedUdpAgent : IAsyncDisposable
{
    public static readonly ObjectIdentifier Column = "1.3.6.1.4.1.99999.1";

    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ScriptedUdpAgent(int rows)
    {
        Rows = rows;
        _loop = Serve();
    }

    public IPEndPoint Address => (IPEndPoint)_socket.Client.LocalEndPoint!;

    public int Rows { get; }

    /// <summary>At most this many varbinds in an answer (0: no cap).</summary>
    public int MaxVarBinds { get; init; }

    /// <summary>GetBulk requests asking for more repetitions than this get tooBig (0: never; negative: always).</summary>
    public int TooBigAbove { get; init; }

    /// <summary>Requests after this many get no answer (0: every one is answered).</summary>
    public int AnswerOnly { get; init; }

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<SnmpPdu> Requests { get; } = new();

    private async Task Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveAsync(_stop.Token);
            var message = SnmpMessageCodec.DecodeCommunityMessage(received.Buffer);
            Requests.Enqueue(message.Pdu);
            if (AnswerOnly > 0 && Requests.Count > AnswerOnly)
            {
                continue;
            }

            var response = Answer(message.Pdu);
            await _socket.SendAsync(SnmpMessageCodec.Encode(new CommunityMessage(message.Version, message.Community, response)), received.RemoteEndPoint, _stop.Token);
        }
    }

    private Pdu Answer(SnmpPdu request)
    {
        var start = request.VarBinds[0].Oid;
        int count = request switch
        {
            BulkPdu bulk => bulk.MaxRepetitions,
            _ => 1,
        };
        if (request is BulkPdu && TooBigAbove != 0 && count > TooBigAbove)
        {
            return new Pdu(PduType.Response, request.RequestId, ErrorStatus.TooBig, 0, VarBindList.Empty);
        }

        if (MaxVarBinds > 0)
        {
            count = Math.Min(count, MaxVarBinds);
        }

        var varBinds = new List<VarBind>();
        int row = start <= Column ? 1 : Column.IsAncestorOf(start) ? (int)start[Column.Length] + 1 : Rows + 1;
        for (int i = 0; i < count; i++, row++)
        {
            varBinds.Add(row <= Rows
                ? new VarBind(Column.Append((uint)row), new Integer32(row))
                : new VarBind(i == 0 ? start : varBinds[^1].Oid, EndOfMibView.Instance));
        }

        return new Pdu(PduType.Response, request.RequestId, ErrorStatus.NoError, 0, new VarBindList(varBinds));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _socket.Dispose();
        _stop.Dispose();
    }
}
