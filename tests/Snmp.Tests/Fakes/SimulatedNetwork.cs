using System.Net;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Tests.Fakes;

/// <summary>
/// An in-memory network between an Engine and a scripted community-based agent, with knobs
/// for the faults a real network and real agents produce: loss, duplication, reordering
/// (random delay), answers from the wrong address, unknown request-ids, malformed datagrams
/// and GetBulk answers cut inside a repetition. Deterministic per seed.
/// </summary>
internal sealed class SimulatedNetwork
{
    private readonly Lock _lock = new();
    private readonly Random _random;

    public SimulatedNetwork(int seed = 1) => _random = new Random(seed);

    public static IPEndPoint AgentAddress { get; } = new(IPAddress.Loopback, 16161);

    public SortedDictionary<ObjectIdentifier, SnmpValue> Mib { get; } = new();

    public string Community { get; set; } = "public";

    public double RequestLoss { get; set; }

    public double ResponseLoss { get; set; }

    public double Duplication { get; set; }

    public int MaxDelayMilliseconds { get; set; }

    /// <summary>Also send a copy of each answer from another address (it must be dropped).</summary>
    public bool AlsoAnswerFromWrongAddress { get; set; }

    /// <summary>Also send an answer with a request-id nobody asked for (it must be dropped).</summary>
    public bool AlsoAnswerWithUnknownRequestId { get; set; }

    /// <summary>Send garbage before each answer (it must be dropped).</summary>
    public bool AlsoSendMalformed { get; set; }

    /// <summary>Cut GetBulk answers one varbind short of a whole repetition.</summary>
    public bool CutBulkRepetition { get; set; }

    /// <summary>Answer GetNext with the requested OID itself (an agent loop).</summary>
    public bool AnswerGetNextWithSameOid { get; set; }

    public int RequestsReceived;

    /// <summary>How many of the requests were GetNextRequests.</summary>
    public int GetNextRequestsReceived;

    public int AnswersSent;

    public readonly List<SimulatedTransport> Transports = [];

    public ITransportMapping CreateTransport(TransportDomain domain)
    {
        var transport = new SimulatedTransport(this, domain);
        lock (_lock)
        {
            Transports.Add(transport);
        }

        return transport;
    }

    private double NextDouble()
    {
        lock (_lock)
        {
            return _random.NextDouble();
        }
    }

    private int NextDelay()
    {
        lock (_lock)
        {
            return MaxDelayMilliseconds == 0 ? 0 : _random.Next(MaxDelayMilliseconds + 1);
        }
    }

    internal void Carry(SimulatedTransport from, ReadOnlyMemory<byte> message, EndPoint destination)
    {
        if (!destination.Equals(AgentAddress) || NextDouble() < RequestLoss)
        {
            return;
        }

        var copy = message.ToArray();
        _ = Task.Run(async () =>
        {
            await Task.Delay(NextDelay());
            Interlocked.Increment(ref RequestsReceived);
            var answers = Answer(copy);
            // One request's datagrams leave in order (extras before the real answer); the
            // random delays still reorder them against other requests' traffic.
            foreach (var (source, bytes) in answers)
            {
                int copies = NextDouble() < Duplication ? 2 : 1;
                for (int i = 0; i < copies; i++)
                {
                    if (NextDouble() < ResponseLoss)
                    {
                        continue;
                    }

                    await Task.Delay(NextDelay());
                    Interlocked.Increment(ref AnswersSent);
                    from.Deliver(source, bytes);
                }
            }
        });
    }

    private List<(EndPoint Source, byte[] Bytes)> Answer(byte[] requestBytes)
    {
        var answers = new List<(EndPoint, byte[])>();
        CommunityMessage request;
        try
        {
            request = SnmpMessageCodec.DecodeCommunityMessage(requestBytes);
        }
        catch (SnmpDecodeException)
        {
            return answers;
        }

        if (request.Community.Span.SequenceEqual(System.Text.Encoding.UTF8.GetBytes(Community)) is false)
        {
            return answers; // As RFC 1157 and RFC 3584 agents do: no answer to a wrong community.
        }

        var response = Process(request.Version, request.Pdu);
        byte[] Encode(SnmpPdu pdu) => SnmpMessageCodec.Encode(new CommunityMessage(request.Version, request.Community.ToArray(), pdu));

        if (AlsoSendMalformed)
        {
            answers.Add((AgentAddress, [0x30, 0x84, 0xFF, 0x02, 0x01]));
        }

        if (AlsoAnswerFromWrongAddress)
        {
            answers.Add((new IPEndPoint(IPAddress.Loopback, 16162), Encode(Corrupt(response, "wrong-address"))));
        }

        if (AlsoAnswerWithUnknownRequestId)
        {
            answers.Add((AgentAddress, Encode(new Pdu(PduType.Response, response.RequestId ^ 0x5A5A, Corrupt(response, "unknown-id").VarBinds))));
        }

        answers.Add((AgentAddress, Encode(response)));
        return answers;
    }

