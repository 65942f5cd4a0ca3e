using System.Security.Cryptography;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Conformance.Wire;

/// <summary>What discovery (RFC 3414 section 4) learnt of the agent's engine.</summary>
internal sealed record EngineState(byte[] EngineId, int Boots, int Time, long LearntAtTicks);

/// <summary>
/// How an SNMPv3 request is to be built, including the ways a check breaks it on purpose:
/// flags, security model, user, engine, clock, digest and privacy parameters.
/// </summary>
internal sealed record V3Request
{
    public required SnmpPdu Pdu { get; init; }

    public SecurityLevel Level { get; init; } = SecurityLevel.NoAuthNoPriv;

    public int MsgId { get; init; } = 1;

    public int MsgMaxSize { get; init; } = 65507;

    public bool Reportable { get; init; } = true;

    /// <summary>msgFlags as sent when set (otherwise from the level and reportable).</summary>
    public MsgFlags? Flags { get; init; }

    public int SecurityModel { get; init; } = 3;

    public string? UserName { get; init; }

    public byte[]? EngineId { get; init; }

    public int? Boots { get; init; }

    public int? Time { get; init; }

    /// <summary>Flip a bit of the computed digest.</summary>
    public bool CorruptDigest { get; init; }

    /// <summary>msgPrivacyParameters as sent when set (the encryption still uses proper ones).</summary>
    public byte[]? PrivacyParameters { get; init; }

    public string ContextName { get; init; } = "";

    /// <summary>The contextEngineID (the agent's engine ID when null).</summary>
    public byte[]? ContextEngineId { get; init; }
}

/// <summary>A decoded SNMPv3 reply: header, USM parameters, the scoped PDU when it could be read, whether its digest verified.</summary>
internal sealed record V3Reply(SnmpV3Message Message, UsmSecurityParameters Usm, ScopedPdu? ScopedPdu, bool? DigestVerified, Datagram Datagram)
{
    public SnmpPdu Pdu => ScopedPdu?.Pdu ?? throw new CheckFailedException("a readable scoped PDU", "an encrypted PDU the checker could not decrypt", Datagram.Octets);
}

/// <summary>Builds SNMPv3 messages for the target's user with USM's public primitives, and opens replies.</summary>
internal sealed class V3Messages(ConformanceTarget target)
{
    private static long _salt = RandomNumberGenerator.GetInt32(int.MaxValue);
    private readonly Dictionary<string, byte[]> _keys = [];

    public byte[] Build(V3Request request, EngineState? engine)
    {
        var engineId = request.EngineId ?? engine?.EngineId ?? [];
        int boots = request.Boots ?? engine?.Boots ?? 0;
        int time = request.Time ?? engine?.Time ?? 0;
        if (engine is not null && request.Time is null)
        {
            time = CurrentTime(engine);
        }

        string user = request.UserName ?? target.UserName ?? "";
        var auth = target.AuthProtocol;
        bool authenticate = request.Level >= SecurityLevel.AuthNoPriv;
        bool encrypt = request.Level == SecurityLevel.AuthPriv;
        var flags = request.Flags ?? ((authenticate ? MsgFlags.Auth : MsgFlags.None) | (encrypt ? MsgFlags.Priv : MsgFlags.None) | (request.Reportable ? MsgFlags.Reportable : MsgFlags.None));
        var scoped = new ScopedPdu(request.ContextEngineId ?? engineId, System.Text.Encoding.UTF8.GetBytes(request.ContextName), request.Pdu);
        byte[] privParameters = [];
        byte[]? encrypted = null;
        if (encrypt)
        {
            var priv = target.PrivProtocol ?? throw new InvalidOperationException("authPriv without a privacy protocol");
            var privKey = PrivKey(priv, auth!, engineId);
            privParameters = new byte[8];
            encrypted = priv.Encrypt(privKey, boots, time, (ulong)Interlocked.Increment(ref _salt), SnmpMessageCodec.Encode(scoped), privParameters);
            if (request.PrivacyParameters is not null)
            {
                privParameters = request.PrivacyParameters;
            }
        }

        var usm = new UsmSecurityParameters(engineId, boots, time, System.Text.Encoding.UTF8.GetBytes(user),
            authenticate ? new byte[auth?.TruncatedLength ?? 12] : Array.Empty<byte>(), privParameters);
        var securityParameters = usm.Encode(out int authOffset);
        var header = new HeaderData(request.MsgId, request.MsgMaxSize, flags, request.SecurityModel);
        var message = encrypted is null ? new SnmpV3Message(header, securityParameters, scoped) : new SnmpV3Message(header, securityParameters, encrypted);
        var octets = SnmpMessageCodec.Encode(message, out int securityParametersOffset);
        if (authenticate && auth is not null)
        {
            var key = AuthKey(auth, engineId);
            var digest = octets.AsSpan(securityParametersOffset + authOffset, auth.TruncatedLength);
            auth.ComputeMac(key, octets, digest);
            if (request.CorruptDigest)
            {
                digest[0] ^= 0x5A;
            }
        }

        return octets;
    }

