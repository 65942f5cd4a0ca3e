using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Security.Usm;

/// <summary>
/// The User-based Security Model of RFC 3414 as an <see cref="ISecurityModel"/>:
/// generateRequestMsg / generateResponseMsg (section 3.1) and processIncomingMsg (section 3.2)
/// over the usmUserTable of its Local Configuration Datastore (users keyed by (snmpEngineID,
/// userName), <c>UsmUserTable</c>) and the timeliness cache of the non-authoritative side
/// (section 2.3, <c>UsmTimelinessCache</c>). Failures of incoming messages are
/// <see cref="MessageDroppedException"/>s naming the usmStats counter.
/// </summary>
public sealed partial class UserBasedSecurityModel : ISecurityModel
{
    /// <summary>The timeliness window of RFC 3414 section 2.2.3, in seconds.</summary>
    public const int TimeWindowSeconds = 150;

    private readonly UsmUserTable _users = new();
    private readonly UsmTimelinessCache _timeliness;
    private readonly LocalEngine? _localEngine;
    private readonly UsmTrapSenderUsers? _trapSenderUsers;
    private readonly ILogger _logger;
    private readonly Lock _saltSeeding = new();
    private long _salt;
    private volatile bool _saltSeeded;

    /// <summary>Creates the model.</summary>
    /// <param name="timeProvider">The clock for the timeliness cache.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="localEngine">
    /// This engine's identity when it is authoritative (an agent, RFC 3414 2.3): reportable
    /// messages (requests) are then checked against its snmpEngineID, boots and time, and failures
    /// carry what a Report needs. Null for an engine that only sends requests.
    /// </param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads",
        Justification = "The shipped constructor keeps its optional parameters; the notification receiver's overload adds one without defaults.")]
    public UserBasedSecurityModel(TimeProvider? timeProvider = null, ILogger<UserBasedSecurityModel>? logger = null, LocalEngine? localEngine = null)
        : this(timeProvider, logger, localEngine, trapSenderUsers: null)
    {
    }

    /// <summary>Creates the model of a notification receiver, which also learns the engines of <paramref name="trapSenderUsers"/>.</summary>
    /// <param name="timeProvider">The clock for the timeliness cache.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="localEngine">This engine's identity, authoritative for the informs it receives.</param>
    /// <param name="trapSenderUsers">
    /// The users whose keys are localised for each new trap sender's msgAuthoritativeEngineID
    /// (RFC 3414 2.3: the sender of a trap is authoritative); null for none.
    /// </param>
    public UserBasedSecurityModel(TimeProvider? timeProvider, ILogger<UserBasedSecurityModel>? logger, LocalEngine? localEngine, UsmTrapSenderUsers? trapSenderUsers)
    {
        _trapSenderUsers = trapSenderUsers;
        _timeliness = new UsmTimelinessCache(timeProvider ?? TimeProvider.System);
        _localEngine = localEngine;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    // RFC 3826 3.1.2.1 / RFC 3414 8.1.1.1: the salt counter starts at an arbitrary value, drawn at
    // the first encryption: an engine that never encrypts (SNMPv1/v2c, a one-shot command) does
    // not start the platform's cryptographic library for it.
    private ulong NextSalt()
    {
        if (!_saltSeeded)
        {
            lock (_saltSeeding)
            {
                if (!_saltSeeded)
                {
                    _salt = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
                    _saltSeeded = true;
                }
            }
        }

        return (ulong)Interlocked.Increment(ref _salt);
    }

    /// <inheritdoc />
    public SecurityModel SecurityModel => SecurityModel.Usm;

    /// <summary>Adds or replaces the usmUserTable row for <paramref name="credentials"/> at <paramref name="engineId"/>, localising its keys.</summary>
    public UsmUserEntry AddUser(OctetString engineId, UsmUser credentials) => _users.Add(engineId, credentials);

    /// <summary>The usmUserTable row for (engineId, userName), if any.</summary>
    public UsmUserEntry? FindUser(OctetString engineId, OctetString userName) => _users.Find(engineId, userName);

    /// <summary>The usmUserTable row for (engine, user name) whatever its status (notReady and notInService rows authenticate no one).</summary>
    public UsmUserEntry? FindUserRow(OctetString engineId, OctetString userName) => _users.FindRow(engineId, userName);

    /// <summary>Every usmUserTable row (any status), in no particular order: what the SNMP-USER-BASED-SM-MIB serves.</summary>
    public IReadOnlyList<UsmUserEntry> UserRows() => _users.Rows();

    /// <summary>Adds or replaces the row of (its engine, its user name): usmUserTable written over SNMP, or read back from a configuration file.</summary>
    public void PutUserRow(UsmUserEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _users.Put(entry);
    }

    /// <summary>Removes <paramref name="entry"/> if it is still the row of its (engine, user name); false otherwise.</summary>
    public bool RemoveUserRow(UsmUserEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _users.Remove(entry);
    }

    /// <summary>What this engine believes an authoritative engine's snmpEngineBoots and snmpEngineTime are now, if it has heard from it.</summary>
    internal (int Boots, int Time)? GetEngineTime(OctetString engineId) => _timeliness.Estimate(engineId);

    /// <summary>
    /// Why messages from an authoritative engine are being refused, when its clock went
    /// backwards: the latest authenticated message whose snmpEngineBoots or snmpEngineTime was
    /// behind this engine's notion (RFC 3414 3.2 step 7b), described in words (clocks only, no
    /// secrets); null when there was none since an authenticated message was last accepted.
    /// </summary>
    public string? DescribeRefusedEngineTime(OctetString engineId) => _timeliness.RefusedClock(engineId)?.Describe();

    /// <summary>
    /// Records an authoritative engine's boots and time learnt during discovery (RFC 3414
    /// section 4) from an unauthenticated Report; authenticated messages always override it.
    /// </summary>
    internal void LearnEngine(OctetString engineId, int boots, int time) => _timeliness.LearnEngine(engineId, boots, time);

    /// <summary>
    /// Sets this non-authoritative engine's notion of an authoritative engine's snmpEngineBoots
    /// and snmpEngineTime from outside the protocol (a user who knows them, as with Net-SNMP's
    /// <c>-Z</c>): kept as if learnt by discovery (RFC 3414 section 4), so an authenticated
    /// message from the engine replaces it and it never replaces what one set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative value.</exception>
    public void SetEngineTime(OctetString engineId, int boots, int time)
    {
        ArgumentNullException.ThrowIfNull(engineId);
        ArgumentOutOfRangeException.ThrowIfNegative(boots);
        ArgumentOutOfRangeException.ThrowIfNegative(time);
        _timeliness.LearnEngine(engineId, boots, time);
    }

    /// <inheritdoc />
    public SecuredMessage GenerateRequestMsg(OutgoingSecurityParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        // USM secures the message itself and passes the transport state through untouched (RFC 5590 5.2).
        return new SecuredMessage(
            GenerateRequestMsg(GlobalDataOf(parameters), parameters.MaxMessageSize, parameters.SecurityEngineId, parameters.SecurityName, parameters.SecurityLevel, parameters.ScopedPdu),
            parameters.TmStateReference);
    }

    /// <inheritdoc />
    public SecuredMessage GenerateResponseMsg(OutgoingSecurityParameters parameters, object securityStateReference)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new SecuredMessage(
            GenerateResponseMsg(GlobalDataOf(parameters), parameters.MaxMessageSize, parameters.SecurityEngineId, parameters.SecurityName, parameters.SecurityLevel, parameters.ScopedPdu, securityStateReference),
            parameters.TmStateReference);
    }

    /// <inheritdoc />
    public IncomingSecurityResult ProcessIncomingMsg(IncomingSecurityParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var message = parameters.Message as SnmpV3Message
            ?? throw new MessageDroppedException(SnmpCounter.SnmpInvalidMsgs, $"a {parameters.Message.Version} message reached USM, which secures SNMPv3 messages");
        return ProcessIncomingMsg(message, parameters.WholeMsg, parameters.AnsweredRequest);
    }

    private static HeaderData GlobalDataOf(OutgoingSecurityParameters parameters) =>
        parameters.GlobalData ?? throw new ArgumentException($"USM secures SNMPv3 messages, not {parameters.MessageProcessingModel}.", nameof(parameters));

    /// <summary>generateRequestMsg (RFC 3414 3.1.1) for the message processing model's msgGlobalData.</summary>
    internal byte[] GenerateRequestMsg(HeaderData globalData, int maxMessageSize, OctetString securityEngineId, OctetString securityName, SecurityLevel securityLevel, ScopedPdu scopedPdu)
    {
        ArgumentNullException.ThrowIfNull(securityEngineId);
        ArgumentNullException.ThrowIfNull(securityName);
        ArgumentNullException.ThrowIfNull(scopedPdu);
        UsmUserEntry? user = null;
        if (securityLevel != SecurityLevel.NoAuthNoPriv || securityName.Length > 0)
        {
            user = FindUser(securityEngineId, securityName);
            if (user is null && securityLevel != SecurityLevel.NoAuthNoPriv)
            {
                throw new SnmpConfigurationException($"USM has no user \"{securityName}\" for engine {securityEngineId.ToHex()} (unknownSecurityName, RFC 3414 3.1.1).");
            }
        }

        // RFC 3414 3.1.1 b: when authenticating, an authoritative sender (this engine sending a
        // trap: the securityEngineID is its own) uses its own snmpEngineBoots and snmpEngineTime;
        // otherwise they are this engine's notion of the authoritative engine's clock. Zero at
        // noAuthNoPriv (as during discovery).
        var (boots, time) = securityLevel == SecurityLevel.NoAuthNoPriv ? (0, 0)
            : _localEngine is { } local && local.EngineId.Equals(securityEngineId) ? (local.Boots, local.Time)
            : GetEngineTime(securityEngineId) ?? (0, 0);
        return Generate(globalData, securityEngineId, securityName, securityLevel, scopedPdu, user, boots, time);
    }

    /// <summary>generateResponseMsg (RFC 3414 3.1.1) for the message processing model's msgGlobalData.</summary>
    internal byte[] GenerateResponseMsg(HeaderData globalData, int maxMessageSize, OctetString securityEngineId, OctetString securityName, SecurityLevel securityLevel, ScopedPdu scopedPdu, object securityStateReference)
    {
        var state = securityStateReference as UsmStateReference
            ?? throw new ArgumentException("The state reference did not come from this security model.", nameof(securityStateReference));
        // RFC 3414 3.1.1 b: the authoritative engine sends its own boots and time.
        var (boots, time) = _localEngine is { } local && local.EngineId.Equals(securityEngineId)
            ? (local.Boots, local.Time)
            : GetEngineTime(securityEngineId) ?? (0, 0);
        return Generate(globalData, securityEngineId, securityName, securityLevel, scopedPdu, state.User, boots, time);
    }

    private byte[] Generate(HeaderData globalData, OctetString engineId, OctetString userName, SecurityLevel level, ScopedPdu scopedPdu, UsmUserEntry? user, int boots, int time)
    {
        var auth = user?.User.AuthProtocol;
        var priv = user?.User.PrivProtocol;
        if (level > (user?.User.MaxSecurityLevel ?? SecurityLevel.NoAuthNoPriv))
        {
            throw new SnmpConfigurationException($"USM user \"{userName}\" cannot send {level} messages (unsupportedSecurityLevel, RFC 3414 3.1.1).");
        }

        // The scopedPDU is encoded once, into this thread's buffer (its size is then known);
        // the message is written once around it (UsmMessageWriter): msgAuthenticationParameters
        // as zeros, then the scopedPDU copied in (or encrypted into it for authPriv), then the
        // HMAC over the whole message replaces the zeros (RFC 3414 6.3.1 / 7.3.1).
        var plaintext = EncodeScopedPdu(scopedPdu);
        int scopedPduLength = plaintext.Length;
        bool encrypt = level == SecurityLevel.AuthPriv;
        var wholeMsg = UsmMessageWriter.Write(globalData, engineId.Span, boots, time, userName.Span,
            level == SecurityLevel.NoAuthNoPriv ? 0 : auth!.TruncatedLength, encrypt ? 8 : 0,
            scopedPduLength, encrypt ? priv!.CiphertextLength(scopedPduLength) : -1, out var layout);
        var data = wholeMsg.AsSpan(layout.ScopedPduData, layout.ScopedPduDataLength);
        if (encrypt)
        {
            // RFC 3414 3.1.1 a / RFC 3826 3.1.3: the scopedPDU is encrypted from the thread's
            // buffer into the message (DES pads it to whole blocks).
            try
            {
                priv!.Encrypt(user!.Cipher!, user.PrivKey, boots, time, NextSalt(), plaintext,
                    wholeMsg.AsSpan(layout.PrivacyParameters, 8), data);
            }
            finally
            {
                // What was to travel encrypted does not stay behind in plaintext.
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        else
        {
            plaintext.CopyTo(data);
        }

        if (level != SecurityLevel.NoAuthNoPriv)
        {
            user!.Mac!.Compute(wholeMsg, wholeMsg.AsSpan(layout.AuthenticationParameters, auth!.TruncatedLength));
        }

        return wholeMsg;
    }

    /// <summary>The largest encoding buffer a thread keeps (a large scopedPDU grew it).</summary>
    private const int ScopedPduBufferKeptLimit = 16384;

    [ThreadStatic]
    private static byte[]? t_scopedPdu;

    /// <summary>
    /// Encodes <paramref name="scopedPdu"/> into this thread's buffer, grown until it fits; the
    /// octets are valid until the thread's next call.
    /// </summary>
    private static Span<byte> EncodeScopedPdu(ScopedPdu scopedPdu)
    {
        var buffer = t_scopedPdu ??= new byte[2048];
        int written;
        while (!SnmpMessageCodec.TryEncode(scopedPdu, buffer, out written))
        {
            buffer = new byte[Math.Max(buffer.Length * 2, BerSize.Of(scopedPdu))];
            if (buffer.Length <= ScopedPduBufferKeptLimit)
            {
                t_scopedPdu = buffer;
            }
        }

        return buffer.AsSpan(0, written);
    }

    /// <summary>How many usmUserTable rows there are (configured and learnt).</summary>
    internal int UserRowCount => _users.Count;

    /// <summary>How many engines the timeliness cache has an entry for.</summary>
    internal int KnownEngineClocks => _timeliness.Count;

    /// <summary>Forgets a learnt trap sender given up for a new one: its rows and its clock.</summary>
    private void Forget(EvictedEngine evicted)
    {
        foreach (var row in evicted.Rows)
        {
            _users.Remove(row);
        }

        _timeliness.Forget(evicted.EngineId);
        _logger.LogDebug("Forgot idle trap sender engine {EngineId} to learn a new one", evicted.EngineId.ToHex());
    }

    /// <summary>processIncomingMsg (RFC 3414 3.2) of a decoded SNMPv3 message.</summary>
    /// <remarks>
    /// RFC 3414 section 3.2, one pipeline for both roles of section 2.3. This engine is the
    /// authoritative one (step 7a) for a message naming its own snmpEngineID, and for any
    /// reportable message once it has a <see cref="LocalEngine"/>; otherwise it is the
    /// non-authoritative one (step 7b). The roles differ only where the RFC has them differ: step 3
    /// (the authoritative engine refuses other engine IDs, the non-authoritative one learns an
    /// engine from an unauthenticated message, as discovery needs), step 4 at noAuthNoPriv, step 7,
    /// and whether a failure carries the <see cref="ReportSecurity"/> of its Report.
    /// </remarks>
    /// <param name="message">The decoded message.</param>
    /// <param name="wholeMsg">The message as received.</param>
    /// <param name="answeredRequest">
    /// The outstanding request whose msgID the message carries (from the message processing
    /// model), or null: only an authenticated usmStatsNotInTimeWindows Report answering one may
    /// set the local notion of the agent's clock back (step 7b, <see cref="AcceptRestartedClock"/>).
    /// </param>
    internal IncomingSecurityResult ProcessIncomingMsg(SnmpV3Message message, ReadOnlyMemory<byte> wholeMsg, OutstandingRequest? answeredRequest = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Step 1: msgSecurityParameters must be a UsmSecurityParameters. Too little is known yet
        // for a Report, on either side.
        UsmSecurityParameterFields parameters;
        int authOffset;
        try
        {
            parameters = UsmSecurityParameters.DecodeFields(message.SecurityParameters, out authOffset);
        }
        catch (SnmpDecodeException e)
        {
            throw new MessageDroppedException(SnmpCounter.SnmpInASNParseErrs, "msgSecurityParameters: " + e.Message, e);
        }

        // Step 2: securityEngineID is msgAuthoritativeEngineID; msgUserName and the user's keys
        // are what the securityStateReference caches (step 11).
        var (engineId, userName) = IncomingNamesOf(in parameters);
        var level = message.GlobalData.SecurityLevel;
        var authoritative = AuthoritativeEngineFor(message, engineId);
        var role = new Role(authoritative, userName, message);

        // Step 3: msgAuthoritativeEngineID.
        if (authoritative is not null)
        {
            if (!engineId.Equals(authoritative.EngineId))
            {
                // 3b; also the answer to discovery (RFC 3414 section 4): the Report carries this
                // engine's id, boots and time.
                throw role.Fail(SnmpCounter.UsmStatsUnknownEngineIDs, $"msgAuthoritativeEngineID {engineId.ToHex()} is not this engine's");
            }
        }
        else if (_trapSenderUsers is not null)
        {
            // A notification receiver sends no requests, so it has no discovery to learn an
            // engine's clock from (3a); and an unauthenticated trap names a user it knows, or is
            // usmStatsUnknownUserNames like any other unknown user (step 4).
            if (level == SecurityLevel.NoAuthNoPriv && !_trapSenderUsers.Knows(userName) && _users.Find(engineId, userName) is null)
            {
                throw role.Fail(SnmpCounter.UsmStatsUnknownUserNames, $"no user \"{userName}\" for engine {engineId.ToHex()}");
            }
        }
        else if (level == SecurityLevel.NoAuthNoPriv && engineId.Length > 0)
        {
            // 3a: an unauthenticated message (the discovery Report) tells an engine's id and
            // clock; kept only until an authenticated message says otherwise (step 7b).
            _timeliness.LearnEngine(engineId, parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime);
        }

        // Step 4: the usmUserTable row, and step 5: the level it supports. The authoritative
        // engine looks the user up at every level, so an unknown user's noAuthNoPriv request is
        // usmStatsUnknownUserNames. The non-authoritative one does only for authenticated
        // messages: an unauthenticated Report (discovery's above all) names a user it has no row
        // for at that engine yet, and must still be processed (RFC 3414 section 4).
        UsmUserEntry? user = null;
        UsmUserEntry? learning = null;
        if (authoritative is not null || level != SecurityLevel.NoAuthNoPriv)
        {
            // A trap (non-authoritative side, authenticated) from an engine not seen before: the
            // configured trap sender's keys localised for it, kept once the digest verifies.
            user = _users.Find(engineId, userName)
                ?? (authoritative is null ? learning = _trapSenderUsers?.TryLocalise(engineId, userName) : null)
                ?? throw role.Fail(SnmpCounter.UsmStatsUnknownUserNames, $"no user \"{userName}\" for engine {engineId.ToHex()}");
            if (level > user.User.MaxSecurityLevel)
            {
                throw role.Fail(SnmpCounter.UsmStatsUnsupportedSecLevels, $"user \"{userName}\" does not support {level}");
            }
        }

        int boots = parameters.AuthoritativeEngineBoots, time = parameters.AuthoritativeEngineTime;
        ScopedPdu? accepted = null;
        if (level != SecurityLevel.NoAuthNoPriv)
        {
            // Step 6: the digest (step 4 found the user: every authenticated message has one).
            if (!VerifyDigest(message, wholeMsg, in parameters, authOffset, user!))
            {
                throw role.Fail(SnmpCounter.UsmStatsWrongDigests, $"the digest for user \"{userName}\" does not verify");
            }

            if (learning is not null)
            {
                if (!_trapSenderUsers!.Learned(learning, out var evicted))
                {
                    throw role.Fail(SnmpCounter.UsmStatsUnknownUserNames, $"no room to learn engine {engineId.ToHex()}: every learnt trap sender was heard from recently");
                }

                _users.Put(learning);
                if (evicted is not null)
                {
                    Forget(evicted);
                }

                _logger.LogDebug("Learnt trap sender engine {EngineId} for user {UserName}", engineId.ToHex(), userName);
            }

            // Step 7: timeliness, against the clock of whichever engine is authoritative.
            if (authoritative is not null)
            {
                // 7a: this engine's own clock. Reported authenticated as the user, so the
                // sender can trust the clock the Report carries and resynchronise.
                if (!IsInTimeWindow(authoritative, boots, time))
                {
                    throw role.Fail(SnmpCounter.UsmStatsNotInTimeWindows, $"boots {boots} time {time} is outside this engine's window (boots {authoritative.Boots}, time {authoritative.Time})", user);
                }
            }
            else if (!_timeliness.IsInTimeWindow(engineId, boots, time, out int localBoots, out int localTime))
            {
                // 7b: the local notion of the other engine's clock, after adopting a newer one.
                // A clock behind it is a replay, or an agent that restarted without its clock:
                // only the Report answering our own request can tell the latter.
                bool behind = UsmTimelinessCache.IsBehind(boots, time, localBoots, localTime);
                accepted = behind ? AcceptRestartedClock(message, user!, in parameters, in role, answeredRequest, engineId, userName, localBoots, localTime) : null;
                if (accepted is null)
                {
                    _logger.LogDebug("Message from engine {EngineId} outside the time window", engineId.ToHex());
                    string regression = "";
                    if (behind)
                    {
                        _timeliness.NoteRefused(engineId, boots, time, localBoots, localTime);
                        regression = $"; {new RefusedEngineTime(boots, time, localBoots, localTime).Describe()}, or this is a replay, and only an authenticated usmStatsNotInTimeWindows Report answering an outstanding request may set the clock back";
                    }

                    throw role.Fail(SnmpCounter.UsmStatsNotInTimeWindows, $"boots {boots} time {time} is outside the window of engine {engineId.ToHex()} (boots {localBoots}, time {localTime}){regression}");
                }
            }
            else
            {
                // An accepted message: a learnt trap sender is now the most recently authenticated.
                _trapSenderUsers?.Authenticated(engineId);
            }
        }

        // Step 8: decryption.
        var scopedPdu = accepted ?? ReadScopedPdu(message, user, in parameters, in role);

        // Steps 9 to 12: the result. maxSizeResponseScopedPDU starts from msgMaxSize (the message
        // processing model takes off its own overhead); securityName is msgUserName. The state
        // keeps the user only when the message authenticated as it (generateResponseMsg uses its
        // keys), and the clock a response will carry: an unauthenticated request's boots and time
        // were never checked, so the authoritative engine keeps its own.
        var authenticated = level == SecurityLevel.NoAuthNoPriv ? null : user;
        if (authenticated is null && authoritative is not null)
        {
            (boots, time) = (authoritative.Boots, authoritative.Time);
        }

        return new IncomingSecurityResult(engineId, userName, scopedPdu, message.GlobalData.MsgMaxSize, new UsmStateReference(authenticated, boots, time));
    }

    /// <summary>
    /// RFC 3414 3.2 step 7b for an authenticated message whose clock is behind the local notion
    /// of the agent's: returns its scopedPDU (step 8 done) when it is a usmStatsNotInTimeWindows
    /// Report answering <paramref name="answeredRequest"/> (same engine, same user), having
    /// adopted its clock; null otherwise, and the message is refused as the RFC says.
    /// </summary>
    /// <remarks>
    /// An agent that restarts without non-volatile storage comes back with snmpEngineBoots 1 (or
    /// snmpEngineTime near 0) under the same snmpEngineID, against RFC 3414 2.2.2. It refuses our
    /// requests (step 7a) with an authenticated notInTimeWindow Report carrying its new clock,
    /// which step 7b would drop as behind the window forever. Such a Report answering a msgID
    /// this engine has just sent, from the address it went to, was made after that request: it
    /// is no replay, so its clock is the agent's clock now (the Report does what discovery does
    /// in section 4). A Response never sets the clock back (an agent answers a request only from
    /// inside its window), nor does any message answering nothing outstanding, nor an
    /// unauthenticated one (step 3a keeps those provisional).
    /// </remarks>
    private ScopedPdu? AcceptRestartedClock(SnmpV3Message message, UsmUserEntry user, in UsmSecurityParameterFields parameters, in Role role,
        OutstandingRequest? answeredRequest, OctetString engineId, OctetString userName, int localBoots, int localTime)
    {
        if (answeredRequest is null || !answeredRequest.SecurityEngineId.Equals(engineId) || !answeredRequest.SecurityName.Equals(userName))
        {
            return null;
        }

        // Step 8 first, to see the PDU (an authPriv Report decrypts with its own boots and time).
        var scopedPdu = ReadScopedPdu(message, user, in parameters, in role);
        var pdu = scopedPdu.Pdu;
        if (pdu.Type != PduType.Report || pdu.VarBinds.Count == 0 || !pdu.VarBinds[0].Oid.Equals(SnmpCounterObjects.InstanceOf(SnmpCounter.UsmStatsNotInTimeWindows)))
        {
            return null;
        }

        int boots = parameters.AuthoritativeEngineBoots, time = parameters.AuthoritativeEngineTime;
        _timeliness.AdoptRestartedClock(engineId, boots, time);
        _logger.LogInformation("Engine {EngineId} went back from boots {KnownBoots} time {KnownTime} to boots {Boots} time {Time} (restarted without its clock); adopted from its authenticated notInTimeWindow Report answering our request",
            engineId.ToHex(), localBoots, localTime, boots, time);
        return scopedPdu;
    }

    /// <summary>
    /// This engine's identity when it is the authoritative engine for <paramref name="message"/>
    /// (RFC 3414 3.2 step 7), else null. Authority follows msgAuthoritativeEngineID, not msgFlags,
    /// so a sender cannot dodge step 7a by clearing reportableFlag; a request naming another engine
    /// is a request to an engine this one is not (step 3b, and the discovery probe). A request is a
    /// plaintext Confirmed Class PDU whatever its reportableFlag (RFC 3412 6.4: the flag is "only
    /// used in cases where the PDU portion of a message cannot be decoded"), or an encrypted one
    /// with the flag set.
    /// </summary>
    private LocalEngine? AuthoritativeEngineFor(SnmpV3Message message, OctetString engineId) =>
        _localEngine is { } local && (engineId.Equals(local.EngineId)
            || (message.ScopedPdu is { } scoped ? scoped.Pdu.Type.IsConfirmed() : (message.GlobalData.MsgFlags & MsgFlags.Reportable) != 0))
            ? local
            : null;

    /// <summary>
    /// RFC 3414 3.2 step 7a: the authoritative engine's Time Window, boots equal to its own and
    /// time within <see cref="TimeWindowSeconds"/> of its own either way; boots latched at
    /// 2^31-1 is never inside.
    /// </summary>
    private static bool IsInTimeWindow(LocalEngine local, int boots, int time) =>
        !(boots == int.MaxValue || boots != local.Boots || Math.Abs((long)time - local.Time) > TimeWindowSeconds);

    /// <summary>
    /// The scopedPDU of an accepted message: decrypted and decoded for authPriv (RFC 3414 3.2
    /// step 8, where a scopedPDU that does not decode after decryption is a decryption error too),
    /// as it came otherwise. The privacy protocols take msgAuthoritativeEngineBoots and Time from
    /// the message (RFC 3826 3.1.2.2), which step 7 has accepted.
    /// </summary>
    private static ScopedPdu ReadScopedPdu(SnmpV3Message message, UsmUserEntry? user, in UsmSecurityParameterFields parameters, in Role role)
    {
        if (message.GlobalData.SecurityLevel != SecurityLevel.AuthPriv)
        {
            return message.ScopedPdu ?? throw new MessageDroppedException(SnmpCounter.SnmpInvalidMsgs, "an encrypted scopedPDU without the privFlag");
        }

        byte[] plaintext;
        try
        {
            plaintext = user!.User.PrivProtocol!.Decrypt(user.Cipher!, user.PrivKey!, parameters.AuthoritativeEngineBoots, parameters.AuthoritativeEngineTime,
                parameters.PrivacyParameters.Span, message.EncryptedPdu.Span);
        }
        catch (CryptographicException e)
        {
            throw role.Fail(SnmpCounter.UsmStatsDecryptionErrors, e.Message, inner: e);
        }

        try
        {
            return SnmpMessageCodec.DecodeScopedPdu(plaintext);
        }
        catch (SnmpDecodeException e)
        {
            throw role.Fail(SnmpCounter.UsmStatsDecryptionErrors, "the decrypted scopedPDU does not decode: " + e.Problem, inner: e);
        }
    }

    // The engine ID and user name of the latest incoming message, reused while they repeat (a
    // manager hears from one agent as one user, message after message) instead of two copies per
    // message; a message with other names replaces them.
    private IncomingNames? _lastIncomingNames;

    private sealed record IncomingNames(OctetString EngineId, OctetString UserName);

    private (OctetString EngineId, OctetString UserName) IncomingNamesOf(in UsmSecurityParameterFields parameters)
    {
        var names = _lastIncomingNames;
        if (names is null || !names.EngineId.Span.SequenceEqual(parameters.AuthoritativeEngineId.Span) || !names.UserName.Span.SequenceEqual(parameters.UserName.Span))
        {
            names = new IncomingNames(new OctetString(parameters.AuthoritativeEngineId.Span), new OctetString(parameters.UserName.Span));
            _lastIncomingNames = names;
        }

        return (names.EngineId, names.UserName);
    }

    /// <summary>The largest message whose digest is verified over a copy (in <see cref="t_digestCopy"/>).</summary>
    private const int StackCopyLimit = 2048;

    [ThreadStatic]
    private static byte[]? t_digestCopy;

    private static bool VerifyDigest(SnmpV3Message message, ReadOnlyMemory<byte> wholeMsg, in UsmSecurityParameterFields parameters, int authOffset, UsmUserEntry user)
    {
        // RFC 3414 3.2 step 6: the HMAC over the message with the digest field zeroed.
        var auth = user.User.AuthProtocol!;
        int securityParametersOffset = FindSecurityParametersOffset(message, wholeMsg);
        var received = parameters.AuthenticationParameters.Span;
        int digestAt = securityParametersOffset + authOffset;
        if (received.Length != auth.TruncatedLength || digestAt + received.Length > wholeMsg.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[received.Length];
        if (wholeMsg.Length <= StackCopyLimit)
        {
            // A copy with the digest zeroed is hashed in one call: copying a small message costs
            // less than the two extra calls into the native HMAC that hashing around the digest
            // field takes. The copy is this thread's buffer: a stackalloc of that size is zeroed
            // on every call first (the message is no secret: it came over the network).
            var copy = (t_digestCopy ??= new byte[StackCopyLimit]).AsSpan(0, wholeMsg.Length);
            wholeMsg.Span.CopyTo(copy);
            copy.Slice(digestAt, received.Length).Clear();
            user.Mac!.Compute(copy, expected);
        }
        else
        {
            user.Mac!.Compute(wholeMsg.Span, digestAt, received.Length, expected);
        }
        return CryptographicOperations.FixedTimeEquals(expected, received);
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

    /// <summary>
    /// Which side of RFC 3414 2.3 this engine is on for one incoming message, and so what a
    /// failure of section 3.2 carries. As the authoritative engine every failure from step 3 on
    /// carries the <see cref="ReportSecurity"/> its Report is sent with (the message processing
    /// model sends one when the message was reportable, RFC 3412 7.2): noAuthNoPriv, except step
    /// 7a's notInTimeWindow, sent authNoPriv as the user. As the non-authoritative engine a
    /// failure is only counted.
    /// </summary>
    private readonly struct Role
    {
        private readonly LocalEngine? _authoritativeEngine;
        private readonly OctetString _userName;
        private readonly int _requestId;

        /// <param name="authoritativeEngine">This engine, when it is the authoritative one for the message; null otherwise.</param>
        /// <param name="userName">msgUserName.</param>
        /// <param name="message">The message.</param>
        public Role(LocalEngine? authoritativeEngine, OctetString userName, SnmpV3Message message)
        {
            _authoritativeEngine = authoritativeEngine;
            _userName = userName;
            // The Report echoes the request's request-id when it could be read (not encrypted).
            _requestId = authoritativeEngine is null ? 0 : message.ScopedPdu?.Pdu.RequestId ?? 0;
        }

        public MessageDroppedException Fail(SnmpCounter counter, string reason, UsmUserEntry? reportUser = null, Exception? inner = null) =>
            _authoritativeEngine is not { } local
                ? new MessageDroppedException(counter, reason, inner)
                : new MessageDroppedException(counter, reason, inner)
                {
                    ReportSecurity = new ReportSecurity(local.EngineId, _userName,
                        reportUser is null ? SecurityLevel.NoAuthNoPriv : SecurityLevel.AuthNoPriv,
                        new UsmStateReference(reportUser, local.Boots, local.Time), _requestId),
                };
    }
}

/// <summary>The securityStateReference USM keeps between processIncomingMsg and generateResponseMsg.</summary>
/// <param name="User">The user the message was authenticated as, or null for noAuthNoPriv.</param>
/// <param name="Boots">msgAuthoritativeEngineBoots of the message.</param>
/// <param name="Time">msgAuthoritativeEngineTime of the message.</param>
internal sealed record UsmStateReference(UsmUserEntry? User, int Boots, int Time);
