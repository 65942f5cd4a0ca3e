using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Smi;

namespace Snmp.Security.Usm;

/// <summary>
/// The User-based Security Model of RFC 3414 as an <see cref="ISecurityModel"/>:
/// generateRequestMsg / generateResponseMsg (section 3.1) and processIncomingMsg (section 3.2)
/// over a Local Configuration Datastore of users keyed by (snmpEngineID, userName), with the
/// timeliness cache of the non-authoritative side (section 2.3). Failures of incoming messages
/// are <see cref="MessageDroppedException"/>s naming the usmStats counter.
/// </summary>
public sealed class UserBasedSecurityModel : ISecurityModel
{
    /// <summary>The timeliness window of RFC 3414 section 2.2.3, in seconds.</summary>
    public const int TimeWindowSeconds = 150;

    private readonly UsmUserTable _users = new();
    private readonly UsmTimelinessCache _timeliness;
    private readonly LocalEngine? _localEngine;
    private readonly ILogger _logger;
    private long _salt;

    /// <summary>Creates the model.</summary>
    /// <param name="timeProvider">The clock for the timeliness cache.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="localEngine">
    /// This engine's identity when it is authoritative (an agent, RFC 3414 2.3): reportable
    /// messages (requests) are then checked against its snmpEngineID, boots and time, and failures
    /// carry what a Report needs. Null for an engine that only sends requests.
    /// </param>
    public UserBasedSecurityModel(TimeProvider? timeProvider = null, ILogger<UserBasedSecurityModel>? logger = null, LocalEngine? localEngine = null)
    {
        _timeliness = new UsmTimelinessCache(timeProvider ?? TimeProvider.System);
        _localEngine = localEngine;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        // RFC 3826 3.1.2.1 / RFC 3414 8.1.1.1: the salt counter starts at an arbitrary value.
        _salt = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
    }

    /// <inheritdoc />
    public SecurityModel SecurityModel => SecurityModel.Usm;

    /// <summary>Adds or replaces the usmUserTable row for <paramref name="credentials"/> at <paramref name="engineId"/>, localising its keys.</summary>
    public UsmLocalizedUser AddUser(OctetString engineId, UsmUserCredentials credentials) => _users.Add(engineId, credentials);

    /// <summary>The usmUserTable row for (engineId, userName), if any.</summary>
    public UsmLocalizedUser? FindUser(OctetString engineId, OctetString userName) => _users.Find(engineId, userName);

    /// <summary>What this engine believes an authoritative engine's snmpEngineBoots and snmpEngineTime are now, if it has heard from it.</summary>
    public (int Boots, int Time)? GetEngineTime(OctetString engineId) => _timeliness.Estimate(engineId);

    /// <summary>
    /// Records an authoritative engine's boots and time learnt during discovery (RFC 3414
    /// section 4) from an unauthenticated Report; authenticated messages always override it.
    /// </summary>
    public void LearnEngine(OctetString engineId, int boots, int time) => _timeliness.LearnEngine(engineId, boots, time);

    /// <inheritdoc />
    public byte[] GenerateRequestMsg(HeaderData globalData, int maxMessageSize, OctetString securityEngineId, OctetString securityName, SecurityLevel securityLevel, ScopedPdu scopedPdu)
    {
        ArgumentNullException.ThrowIfNull(securityEngineId);
        ArgumentNullException.ThrowIfNull(securityName);
        ArgumentNullException.ThrowIfNull(scopedPdu);
        UsmLocalizedUser? user = null;
        if (securityLevel != SecurityLevel.NoAuthNoPriv || securityName.Length > 0)
        {
            user = FindUser(securityEngineId, securityName);
            if (user is null && securityLevel != SecurityLevel.NoAuthNoPriv)
            {
                throw new SnmpConfigurationException($"USM has no user \"{securityName}\" for engine {securityEngineId.ToHex()} (unknownSecurityName, RFC 3414 3.1.1).");
            }
        }

        // RFC 3414 3.1.1 b: boots and time are this engine's notion of the authoritative engine's
        // clock when authenticating, zero otherwise (as during discovery).
        var (boots, time) = securityLevel == SecurityLevel.NoAuthNoPriv ? (0, 0) : GetEngineTime(securityEngineId) ?? (0, 0);
        return Generate(globalData, securityEngineId, securityName, securityLevel, scopedPdu, user, boots, time);
    }

