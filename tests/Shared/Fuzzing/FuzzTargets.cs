using System.Diagnostics.CodeAnalysis;
using System.Net;
using Snmp.AbstractServices;
using Snmp.AgentX.Protocol;
using Snmp.AgentX.Subagent;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.MessageProcessing;
using Snmp.Pdus;
using Snmp.Security.Community;
using Snmp.Security.Usm;
using Snmp.Smi.Modules;

namespace Snmp.Fuzzing;

// The fuzz harnesses of issue 10, shared by the coverage-guided fuzzer (fuzz/Snmp.Fuzz, linked
// in) and the ordinary suite (tests/Snmp.Tests/Fuzzing/FuzzCorpusTests.cs replays every file of
// fuzz/corpus/<target>/ through the same code). A harness takes one datagram's bytes, drives
// one entry point that reads bytes from the network, and throws FuzzInvariantException (or lets
// an unexpected exception escape) when an invariant breaks: the fuzzer records that as a crash.

/// <summary>An invariant of a fuzz target did not hold for an input.</summary>
internal sealed class FuzzInvariantException(string message) : Exception(message);

/// <summary>One fuzz target: an entry point that reads bytes from the network.</summary>
internal interface IFuzzTarget
{
    /// <summary>Feeds one input; throws when an invariant breaks.</summary>
    void Run(byte[] input);
}

internal static class FuzzTargets
{
    public static readonly string[] Names = ["ber", "usm", "mp", "responder", "receiver", "mib", "mibcache", "agentx"];

    public static IFuzzTarget Create(string name) => name switch
    {
        "ber" => new BerTarget(),
        "usm" => new UsmTarget(),
        "mp" => new MessageProcessingTarget(),
        "responder" => new ResponderTarget(),
        "receiver" => new ReceiverTarget(),
        "mib" => new MibTarget(),
        "mibcache" => new MibCacheTarget(),
        "agentx" => new AgentXTarget(),
        _ => throw new ArgumentException($"Unknown fuzz target {name}; the targets are {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The SNMPv3 users every USM-facing target knows (passwords are test values).</summary>
    public static readonly UsmUser[] Users =
    [
        new(new OctetString("noauth"u8), null, [], null, []),
        new(new OctetString("md5des"u8), AuthenticationProtocol.HmacMd5, "md5password"u8, PrivacyProtocol.Des, "despassword"u8),
        new(new OctetString("sha1aes"u8), AuthenticationProtocol.HmacSha1, "sha1password"u8, PrivacyProtocol.Aes128, "aespassword"u8),
        new(new OctetString("sha256"u8), AuthenticationProtocol.HmacSha256, "sha256password"u8, null, []),
        new(new OctetString("sha512aes256"u8), AuthenticationProtocol.HmacSha512, "sha512password"u8, PrivacyProtocol.Aes256, "aes256password"u8),
    ];

    /// <summary>The snmpEngineID of the authoritative engines under test.</summary>
    public static readonly OctetString EngineId = OctetString.FromHex("80001F8880E3F1A2B3C4D5E6F7");

    /// <summary>The clock of the USM and message processing targets: it never moves, so a seed stays inside the time window.</summary>
    public static readonly TimeProvider FrozenClock = new Frozen();

    public static TransportStateReference FromLoopback() => new(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 16100));

    private sealed class Frozen : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

        public override long GetTimestamp() => 0;
    }
}

/// <summary>
/// Makes a mutated SNMPv3 message authentic again, so fuzzing gets past the digest check: when
/// it decodes and names a known user at an authenticated level, its msgData is encrypted (the
/// fuzzed octets of an encryptedPDU are taken as the plaintext scopedPDU) and the HMAC is
/// computed over the re-encoded message (RFC 3414 6.3.1 / 7.3.1, RFC 3826 3.1.3).
/// </summary>
internal sealed class Resigner
{
    private const int MaxLocalisedEngines = 16;
    private readonly UserBasedSecurityModel _keys = new(FuzzTargets.FrozenClock);
    private readonly Dictionary<OctetString, UsmUser> _users;
    private readonly HashSet<OctetString> _localised = [];
    private readonly Func<OctetString, (int Boots, int Time)?>? _clock;
    private ulong _salt;

