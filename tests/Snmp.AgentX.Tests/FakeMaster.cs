using System.Net.Sockets;
using Snmp.AgentX.Protocol;
using Snmp.AgentX.Session;

namespace Snmp.AgentX.Tests;

/// <summary>
/// A scripted AgentX master on a Unix socket in a temp directory: the test accepts the subagent's
/// connection and reads and answers its PDUs one by one, so every exchange is visible.
/// </summary>
internal sealed class FakeMaster : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Socket _listener;
    private readonly string _directory;

    public FakeMaster()
    {
        _directory = Directory.CreateTempSubdirectory("agentx-").FullName;
        Path = System.IO.Path.Combine(_directory, "master");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen();
    }

    public string Path { get; }

    public async Task<FakeMasterSession> AcceptAsync()
    {
        using var limit = new CancellationTokenSource(Patience);
        var socket = await _listener.AcceptAsync(limit.Token);
        return new FakeMasterSession(new AgentXConnection(socket, AgentXCodec.DefaultMaxPayloadLength), socket);
    }

    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class FakeMasterSession(AgentXConnection connection, Socket socket) : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private uint _packetId = 1000;

    public Socket Socket { get; } = socket;

    public async Task<AgentXPdu?> ReadAsync()
    {
        using var limit = new CancellationTokenSource(Patience);
        return await connection.ReadAsync(limit.Token);
    }

    public async Task<T> ExpectAsync<T>()
        where T : AgentXPdu
    {
        var pdu = await ReadAsync();
        return pdu as T ?? throw new AssertionException($"Expected a {typeof(T).Name}, got {pdu?.ToString() ?? "the end of the connection"}.");
    }

    public Task SendAsync(AgentXPdu pdu) => connection.SendAsync(pdu, CancellationToken.None);

    public Task RespondAsync(AgentXPdu request, AgentXError error = AgentXError.NoAgentXError, uint sessionId = 0, VarBindList? varBinds = null) =>
        SendAsync(new AgentXResponsePdu(0, error, 0, varBinds ?? VarBindList.Empty)
        {
            SessionId = sessionId == 0 ? request.SessionId : sessionId,
            TransactionId = request.TransactionId,
            PacketId = request.PacketId,
        });

    /// <summary>Answers the Open with session <paramref name="sessionId"/> and the next <paramref name="registrations"/> Registers with success; returns them.</summary>
    public async Task<List<AgentXRegisterPdu>> AcceptOpenAndRegistrationsAsync(uint sessionId, int registrations)
    {
        var open = await ExpectAsync<AgentXOpenPdu>();
        await RespondAsync(open, sessionId: sessionId);
        var registered = new List<AgentXRegisterPdu>();
        for (int i = 0; i < registrations; i++)
        {
            var register = await ExpectAsync<AgentXRegisterPdu>();
            Assert.That(register.SessionId, Is.EqualTo(sessionId), "a Register carries the session's id");
            await RespondAsync(register);
            registered.Add(register);
        }

        return registered;
    }

    /// <summary>Sends a master's request and returns the subagent's Response.</summary>
    public async Task<AgentXResponsePdu> AskAsync(AgentXPdu request, uint sessionId, uint transactionId = 1)
    {
        uint packetId = ++_packetId;
        await SendAsync(request with { SessionId = sessionId, TransactionId = transactionId, PacketId = packetId });
        var response = await ExpectAsync<AgentXResponsePdu>();
        Assert.That(response.PacketId, Is.EqualTo(packetId), "the Response echoes h.packetID");
        Assert.That(response.TransactionId, Is.EqualTo(transactionId), "the Response echoes h.transactionID");
        return response;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