    /// <inheritdoc />
    public byte[] GenerateResponseMsg(HeaderData globalData, int maxMessageSize, OctetString securityEngineId, OctetString securityName, SecurityLevel securityLevel, ScopedPdu scopedPdu, object securityStateReference)
    {
        var state = securityStateReference as UsmStateReference
            ?? throw new ArgumentException("The state reference did not come from this security model.", nameof(securityStateReference));
        // RFC 3414 3.1.1 b: the authoritative engine sends its own boots and time.
        var (boots, time) = _localEngine is { } local && local.EngineId.Equals(securityEngineId)
            ? (local.Boots, local.Time)
            : GetEngineTime(securityEngineId) ?? (0, 0);
        return Generate(globalData, securityEngineId, securityName, securityLevel, scopedPdu, state.User, boots, time);
    }

    private byte[] Generate(HeaderData globalData, OctetString engineId, OctetString userName, SecurityLevel level, ScopedPdu scopedPdu, UsmLocalizedUser? user, int boots, int time)
    {
        var auth = user?.Credentials.AuthProtocol;
        var priv = user?.Credentials.PrivProtocol;
        if (level > (user?.Credentials.MaxSecurityLevel ?? SecurityLevel.NoAuthNoPriv))
        {
            throw new SnmpConfigurationException($"USM user \"{userName}\" cannot send {level} messages (unsupportedSecurityLevel, RFC 3414 3.1.1).");
        }

        byte[] privParameters = [];
        SnmpV3Message message;
        if (level == SecurityLevel.AuthPriv)
        {
            privParameters = new byte[8];
            var plaintext = SnmpMessageCodec.Encode(scopedPdu);
            var ciphertext = priv!.Encrypt(user!.PrivKey, user.Aes, boots, time, (ulong)Interlocked.Increment(ref _salt), plaintext, privParameters);
            message = new SnmpV3Message(globalData, Parameters(), ciphertext);
        }
        else
        {
            message = new SnmpV3Message(globalData, Parameters(), scopedPdu);
        }

        var wholeMsg = SnmpMessageCodec.Encode(message, out int securityParametersOffset);
        if (level != SecurityLevel.NoAuthNoPriv)
        {
            // RFC 3414 6.3.1 / 7.3.1: the HMAC covers the whole message with the digest field
            // zeroed, then replaces the zeros.
            new UsmSecurityParameters(engineId.Value, boots, time, userName.Value, new byte[auth!.TruncatedLength], privParameters).Encode(out int authOffset);
            var digest = wholeMsg.AsSpan(securityParametersOffset + authOffset, auth.TruncatedLength);
            user!.Mac!.Compute(wholeMsg, securityParametersOffset + authOffset, auth.TruncatedLength, digest);
        }

        return wholeMsg;

        byte[] Parameters() => new UsmSecurityParameters(
            engineId.Value, boots, time, userName.Value,
            level == SecurityLevel.NoAuthNoPriv ? ReadOnlyMemory<byte>.Empty : new byte[auth!.TruncatedLength],
            privParameters).Encode(out _);
    }