    /// <param name="clock">The boots and time to put in messages to an engine (its notion now), or null to keep the message's.</param>
    public Resigner(Func<OctetString, (int Boots, int Time)?>? clock = null)
    {
        _users = FuzzTargets.Users.ToDictionary(u => u.UserName);
        _clock = clock;
        Localise(FuzzTargets.EngineId);
    }

    /// <summary>Also localises the users' keys for <paramref name="engineId"/>.</summary>
    public void Localise(OctetString engineId)
    {
        if (_localised.Add(engineId))
        {
            foreach (var user in _users.Values)
            {
                _keys.AddUser(engineId, user);
            }
        }
    }

    /// <summary>The message made authentic, or <paramref name="wholeMsg"/> when it cannot be.</summary>
    public byte[] Resign(byte[] wholeMsg)
    {
        SnmpV3Message message;
        UsmSecurityParameters parameters;
        try
        {
            if (SnmpMessageCodec.PeekVersion(wholeMsg) != (int)SnmpVersion.SNMPv3)
            {
                return wholeMsg;
            }

            message = SnmpMessageCodec.DecodeV3Message(wholeMsg);
            parameters = UsmSecurityParameters.Decode(message.SecurityParameters, out _);
        }
        catch (SnmpDecodeException)
        {
            return wholeMsg;
        }

        var level = message.GlobalData.SecurityLevel;
        var engineId = new OctetString(parameters.AuthoritativeEngineId.Span);
        var userName = new OctetString(parameters.UserName.Span);
        if (level == SecurityLevel.NoAuthNoPriv || message.GlobalData.MsgSecurityModel != SecurityModel.Usm.Value || !_users.ContainsKey(userName))
        {
            return wholeMsg;
        }

        if (_localised.Count < MaxLocalisedEngines)
        {
            Localise(engineId);
        }

        if (_keys.FindUser(engineId, userName) is not { Mac: { } mac } user)
        {
            return wholeMsg;
        }

        var (boots, time) = _clock?.Invoke(engineId) ?? (parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime);
        var privacyParameters = parameters.PrivacyParameters;
        ReadOnlyMemory<byte> encryptedPdu = message.EncryptedPdu;
        if (level == SecurityLevel.AuthPriv && message.ScopedPdu is null && user.User.PrivProtocol is { } priv && user.PrivKey is { } privKey)
        {
            var salt = new byte[8];
            encryptedPdu = priv.Encrypt(user.Cipher!, privKey, boots, time, ++_salt, message.EncryptedPdu.Span, salt);
            privacyParameters = salt;
        }

        int truncated = user.User.AuthProtocol!.TruncatedLength;
        var securityParameters = new UsmSecurityParameters(parameters.AuthoritativeEngineId, boots, time, parameters.UserName, new byte[truncated], privacyParameters)
            .Encode(out int authOffset);
        var rebuilt = message.ScopedPdu is { } scopedPdu
            ? new SnmpV3Message(message.GlobalData, securityParameters, scopedPdu)
            : new SnmpV3Message(message.GlobalData, securityParameters, encryptedPdu);
        byte[] signed;
        int securityParametersOffset;
        try
        {
            signed = SnmpMessageCodec.Encode(rebuilt, out securityParametersOffset);
        }
        catch (ArgumentException)
        {
            return wholeMsg; // a value the decoder accepts but an encoder refuses to write (checked by the ber target)
        }

        int at = securityParametersOffset + authOffset;
        mac.Compute(signed, at, truncated, signed.AsSpan(at, truncated));
        return signed;
    }
}

