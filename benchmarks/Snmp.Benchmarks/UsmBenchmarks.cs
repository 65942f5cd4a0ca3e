using BenchmarkDotNet.Attributes;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Benchmarks;

/// <summary>
/// Per-message cost of the User-based Security Model (RFC 3414) for every authentication and
/// privacy protocol: <c>Outgoing</c> is generateRequestMsg (BER encode of the scopedPDU,
/// encrypt, encode the message, HMAC); <c>Incoming</c> is the decode of the whole message plus
/// processIncomingMsg (verify the HMAC, check timeliness, decrypt, decode the scopedPDU).
/// The message is the 10-varbind PDU of <see cref="CodecBenchmarks"/>. Keys are localised once in
/// the set-up, as the library does per user and engine; the noAuthNoPriv case is the baseline.
/// </summary>
[MemoryDiagnoser]
public class UsmBenchmarks
{
    private static readonly OctetString EngineId = new(Convert.FromHexString("80001F8880C71100005F5F3A6A"));

    private UserBasedSecurityModel _usm = null!;
    private OctetString _userName = null!;
    private SecurityLevel _level;
    private ScopedPdu _scopedPdu = null!;
    private byte[] _incoming = null!;

    /// <summary>auth/priv as "none", an authentication protocol name, or "auth+priv".</summary>
    [Params("noAuthNoPriv", "HMAC-MD5-96", "HMAC-SHA-96", "HMAC-128-SHA-224", "HMAC-192-SHA-256", "HMAC-256-SHA-384", "HMAC-384-SHA-512",
        "HMAC-SHA-96+DES", "HMAC-SHA-96+3DES", "HMAC-SHA-96+AES", "HMAC-SHA-96+AES-192", "HMAC-SHA-96+AES-256", "HMAC-SHA-96+AES-256C")]
    public string Protocols { get; set; } = "noAuthNoPriv";

    [GlobalSetup]
    public void Setup()
    {
        // A frozen clock: the benchmark must not age the message out of the 150 s window.
        _usm = new UserBasedSecurityModel(new FrozenClock());
        _userName = new OctetString("bench");
        var parts = Protocols.Split('+');
        var auth = Protocols == "noAuthNoPriv" ? null : AuthenticationProtocol.Find(parts[0]) ?? throw new ArgumentException(parts[0]);
        var priv = parts.Length > 1 ? PrivacyProtocol.Find(parts[1]) ?? throw new ArgumentException(parts[1]) : null;
        _level = auth is null ? SecurityLevel.NoAuthNoPriv : priv is null ? SecurityLevel.AuthNoPriv : SecurityLevel.AuthPriv;
        _usm.AddUser(EngineId, new UsmUser(_userName, auth, "maplesyrup"u8, priv, "maplesyrup-privacy"u8));
        _usm.LearnEngine(EngineId, 3, 1000);

        var varBinds = SampleVarBinds.TenMixed();
        _scopedPdu = new ScopedPdu(EngineId.Value, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.Response, 1_234_567, varBinds));
        _incoming = Outgoing();
        Incoming(); // fails here, not silently in the loop, if the message does not verify
    }

    [Benchmark]
    public byte[] Outgoing() => _usm.GenerateRequestMsg(Header(), 65507, EngineId, _userName, _level, _scopedPdu);

    [Benchmark]
    public object Incoming()
    {
        var message = SnmpMessageCodec.DecodeV3Message(_incoming);
        return _usm.ProcessIncomingMsg(message, _incoming);
    }

    private HeaderData Header() => new(987_654, 65507, _level.ToMsgFlags(), 3);

    private sealed class FrozenClock : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }
}