    /// <inheritdoc />
    public IncomingSecurityResult ProcessIncomingMsg(SnmpV3Message message, ReadOnlyMemory<byte> wholeMsg)
    {
        ArgumentNullException.ThrowIfNull(message);
        UsmSecurityParameters parameters;
        int authOffset;
        try
        {
            parameters = UsmSecurityParameters.Decode(message.SecurityParameters, out authOffset);
        }
        catch (SnmpDecodeException e)
        {
            // RFC 3414 3.2 step 1: snmpInASNParseErrs.
            throw new MessageDroppedException(SnmpCounter.SnmpInASNParseErrs, "msgSecurityParameters: " + e.Message, e);
        }

        var engineId = new OctetString(parameters.AuthoritativeEngineId.Span);
        var userName = new OctetString(parameters.UserName.Span);
        var level = message.GlobalData.SecurityLevel;
        // RFC 3414 3.2 step 7: this engine is authoritative for messages naming its own
        // snmpEngineID, whatever their flags; a reportable message naming another engine is
        // a request to an engine we do not know (step 3, and the discovery probe).
        if (_localEngine is { } localEngine &&
            (engineId.Equals(localEngine.EngineId) || (message.GlobalData.MsgFlags & MsgFlags.Reportable) != 0))
        {
            return ProcessAsAuthoritative(localEngine, message, wholeMsg, parameters, authOffset, engineId, userName, level);
        }

        UsmLocalizedUser? user = null;
        if (level != SecurityLevel.NoAuthNoPriv)
        {
            user = FindUser(engineId, userName)
                ?? throw new MessageDroppedException(SnmpCounter.UsmStatsUnknownUserNames, $"no user \"{userName}\" for engine {engineId.ToHex()}");
            var credentials = user.Credentials;
            if (level > credentials.MaxSecurityLevel)
            {
                throw new MessageDroppedException(SnmpCounter.UsmStatsUnsupportedSecLevels, $"user \"{userName}\" does not support {level}");
            }

            if (!VerifyDigest(message, wholeMsg, parameters, authOffset, user))
            {
                throw new MessageDroppedException(SnmpCounter.UsmStatsWrongDigests, $"the digest for user \"{userName}\" does not verify");
            }

            CheckTimeliness(engineId, parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime);
        }

        else if (engineId.Length > 0)
        {
            // Discovery (RFC 3414 section 4): an unauthenticated Report tells the engine's id and
            // clock; kept only until an authenticated message says otherwise.
            LearnEngine(engineId, parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime);
        }

        var scopedPdu = ReadScopedPdu(message, user, parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime, parameters,
            (reason, e) => new MessageDroppedException(SnmpCounter.UsmStatsDecryptionErrors, reason, e));
        return new IncomingSecurityResult(engineId, userName, scopedPdu, message.GlobalData.MsgMaxSize,
            new UsmStateReference(user, parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime));
    }

    private IncomingSecurityResult ProcessAsAuthoritative(LocalEngine local, SnmpV3Message message, ReadOnlyMemory<byte> wholeMsg,
        UsmSecurityParameters parameters, int authOffset, OctetString engineId, OctetString userName, SecurityLevel level)
    {
        // RFC 3414 3.2 as the authoritative engine (a request to this agent). Every failure from
        // step 3 on carries the security a Report must be sent with: noAuthNoPriv, except
        // notInTimeWindow, which is authenticated so the sender can trust the clock (step 7a).
        int requestId = message.ScopedPdu?.Pdu.RequestId ?? 0;
        MessageDroppedException Drop(SnmpCounter counter, string reason, UsmLocalizedUser? reportUser = null, Exception? inner = null) =>
            new(counter, reason, inner)
            {
                ReportSecurity = new ReportSecurity(local.EngineId, userName,
                    reportUser is null ? SecurityLevel.NoAuthNoPriv : SecurityLevel.AuthNoPriv,
                    new UsmStateReference(reportUser, local.Boots, local.Time), requestId),
            };

        if (!engineId.Equals(local.EngineId))
        {
            // Step 3; also the answer to discovery (RFC 3414 section 4), which carries our id, boots and time.
            throw Drop(SnmpCounter.UsmStatsUnknownEngineIDs, $"msgAuthoritativeEngineID {engineId.ToHex()} is not this engine's");
        }

        var user = FindUser(engineId, userName)
            ?? throw Drop(SnmpCounter.UsmStatsUnknownUserNames, $"no user \"{userName}\"");
        var credentials = user.Credentials;
        if (level > credentials.MaxSecurityLevel)
        {
            throw Drop(SnmpCounter.UsmStatsUnsupportedSecLevels, $"user \"{userName}\" does not support {level}");
        }

        UsmLocalizedUser? authenticated = null;
        int boots = local.Boots, time = local.Time;
        if (level != SecurityLevel.NoAuthNoPriv)
        {
            if (!VerifyDigest(message, wholeMsg, parameters, authOffset, user))
            {
                throw Drop(SnmpCounter.UsmStatsWrongDigests, $"the digest for user \"{userName}\" does not verify");
            }

            // Step 7a: the authoritative engine's own clock decides.
            (boots, time) = (parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime);
            if (boots == int.MaxValue || boots != local.Boots || Math.Abs((long)time - local.Time) > TimeWindowSeconds)
            {
                throw Drop(SnmpCounter.UsmStatsNotInTimeWindows, $"boots {boots} time {time} is outside this engine's window (boots {local.Boots}, time {local.Time})", user);
            }

            authenticated = user;
        }

        var scopedPdu = ReadScopedPdu(message, user, boots, time, parameters, (reason, e) => Drop(SnmpCounter.UsmStatsDecryptionErrors, reason, inner: e));
        return new IncomingSecurityResult(engineId, userName, scopedPdu, message.GlobalData.MsgMaxSize, new UsmStateReference(authenticated, boots, time));
    }