/// <summary>
/// The BER message decoders: the community message, the SNMPv3 message, its scopedPDU and
/// UsmSecurityParameters. Invariant: malformed input is an SnmpDecodeException, nothing else;
/// what decodes re-encodes and decodes again.
/// </summary>
internal sealed class BerTarget : IFuzzTarget
{
    public void Run(byte[] input)
    {
        try
        {
            _ = SnmpMessageCodec.PeekVersion(input);
        }
        catch (SnmpDecodeException)
        {
        }

        try
        {
            var message = SnmpMessageCodec.DecodeCommunityMessage(input);
            var again = SnmpMessageCodec.DecodeCommunityMessage(SnmpMessageCodec.Encode(message));
            if (again.Pdu.Type != message.Pdu.Type || again.Pdu.VarBinds.Count != message.Pdu.VarBinds.Count)
            {
                throw new FuzzInvariantException("a community message changed through encode and decode");
            }
        }
        catch (SnmpDecodeException)
        {
        }

        try
        {
            var message = SnmpMessageCodec.DecodeV3Message(input);
            _ = SnmpMessageCodec.DecodeV3Message(SnmpMessageCodec.Encode(message));
            if (message.ScopedPdu is null)
            {
                _ = SnmpMessageCodec.DecodeScopedPdu(message.EncryptedPdu);
            }

            _ = UsmSecurityParameters.Decode(message.SecurityParameters, out _);
        }
        catch (SnmpDecodeException)
        {
        }

        try
        {
            var scopedPdu = SnmpMessageCodec.DecodeScopedPdu(input);
            _ = SnmpMessageCodec.DecodeScopedPdu(SnmpMessageCodec.Encode(scopedPdu));
        }
        catch (SnmpDecodeException)
        {
        }
    }
}

/// <summary>
/// USM processIncomingMsg as an authoritative engine with real keys, behind the
/// <see cref="Resigner"/>. Invariant: every refusal is a MessageDroppedException.
/// </summary>
internal sealed class UsmTarget : IFuzzTarget
{
    private readonly UserBasedSecurityModel _usm;
    private readonly Resigner _resigner;

    public UsmTarget()
    {
        var local = new LocalEngine(FuzzTargets.EngineId, 5, FuzzTargets.FrozenClock);
        _usm = new UserBasedSecurityModel(FuzzTargets.FrozenClock, null, local);
        foreach (var user in FuzzTargets.Users)
        {
            _usm.AddUser(FuzzTargets.EngineId, user);
        }

        _resigner = new Resigner(e => e.Equals(local.EngineId) ? (local.Boots, local.Time) : null);
    }

    public void Run(byte[] input)
    {
        var wholeMsg = _resigner.Resign(input);
        SnmpV3Message message;
        try
        {
            message = SnmpMessageCodec.DecodeV3Message(wholeMsg);
        }
        catch (SnmpDecodeException)
        {
            return;
        }

        try
        {
            _ = _usm.ProcessIncomingMsg(message, wholeMsg);
        }
        catch (MessageDroppedException)
        {
        }
    }
}

/// <summary>
/// prepareDataElements of the SNMPv1, SNMPv2c and SNMPv3 message processing models over their
/// security models (v3 messages re-signed). Invariant: every refusal is a MessageDroppedException.
/// </summary>
internal sealed class MessageProcessingTarget : IFuzzTarget
{
    private readonly Dictionary<int, IMessageProcessingModel> _models;
    private readonly Resigner _resigner;

    public MessageProcessingTarget()
    {
        var communities = new CommunityTable();
        communities.Set(new OctetString("public"u8), new CommunityEntry(new OctetString("public"u8), OctetString.Empty));
        var local = new LocalEngine(FuzzTargets.EngineId, 5, FuzzTargets.FrozenClock);
        var usm = new UserBasedSecurityModel(FuzzTargets.FrozenClock, null, local);
        foreach (var user in FuzzTargets.Users)
        {
            usm.AddUser(FuzzTargets.EngineId, user);
        }

        ISecurityModel[] security =
        [
            new CommunityBasedSecurityModel(SecurityModel.SNMPv1, FuzzTargets.EngineId, communities),
            new CommunityBasedSecurityModel(SecurityModel.SNMPv2c, FuzzTargets.EngineId, communities),
            usm,
        ];
        _models = new()
        {
            [(int)SnmpVersion.SNMPv1] = new CommunityMessageProcessingModel(SnmpVersion.SNMPv1, security),
            [(int)SnmpVersion.SNMPv2c] = new CommunityMessageProcessingModel(SnmpVersion.SNMPv2c, security),
            [(int)SnmpVersion.SNMPv3] = new MessageProcessingModelV3(security, FuzzTargets.EngineId),
        };
        _resigner = new Resigner(e => e.Equals(local.EngineId) ? (local.Boots, local.Time) : null);
    }