    private static Pdu Corrupt(Pdu response, string marker) =>
        new(PduType.Response, response.RequestId, response.ErrorStatus, response.ErrorIndex,
            new VarBindList(response.VarBinds.Select(vb => new VarBind(vb.Oid, new OctetString(marker)))));

    private Pdu Process(SnmpVersion version, SnmpPdu request)
    {
        var results = new List<VarBind>();
        int errorIndex = 0;
        var status = ErrorStatus.NoError;
        switch (request)
        {
            case BulkPdu bulk:
                int n = Math.Min(bulk.NonRepeaters, bulk.VarBinds.Count);
                for (int i = 0; i < n; i++)
                {
                    results.Add(Next(bulk.VarBinds[i].Oid));
                }

                var rows = bulk.VarBinds.Skip(n).Select(vb => vb.Oid).ToArray();
                for (int rep = 0; rep < bulk.MaxRepetitions && rows.Length > 0; rep++)
                {
                    bool allEnded = true;
                    for (int j = 0; j < rows.Length; j++)
                    {
                        var next = Next(rows[j]);
                        results.Add(next);
                        allEnded &= next.Value is EndOfMibView;
                        rows[j] = next.Oid;
                    }

                    if (allEnded)
                    {
                        break;
                    }
                }

                if (CutBulkRepetition && results.Count > n)
                {
                    results.RemoveAt(results.Count - 1);
                }

                break;
            case Pdu { Type: PduType.GetRequest }:
                foreach (var vb in request.VarBinds)
                {
                    results.Add(Mib.TryGetValue(vb.Oid, out var value) ? new VarBind(vb.Oid, value) : new VarBind(vb.Oid, NoSuchObject.Instance));
                }

                break;
            case Pdu { Type: PduType.GetNextRequest }:
                Interlocked.Increment(ref GetNextRequestsReceived);
                foreach (var vb in request.VarBinds)
                {
                    results.Add(AnswerGetNextWithSameOid ? new VarBind(vb.Oid, new Integer32(0)) : Next(vb.Oid));
                }

                break;
            case Pdu { Type: PduType.SetRequest }:
                lock (_lock)
                {
                    foreach (var vb in request.VarBinds)
                    {
                        Mib[vb.Oid] = vb.Value;
                        results.Add(vb);
                    }
                }

                break;
        }

        if (version == SnmpVersion.SNMPv1)
        {
            // RFC 3584 section 4.1: exceptions become noSuchName in SNMPv1.
            for (int i = 0; i < results.Count; i++)
            {
                if (results[i].Value is NoSuchObject or NoSuchInstance or EndOfMibView)
                {
                    status = ErrorStatus.NoSuchName;
                    errorIndex = i + 1;
                    return new Pdu(PduType.Response, request.RequestId, status, errorIndex, request.VarBinds);
                }
            }
        }

        return new Pdu(PduType.Response, request.RequestId, status, errorIndex, new VarBindList(results));
    }

    private VarBind Next(ObjectIdentifier oid)
    {
        lock (_lock)
        {
            foreach (var (key, value) in Mib)
            {
                if (key.CompareTo(oid) > 0)
                {
                    return new VarBind(key, value);
                }
            }
        }

        return new VarBind(oid, EndOfMibView.Instance);
    }
}

/// <summary>The Engine's end of a <see cref="SimulatedNetwork"/>.</summary>
internal sealed class SimulatedTransport(SimulatedNetwork network, TransportDomain domain) : ITransportMapping
{
    private Action<ReadOnlyMemory<byte>, TransportStateReference>? _receiver;

    public TransportDomain TransportDomain => domain;

    public EndPoint LocalAddress { get; } = new IPEndPoint(IPAddress.Loopback, 40000);

    public int MaxMessageSize => 65507;

    public bool Disposed { get; private set; }

    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver) => _receiver = receiver;

    public ValueTask SendMessageAsync(ReadOnlyMemory<byte> message, TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        network.Carry(this, message, tmStateReference.TransportAddress);
        return ValueTask.CompletedTask;
    }

    internal void Deliver(EndPoint source, byte[] bytes)
    {
        if (!Disposed)
        {
            _receiver?.Invoke(bytes, new TransportStateReference(domain, source) { TransportMapping = this });
        }
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