    /// <summary>The agent's snmpEngineTime now, by the time discovery learnt and the time since.</summary>
    public static int CurrentTime(EngineState engine) =>
        engine.Time + (int)TimeSpan.FromTicks(Environment.TickCount64 * TimeSpan.TicksPerMillisecond - engine.LearntAtTicks).TotalSeconds;

    /// <summary>Decodes a reply, verifying its digest and decrypting it with the target's user where it says it is authenticated and encrypted.</summary>
    public V3Reply Open(Datagram datagram)
    {
        SnmpV3Message message;
        UsmSecurityParameters usm;
        int authOffset;
        try
        {
            message = SnmpMessageCodec.DecodeV3Message(datagram.Octets);
            usm = UsmSecurityParameters.Decode(message.SecurityParameters, out authOffset);
        }
        catch (SnmpDecodeException e)
        {
            throw new CheckFailedException("an SNMPv3 message", $"octets that do not decode: {e.Message}", datagram.Octets);
        }

        bool? verified = null;
        var auth = target.AuthProtocol;
        bool forUser = target.UserName is not null && usm.UserName.Span.SequenceEqual(System.Text.Encoding.UTF8.GetBytes(target.UserName));
        if (message.GlobalData.MsgFlags.HasFlag(MsgFlags.Auth) && auth is not null && forUser && target.AuthPassphrase is not null)
        {
            var key = AuthKey(auth, usm.AuthoritativeEngineId.Span);
            var copy = (byte[])datagram.Octets.Clone();
            int at = FindSecurityParameters(copy, message.SecurityParameters) + authOffset;
            var mac = usm.AuthenticationParameters.ToArray();
            if (at >= 0 && mac.Length == auth.TruncatedLength)
            {
                copy.AsSpan(at, mac.Length).Clear();
                verified = auth.VerifyMac(key, copy, mac);
            }
            else
            {
                verified = false;
            }
        }

        ScopedPdu? scoped = message.ScopedPdu;
        if (message.IsEncrypted && target.PrivProtocol is { } priv && auth is not null && forUser && target.PrivPassphrase is not null)
        {
            try
            {
                var privKey = PrivKey(priv, auth, usm.AuthoritativeEngineId.Span);
                var plain = priv.Decrypt(privKey, usm.AuthoritativeEngineBoots, usm.AuthoritativeEngineTime, usm.PrivacyParameters.Span, message.EncryptedPdu.Span);
                scoped = SnmpMessageCodec.DecodeScopedPdu(plain);
            }
            catch (Exception e) when (e is SnmpDecodeException or CryptographicException or ArgumentException)
            {
                throw new CheckFailedException("an encrypted scoped PDU that decrypts with the user's key", $"one that does not: {e.Message}", datagram.Octets);
            }
        }

        return new V3Reply(message, usm, scoped, verified, datagram);
    }

    /// <summary>The user's authentication key localized to <paramref name="engineId"/>, computed once per engine (password to key hashes a megabyte).</summary>
    private byte[] AuthKey(AuthenticationProtocol auth, ReadOnlySpan<byte> engineId)
    {
        string name = "auth:" + Convert.ToHexString(engineId);
        lock (_keys)
        {
            if (!_keys.TryGetValue(name, out var key))
            {
                key = auth.LocalizedKeyFromPassword(System.Text.Encoding.UTF8.GetBytes(target.AuthPassphrase!), engineId).ToArray();
                _keys[name] = key;
            }

            return key;
        }
    }

    /// <summary>The user's privacy key localized to <paramref name="engineId"/>, computed once per engine.</summary>
    private byte[] PrivKey(PrivacyProtocol priv, AuthenticationProtocol auth, ReadOnlySpan<byte> engineId)
    {
        string name = "priv:" + Convert.ToHexString(engineId);
        lock (_keys)
        {
            if (!_keys.TryGetValue(name, out var key))
            {
                key = priv.LocalizeKey(auth, auth.PasswordToKey(System.Text.Encoding.UTF8.GetBytes(target.PrivPassphrase!)), engineId).ToArray();
                _keys[name] = key;
            }

            return key;
        }
    }

    private static int FindSecurityParameters(byte[] octets, ReadOnlyMemory<byte> securityParameters) =>
        octets.AsSpan().IndexOf(securityParameters.Span);
}