    public void Run(byte[] input)
    {
        var wholeMsg = _resigner.Resign(input);
        int version;
        try
        {
            version = SnmpMessageCodec.PeekVersion(wholeMsg);
        }
        catch (SnmpDecodeException)
        {
            return;
        }

        if (!_models.TryGetValue(version, out var model))
        {
            return;
        }

        try
        {
            _ = model.PrepareDataElements(wholeMsg, FuzzTargets.FromLoopback());
        }
        catch (MessageDroppedException)
        {
        }
    }
}

/// <summary>
/// A transport for the end-to-end targets: the harness hands it a datagram, which reaches the
/// dispatcher on the caller's thread; what the engine sends is kept for the invariants.
/// </summary>
internal sealed class FuzzTransport : ITransportMappingFactory, ITransportMapping
{
    public const int MaxSize = 65507;
    public static readonly TransportDomain Domain = new(new ObjectIdentifier(1, 3, 6, 1, 4, 1, 99999, 1, 10), "fuzzDomain");
    private static readonly EndPoint Peer = new IPEndPoint(IPAddress.Loopback, 16100);
    private Action<ReadOnlyMemory<byte>, TransportStateReference>? _receiver;
    private readonly List<byte[]> _sent = [];

    public IReadOnlyCollection<TransportDomain> TransportDomains => [Domain];

    public TransportDomain TransportDomain => Domain;

    public EndPoint LocalAddress { get; } = new IPEndPoint(IPAddress.Loopback, 161);

    public int MaxMessageSize => MaxSize;

    /// <summary>Delivers <paramref name="datagram"/> and returns what was sent meanwhile (earlier sends that completed late included).</summary>
    public byte[][] Deliver(byte[] datagram)
    {
        var receiver = _receiver ?? throw new InvalidOperationException("Nothing listens on the fuzz transport.");
        receiver(datagram, new TransportStateReference(Domain, Peer) { TransportMapping = this });
        lock (_sent)
        {
            var sent = _sent.ToArray();
            _sent.Clear();
            return sent;
        }
    }