    /// <summary>
    /// The scopedPDU of an accepted message: decrypted and decoded for authPriv (RFC 3414 3.2
    /// step 8, where a scopedPDU that does not decode after decryption is a decryption error too),
    /// as it came otherwise.
    /// </summary>
    private static ScopedPdu ReadScopedPdu(SnmpV3Message message, UsmLocalizedUser? user, int boots, int time, UsmSecurityParameters parameters,
        Func<string, Exception, MessageDroppedException> decryptionError)
    {
        if (message.GlobalData.SecurityLevel != SecurityLevel.AuthPriv)
        {
            return message.ScopedPdu ?? throw new MessageDroppedException(SnmpCounter.SnmpInvalidMsgs, "an encrypted scopedPDU without the privFlag");
        }

        byte[] plaintext;
        try
        {
            plaintext = user!.Credentials.PrivProtocol!.Decrypt(user.PrivKey, user.Aes, boots, time, parameters.PrivacyParameters.Span, message.EncryptedPdu.Span);
        }
        catch (CryptographicException e)
        {
            throw decryptionError(e.Message, e);
        }

        try
        {
            return SnmpMessageCodec.DecodeScopedPdu(plaintext);
        }
        catch (SnmpDecodeException e)
        {
            throw decryptionError("the decrypted scopedPDU does not decode: " + e.Problem, e);
        }
    }

    private static bool VerifyDigest(SnmpV3Message message, ReadOnlyMemory<byte> wholeMsg, UsmSecurityParameters parameters, int authOffset, UsmLocalizedUser user)
    {
        // RFC 3414 3.2 step 6: the HMAC over the message with the digest field zeroed.
        var auth = user.Credentials.AuthProtocol!;
        int securityParametersOffset = FindSecurityParametersOffset(message, wholeMsg);
        var received = parameters.AuthenticationParameters.Span;
        int digestAt = securityParametersOffset + authOffset;
        if (received.Length != auth.TruncatedLength || digestAt + received.Length > wholeMsg.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[received.Length];
        user.Mac!.Compute(wholeMsg.Span, digestAt, received.Length, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }

    private void CheckTimeliness(OctetString engineId, int boots, int time)
    {
        // RFC 3414 3.2 step 7b (non-authoritative receiver): adopt a newer notion of the
        // authoritative engine's clock, then reject messages outside the window.
        if (!_timeliness.IsInTimeWindow(engineId, boots, time, out int cachedBoots, out int cachedTime))
        {
            _logger.LogDebug("Message from engine {EngineId} outside the time window", engineId.ToHex());
            throw new MessageDroppedException(SnmpCounter.UsmStatsNotInTimeWindows, $"boots {boots} time {time} is outside the window of engine {engineId.ToHex()} (boots {cachedBoots}, time {cachedTime})");
        }
    }

    private static int FindSecurityParametersOffset(SnmpV3Message message, ReadOnlyMemory<byte> wholeMsg)
    {
        // The decoded msgSecurityParameters is a slice of wholeMsg; find where it starts.
        var whole = wholeMsg.Span;
        var parameters = message.SecurityParameters.Span;
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(wholeMsg, out var wholeSegment) &&
            System.Runtime.InteropServices.MemoryMarshal.TryGetArray(message.SecurityParameters, out var parameterSegment) &&
            ReferenceEquals(wholeSegment.Array, parameterSegment.Array))
        {
            return parameterSegment.Offset - wholeSegment.Offset;
        }

        int index = whole.IndexOf(parameters);
        return index >= 0 ? index : throw new MessageDroppedException(SnmpCounter.SnmpInASNParseErrs, "msgSecurityParameters are not inside the message");
    }
}

/// <summary>The securityStateReference USM keeps between processIncomingMsg and generateResponseMsg.</summary>
/// <param name="User">The user the message was authenticated as, or null for noAuthNoPriv.</param>
/// <param name="Boots">msgAuthoritativeEngineBoots of the message.</param>
/// <param name="Time">msgAuthoritativeEngineTime of the message.</param>
public sealed record UsmStateReference(UsmLocalizedUser? User, int Boots, int Time);