    public bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
        [NotNullWhen(true)] out TransportDomain? domain, [NotNullWhen(true)] out EndPoint? endPoint)
    {
        bool ours = address.StartsWith("fuzz:", StringComparison.Ordinal);
        (domain, endPoint) = ours ? (Domain, LocalAddress) : (null, null);
        return ours;
    }

    public ITransportMapping CreateTransportMapping(TransportDomain domain, EndPoint? localAddress) => this;

    public void Start(Action<ReadOnlyMemory<byte>, TransportStateReference> receiver) => _receiver = receiver;

    public ValueTask SendMessageAsync(ReadOnlyMemory<byte> outgoingMessage, TransportStateReference tmStateReference, CancellationToken cancellationToken)
    {
        lock (_sent)
        {
            _sent.Add(outgoingMessage.ToArray());
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public sealed class Module(FuzzTransport transport) : SnmpModule
    {
        public override void Register(SnmpModuleRegistrations registrations) => registrations.AddTransportMappingFactory(_ => transport);
    }

    /// <summary>
    /// The invariants of an engine's answer to a datagram: no internal error counted, and
    /// nothing sent larger than <paramref name="limit"/> or than the request's msgMaxSize.
    /// </summary>
    public static void Check(byte[] request, byte[][] sent, SnmpStatistics statistics, int limit)
    {
        if (statistics[EngineCounter.InternalErrors] != 0)
        {
            throw new FuzzInvariantException("an internal error was counted");
        }

        try
        {
            if (SnmpMessageCodec.PeekVersion(request) == (int)SnmpVersion.SNMPv3)
            {
                limit = Math.Min(limit, Math.Max(MessageSize.Minimum, SnmpMessageCodec.DecodeV3Message(request).GlobalData.MsgMaxSize));
            }
        }
        catch (SnmpDecodeException)
        {
        }

        foreach (var message in sent)
        {
            if (message.Length > limit)
            {
                throw new FuzzInvariantException($"a message of {message.Length} octets was sent, over the limit of {limit}");
            }
        }
    }
}

/// <summary>
/// The Command Responder end to end: an Agent on the fuzz transport with a community, USM
/// users at every level (messages re-signed with the agent's clock) and its built-in objects.
/// Invariants: <see cref="FuzzTransport.Check"/>.
/// </summary>
internal sealed class ResponderTarget : IFuzzTarget
{
    public const int MaxMessageSize = 1500;
    private readonly FuzzTransport _transport = new();
    private readonly Agent _agent;
    private readonly Resigner _resigner;

    public ResponderTarget()
    {
        _agent = new Agent(new AgentOptions
        {
            ListenOn = ["fuzz:agent"],
            EngineId = FuzzTargets.EngineId,
            MaxMessageSize = MaxMessageSize,
            SysDescr = "fuzz",
            Modules = [new FuzzTransport.Module(_transport)],
        });
        _agent.AddCommunity("public");
        _agent.AddCommunity("private", writable: true);
        _agent.AddUser("noauth", writable: true);
        _agent.AddUser("md5des", AuthenticationProtocol.HmacMd5, "md5password", PrivacyProtocol.Des, "despassword", writable: true);
        _agent.AddUser("sha1aes", AuthenticationProtocol.HmacSha1, "sha1password", PrivacyProtocol.Aes128, "aespassword", writable: true);
        _agent.AddUser("sha256", AuthenticationProtocol.HmacSha256, "sha256password", writable: true);
        _agent.AddUser("sha512aes256", AuthenticationProtocol.HmacSha512, "sha512password", PrivacyProtocol.Aes256, "aes256password", writable: true);
        var local = _agent.LocalEngine;
        _resigner = new Resigner(e => e.Equals(local.EngineId) ? (local.Boots, local.Time) : null);
    }

    public void Run(byte[] input)
    {
        var request = _resigner.Resign(input);
        FuzzTransport.Check(request, _transport.Deliver(request), _agent.Statistics, MaxMessageSize);
    }
}

/// <summary>
/// The notification receiver end to end: a TrapReceiver on the fuzz transport with a community
/// and USM trap senders (messages re-signed, keys localised for the sender's engine). Received
/// notifications are taken off its queue. Invariants: <see cref="FuzzTransport.Check"/>.
/// </summary>
internal sealed class ReceiverTarget : IFuzzTarget
{
    private readonly FuzzTransport _transport = new();
    private readonly TrapReceiver _receiver;
    private readonly IAsyncEnumerator<ReceivedNotification> _notifications;
    private readonly Resigner _resigner;

    public ReceiverTarget()
    {
        _receiver = new TrapReceiver(new TrapReceiverOptions
        {
            ListenOn = ["fuzz:receiver"],
            EngineId = FuzzTargets.EngineId,
            Communities = ["public"],
            Users =
            [
                new TrapReceiverUser("noauth"),
                new TrapReceiverUser("md5des", AuthenticationProtocol.HmacMd5, "md5password", PrivacyProtocol.Des, "despassword"),
                new TrapReceiverUser("sha1aes", AuthenticationProtocol.HmacSha1, "sha1password", PrivacyProtocol.Aes128, "aespassword"),
                new TrapReceiverUser("sha256", AuthenticationProtocol.HmacSha256, "sha256password"),
                new TrapReceiverUser("sha512aes256", AuthenticationProtocol.HmacSha512, "sha512password", PrivacyProtocol.Aes256, "aes256password"),
            ],
            Modules = [new FuzzTransport.Module(_transport)],
        }, null, FuzzTargets.FrozenClock);
        _notifications = _receiver.ReadAllAsync().GetAsyncEnumerator();
        var local = _receiver.LocalEngine;
        _resigner = new Resigner(e => e.Equals(local.EngineId) ? (local.Boots, local.Time) : null);
    }

    public void Run(byte[] input)
    {
        var datagram = _resigner.Resign(input);
        FuzzTransport.Check(datagram, _transport.Deliver(datagram), _receiver.Statistics, FuzzTransport.MaxSize);
        Drain();
    }

    /// <summary>Takes what was delivered off the queue, so it never fills.</summary>
    private void Drain()
    {
        while (true)
        {
            var next = _pending ?? _notifications.MoveNextAsync();
            if (!next.IsCompleted)
            {
                _pending = next; // completes with a later notification; looked at next time
                return;
            }

            _pending = null;
            if (!next.Result)
            {
                return;
            }
        }
    }

    private ValueTask<bool>? _pending;
}

/// <summary>Seeds of the targets beside the PROTOS cases and the Net-SNMP captures: one message of each kind this library speaks.</summary>
internal static class FuzzSeeds
{
    private static readonly VarBind SysName = new("1.3.6.1.2.1.1.5.0", new OctetString("fuzz"));

    public static IEnumerable<byte[]> Generated()
    {
        SnmpPdu[] v2Pdus =
        [
            new Pdu(PduType.GetRequest, 101, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0")),
            new Pdu(PduType.GetNextRequest, 102, VarBindList.ForRequest("1.3.6.1.2.1.1")),
            new BulkPdu(103, 1, 8, VarBindList.ForRequest("1.3.6.1.2.1.1.1", "1.3.6.1.6.3.15")),
            new Pdu(PduType.SetRequest, 104, new VarBindList(SysName)),
            new Pdu(PduType.SNMPv2Trap, 105, Applications.NotificationOriginator.Notification(new TimeTicks(42), "1.3.6.1.6.3.1.1.5.1", [SysName])),
            new Pdu(PduType.InformRequest, 106, Applications.NotificationOriginator.Notification(new TimeTicks(42), "1.3.6.1.6.3.1.1.5.1", [SysName])),
        ];
        foreach (var community in new[] { "public", "private" })
        {
            foreach (var pdu in v2Pdus)
            {
                yield return SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv2c, System.Text.Encoding.ASCII.GetBytes(community), pdu));
                if (pdu.Type is PduType.GetRequest or PduType.GetNextRequest or PduType.SetRequest)
                {
                    yield return SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv1, System.Text.Encoding.ASCII.GetBytes(community), pdu));
                }
            }
        }

        yield return SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv1, "public"u8.ToArray(),
            new TrapV1Pdu("1.3.6.1.4.1.99999", new IpAddress(IPAddress.Loopback), GenericTrap.EnterpriseSpecific, 7, new TimeTicks(42), new VarBindList(SysName))));
        int msgId = 1000;
        foreach (var user in FuzzTargets.Users)
        {
            var levels = user.AuthProtocol is null ? [SecurityLevel.NoAuthNoPriv]
                : user.PrivProtocol is null ? new[] { SecurityLevel.NoAuthNoPriv, SecurityLevel.AuthNoPriv }
                : [SecurityLevel.NoAuthNoPriv, SecurityLevel.AuthNoPriv, SecurityLevel.AuthPriv];
            foreach (var level in levels)
            {
                foreach (var pdu in v2Pdus)
                {
                    yield return V3(user, level, pdu, ++msgId, FuzzTargets.EngineId);
                }
            }
        }

        // A trap from another engine (the sender is authoritative for its traps) and discovery.
        yield return V3(FuzzTargets.Users[2], SecurityLevel.AuthPriv, v2Pdus[4], ++msgId, OctetString.FromHex("80001F8880AABBCCDDEEFF0011"));
        yield return V3(new UsmUser(OctetString.Empty, null, [], null, []), SecurityLevel.NoAuthNoPriv, new Pdu(PduType.GetRequest, 107, new VarBindList()), ++msgId, OctetString.Empty);
    }

    /// <summary>
    /// An SNMPv3 message as the <see cref="Resigner"/> expects it: the digest field zeroed and an
    /// authPriv message's encryptedPDU holding the plaintext scopedPDU.
    /// </summary>
    public static byte[] V3(UsmUser user, SecurityLevel level, SnmpPdu pdu, int msgId, OctetString engineId)
    {
        var flags = level.ToMsgFlags() | (pdu.Type.IsConfirmed() ? MsgFlags.Reportable : MsgFlags.None);
        var globalData = new HeaderData(msgId, 65507, flags, SecurityModel.Usm.Value);
        var scopedPdu = new ScopedPdu(engineId.Value, ReadOnlyMemory<byte>.Empty, pdu);
        var securityParameters = new UsmSecurityParameters(engineId.Value, 5, 0, user.UserName.Value,
            level == SecurityLevel.NoAuthNoPriv ? ReadOnlyMemory<byte>.Empty : new byte[user.AuthProtocol!.TruncatedLength],
            level == SecurityLevel.AuthPriv ? new byte[8] : ReadOnlyMemory<byte>.Empty).Encode(out _);
        return SnmpMessageCodec.Encode(level == SecurityLevel.AuthPriv
            ? new SnmpV3Message(globalData, securityParameters, SnmpMessageCodec.Encode(scopedPdu))
            : new SnmpV3Message(globalData, securityParameters, scopedPdu));
    }
}

/// <summary>
/// The MIB compiler (Snmp.Smi.Modules): the input is the text of a MIB file (any number of
/// modules), compiled as <c>snmptranslate -m ALL</c> would (lexer, parser, IMPORTS resolved
/// against the built-in base modules and the file itself, OIDs and types resolved). What it
/// compiled is then used: every node named back from its OID, an instance of it formatted (its
/// INDEX decoded, a value through its syntax and DISPLAY-HINT), and the set written to the
/// compact cache and read back (the same modules and nodes). Bad text is diagnostics, never an
/// exception (a stack overflow or a hang is a crash or a timeout for AFL).
/// </summary>
internal sealed class MibTarget : IFuzzTarget, IDisposable
{
    private const int MaxFormattedNodes = 200;
    private static readonly SnmpValue[] Values =
    [
        new Integer32(3), new OctetString([0x01, 0x02, 0x61, 0x62, 0x63, 0xFF]), new Gauge32(4000000000), new ObjectIdentifier("1.3.6.1"),
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("snmp-fuzz-mib-").FullName;

    public void Run(byte[] input)
    {
        // One file in a directory of its own, read as the compiler reads any file (Latin-1).
        var path = Path.Combine(_directory, "FUZZ-MIB");
        File.WriteAllBytes(path, input);
        var set = new MibModuleSet(_directory);
        set.LoadAll();
        int formatted = 0;
        int nodes = 0;
        foreach (var module in set.Modules)
        {
            foreach (var node in module.Nodes)
            {
                nodes++;
                _ = node.Description;
                if (formatted++ >= MaxFormattedNodes)
                {
                    continue;
                }

                _ = set.GetName(node.Oid);
                _ = set.FindNode(node.QualifiedName);
                var instance = Instance(node.Oid);
                _ = set.FormatInstance(instance);
                _ = set.Format(new VarBind(instance, Values[formatted % Values.Length]));
            }
        }

        using var cache = new MemoryStream();
        set.WriteCache(cache);
        cache.Position = 0;
        var read = MibModuleSet.ReadCache(cache) ?? throw new FuzzInvariantException("the cache of a set just compiled reads as stale");
        if (!read.Modules.Select(m => m.Name).SequenceEqual(set.Modules.Select(m => m.Name)) || read.Modules.Sum(m => m.Nodes.Count) != nodes)
        {
            throw new FuzzInvariantException("the cache did not give back the modules and nodes compiled");
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>An instance of a node (an index of an integer and a three-octet string), or the node itself when its OID is too long for one.</summary>
    internal static ObjectIdentifier Instance(ObjectIdentifier oid) =>
        oid.Length + 5 <= ObjectIdentifier.MaxSubIdentifiers ? new([.. oid.SubIdentifiers, 1, 3, 97, 98, 99]) : oid;
}

/// <summary>
/// The MIB module cache reader (<see cref="MibModuleSet.ReadCache"/>): the input is a cache file.
/// A damaged cache is <see cref="InvalidDataException"/> (or null: stale), never another
/// exception, a hang, or an allocation out of proportion to the input (a few octets claiming
/// millions of nodes); what reads is then used (names, descriptions, formats).
/// </summary>
internal sealed class MibCacheTarget : IFuzzTarget
{
    /// <summary>What reading may allocate: a fixed allowance and a multiple of the input (a node of a few dozen octets becomes a few objects).</summary>
    private const long FixedAllowance = 16 << 20;
    private const long PerInputOctet = 64;

    public void Run(byte[] input)
    {
        MibModuleSet? set;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            set = MibModuleSet.ReadCache(new MemoryStream(input, writable: false));
        }
        catch (InvalidDataException)
        {
            set = null;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > FixedAllowance + (PerInputOctet * input.Length))
        {
            throw new FuzzInvariantException($"reading a cache of {input.Length} octets allocated {allocated} bytes");
        }

        if (set is null)
        {
            return;
        }

        if (set is null)
        {
            return;
        }

        foreach (var module in set.Modules)
        {
            foreach (var node in module.Nodes.Take(200))
            {
                _ = node.Description;
                _ = node.Reference;
                _ = set.GetName(node.Oid);
                var instance = MibTarget.Instance(node.Oid);
                _ = set.Format(new VarBind(instance, new OctetString([0x01, 0x61, 0x62])));
                _ = set.Format(new VarBind(instance, new Integer32(2)));
            }
        }
    }

    /// <summary>Seeds: the caches of the built-in base modules, compiled alone and together (no source files, so never stale).</summary>
    public static IEnumerable<byte[]> Seeds()
    {
        foreach (string[] modules in (string[][])[["SNMPv2-SMI"], ["SNMPv2-TC"], ["SNMPv2-CONF"], ["RFC1155-SMI", "RFC-1212", "RFC-1215"], ["SNMPv2-TC", "RFC-1212"]])
        {
            var set = new MibModuleSet();
            foreach (var module in modules)
            {
                set.Load(module);
            }

            using var cache = new MemoryStream();
            set.WriteCache(cache);
            yield return cache.ToArray();
        }
    }
}

/// <summary>
/// An AgentX PDU from a master or a subagent (RFC 2741): it decodes or is an AgentXDecodeException;
/// what decodes encodes again (in its own byte order) to a PDU with the same header fields; and a
/// subagent serving a small MibTree answers it (or, for a CleanupSet, not) without throwing.
/// </summary>
internal sealed class AgentXTarget : IFuzzTarget
{
    private readonly MibRequestProcessor _processor;

    public AgentXTarget()
    {
        var mib = new MibTree();
        mib.AddScalar("1.3.6.1.4.1.8072.9999.1", new OctetString("fuzz"), writable: true);
        var table = mib.AddTable("1.3.6.1.4.1.8072.9999.2.1", new MibColumn(1, SnmpType.Integer32, MibAccess.NotAccessible), new MibColumn(2, SnmpType.Integer32, MibAccess.ReadWrite));
        table.SetRow(new ObjectIdentifier(1), new Integer32(1), new Integer32(10));
        _processor = new MibRequestProcessor(context => context is null ? mib : null, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    public void Run(byte[] input)
    {
        AgentXPdu pdu;
        try
        {
            pdu = AgentXCodec.Decode(input);
        }
        catch (Snmp.AgentX.AgentXDecodeException)
        {
            return;
        }

        bool networkByteOrder = (input[2] & (byte)AgentXFlags.NetworkByteOrder) != 0;
        var again = AgentXCodec.Decode(AgentXCodec.Encode(pdu, networkByteOrder));
        if (again.Type != pdu.Type || again.Flags != pdu.Flags || again.SessionId != pdu.SessionId || again.TransactionId != pdu.TransactionId ||
            again.PacketId != pdu.PacketId || !Equals(again.Context, pdu.Context))
        {
            throw new FuzzInvariantException($"an AgentX {pdu.Type} PDU changed through encode and decode");
        }

        if (pdu.Type is not (AgentXPduType.Response or AgentXPduType.Open or AgentXPduType.Close or AgentXPduType.Register or AgentXPduType.Unregister
            or AgentXPduType.Notify or AgentXPduType.Ping or AgentXPduType.IndexAllocate or AgentXPduType.IndexDeallocate or AgentXPduType.AddAgentCaps or AgentXPduType.RemoveAgentCaps))
        {
            _processor.ProcessAsync(pdu, CancellationToken.None).GetAwaiter().GetResult();
        }
    }
}
