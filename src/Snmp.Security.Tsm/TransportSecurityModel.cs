using System.Text;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;

namespace Snmp.Security.Tsm;

/// <summary>
/// The Transport Security Model of RFC 5591 (securityModel 4): the security comes from a secure
/// transport (TLS and DTLS of RFC 6353, SSH of RFC 5592), which authenticates the peer as
/// tmSecurityName and protects the message at tmTransportSecurityLevel; this model only carries
/// those between the transport and the message processing model. msgSecurityParameters is a
/// zero-length OCTET STRING and msgData a plaintext scopedPDU. Thread-safe and stateless per
/// message: everything it needs travels in the tmStateReference (RFC 5590 section 5.2).
/// As an <see cref="IOriginatorSecurityModel"/> it sends at authPriv by default and finds agents
/// by RFC 5343 contextEngineID discovery.
/// </summary>
/// <remarks>
/// Failures are <see cref="MessageDroppedException"/>s naming a <see cref="SnmpTsmStats"/>
/// counter: incoming ones are counted and dropped by the dispatcher (an inadequate security level
/// is answered with a Report when the message was reportable); outgoing ones (a securityName
/// without its transport's prefix) fail the request and are counted too.
/// </remarks>
public sealed class TransportSecurityModel : ISecurityModel, IOriginatorSecurityModel, ISnmpCounterProvider
{
    private readonly OctetString _localEngineId;
    private readonly IReadOnlyDictionary<TransportDomain, string> _prefixes;

    /// <summary>Creates the model.</summary>
    /// <param name="localEngine">
    /// This engine's identity: every incoming message's securityEngineID is the local snmpEngineID
    /// (RFC 5591 5.2 step 1). Null leaves it empty (an engine that does not know its own).
    /// </param>
    /// <param name="transportPrefixes">
    /// The securityName prefix of each transport domain (the IANA registry of RFC 5590's
    /// SnmpTransportDomain prefixes), used when <see cref="UseTransportPrefix"/> is on; the
    /// registered "ssh", "tls" and "dtls" when null. A prefix is 1 to 4 US-ASCII letters or digits.
    /// </param>
    /// <exception cref="ArgumentException">A prefix is not 1 to 4 US-ASCII letters or digits.</exception>
    public TransportSecurityModel(LocalEngine? localEngine = null, IReadOnlyDictionary<TransportDomain, string>? transportPrefixes = null)
    {
        _localEngineId = localEngine?.EngineId ?? OctetString.Empty;
        _prefixes = transportPrefixes ?? DefaultTransportPrefixes;
        foreach (var (domain, prefix) in _prefixes)
        {
            if (!IsValidPrefix(prefix))
            {
                throw new ArgumentException($"The prefix \"{prefix}\" of {domain} is not 1 to 4 US-ASCII letters or digits (RFC 5591 4.2 step 2).", nameof(transportPrefixes));
            }
        }
    }

    /// <summary>snmpSSHDomain, 1.3.6.1.6.1.7 (RFC 5592): SSH.</summary>
    public static TransportDomain SshDomain { get; } = new(new ObjectIdentifier(1, 3, 6, 1, 6, 1, 7), "snmpSSHDomain");

    /// <summary>The registered prefixes of the secure transports: "ssh" (RFC 5592), "tls" and "dtls" (RFC 6353).</summary>
    public static IReadOnlyDictionary<TransportDomain, string> DefaultTransportPrefixes { get; } = new Dictionary<TransportDomain, string>
    {
        [SshDomain] = "ssh",
        [TransportDomain.TlsTcp] = "tls",
        [TransportDomain.DtlsUdp] = "dtls",
    };

    /// <inheritdoc cref="ISecurityModel.SecurityModel" />
    public SecurityModel SecurityModel => SecurityModel.Tsm;

    /// <summary>snmpTsmStats (RFC 5591 section 7), which the engine names in Reports and snapshots and an agent serves.</summary>
    public IReadOnlyCollection<SnmpCounterDefinition> Counters => SnmpTsmStats.Definitions;

    /// <summary>
    /// authPriv, unless the principal says otherwise: the secure transports give every message
    /// authentication and privacy (RFC 6353 with a non-null cipher), and a level above what they
    /// provide is refused (RFC 5591 5.2 step 4). TSM has no discovery of its own: the
    /// interface's default, RFC 5343 contextEngineID discovery, finds the engine.
    /// </summary>
    public SecurityLevel DefaultSecurityLevel(SecurityPrincipal principal) => principal?.DefaultSecurityLevel ?? SecurityLevel.AuthPriv;

    /// <summary>
    /// An agent's snmpEngineID by RFC 5343 contextEngineID discovery. A notification receiver (the
    /// target of informs) is not asked: it may have no command responder to answer (Net-SNMP's
    /// snmptrapd answers no Get), TSM secures an inform without knowing the receiver's engine,
    /// and a notification's contextEngineID is its originator's (RFC 3413 3.3): this engine's
    /// snmpEngineID is returned (RFC 5343 discovery when this model was made without one).
    /// </summary>
    public Task<OctetString> DiscoverEngineIdAsync(SecurityTarget target, SendConfirmedPdu send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Role == SnmpEntityRole.NotificationReceiver && _localEngineId.Length > 0
            ? Task.FromResult(_localEngineId)
            : ContextEngineIdDiscovery.DiscoverAsync(target, send, cancellationToken);
    }

    /// <summary>
    /// snmpTsmConfigurationUsePrefix (SNMP-TSM-MIB, default false): whether securityNames passing
    /// to and from applications carry their transport's prefix ("tls:manager"): added to incoming
    /// tmSecurityNames, required on and removed from outgoing securityNames.
    /// </summary>
    public bool UseTransportPrefix { get; set; }

    /// <summary>
    /// generateRequestMsg (RFC 5591 4.2 steps 2 to 5) for a request or notification: a new
    /// tmStateReference asks the transport for securityLevel as tmSecurityName (the securityName,
    /// its prefix removed when <see cref="UseTransportPrefix"/> is on), tmSameSecurity false.
    /// </summary>
    /// <exception cref="MessageDroppedException">snmpTsmUnknownPrefixes or snmpTsmInvalidPrefixes (counted by the dispatcher; the request fails).</exception>
    public SecuredMessage GenerateRequestMsg(OutgoingSecurityParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var tm = parameters.TmStateReference;
        var tmStateReference = tm with
        {
            SecurityName = TmSecurityName(parameters.SecurityName, tm.TransportDomain),
            RequestedSecurityLevel = parameters.SecurityLevel,
            SameSecurity = false,
        };
        return new SecuredMessage(Encode(parameters), tmStateReference);
    }

    /// <summary>
    /// generateResponseMsg (RFC 5591 4.2 step 1, then 3 to 5) for a Response or Report: the
    /// request's cached tmStateReference, tmSameSecurity true and tmRequestedSecurityLevel the
    /// level the transport provided, so the answer leaves over the session the request came in on.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="securityStateReference"/> is not this model's.</exception>
    public SecuredMessage GenerateResponseMsg(OutgoingSecurityParameters parameters, object securityStateReference)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var cached = securityStateReference as TsmSecurityStateReference
            ?? throw new ArgumentException("The securityStateReference was not made by the Transport Security Model.", nameof(securityStateReference));
        var tmStateReference = cached.TmStateReference with
        {
            SameSecurity = true,
            RequestedSecurityLevel = cached.TmStateReference.TransportSecurityLevel,
            // The mapping the request arrived on, as the message processing model chose it.
            TransportMapping = parameters.TmStateReference.TransportMapping ?? cached.TmStateReference.TransportMapping,
        };
        return new SecuredMessage(Encode(parameters), tmStateReference);
    }

    /// <summary>
    /// processIncomingMsg (RFC 5591 5.2): securityEngineID the local snmpEngineID (step 1); the
    /// transport must have authenticated a tmSecurityName (step 2, else snmpTsmInvalidCaches);
    /// securityName is it, prefixed when <see cref="UseTransportPrefix"/> is on (step 3, else
    /// snmpTsmUnknownPrefixes); msgFlags may not ask for more than tmTransportSecurityLevel (step 4,
    /// else snmpTsmInadequateSecurityLevels, reported); the tmStateReference is cached for the
    /// response (step 5); the scopedPDU is the plaintext msgData (step 6).
    /// </summary>
    /// <exception cref="MessageDroppedException">The message is dropped; the exception names the counter.</exception>
    public IncomingSecurityResult ProcessIncomingMsg(IncomingSecurityParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var message = parameters.Message as SnmpV3Message
            ?? throw new MessageDroppedException(SnmpCounter.SnmpInvalidMsgs, $"a {parameters.Message.Version} message reached the Transport Security Model, which handles SNMPv3 messages");
        var tm = parameters.TmStateReference;

        // Step 2: only a secure transport fills in tmSecurityName and tmTransportSecurityLevel.
        if (tm is null || tm.SecurityName is not { Length: > 0 } tmSecurityName || !Enum.IsDefined(tm.TransportSecurityLevel))
        {
            throw new MessageDroppedException(SnmpTsmStats.InvalidCaches, $"the {tm?.TransportDomain.ToString() ?? "transport"} authenticated no tmSecurityName");
        }

        // Step 3.
        var securityName = UseTransportPrefix ? Prefixed(tmSecurityName, tm.TransportDomain) : tmSecurityName;
        var securityLevel = message.GlobalData.SecurityLevel;
        var state = new TsmSecurityStateReference(tm, securityLevel);

        // Step 4: RFC 5591 reports this one (unsupportedSecurityLevel with the counter).
        if (securityLevel > tm.TransportSecurityLevel)
        {
            throw new MessageDroppedException(SnmpTsmStats.InadequateSecurityLevels, $"msgFlags ask for {securityLevel}, the transport provided {tm.TransportSecurityLevel}")
            {
                ReportSecurity = new ReportSecurity(_localEngineId, securityName, tm.TransportSecurityLevel, state, RequestIdOf(message)),
            };
        }

        // Step 6: TSM's msgData is a plaintext scopedPDU (the transport encrypts).
        var scopedPdu = message.ScopedPdu
            ?? throw new MessageDroppedException(SnmpCounter.SnmpInASNParseErrs, "msgData is an encryptedPDU; the Transport Security Model carries a plaintext scopedPDU");

        // Steps 5, 7 and 8. msgSecurityParameters is ignored: the RFC sends it empty.
        return new IncomingSecurityResult(_localEngineId, securityName, scopedPdu, message.GlobalData.MsgMaxSize, state);
    }

    private static byte[] Encode(OutgoingSecurityParameters parameters)
    {
        var header = parameters.GlobalData
            ?? throw new ArgumentException($"The Transport Security Model secures SNMPv3 messages, not {parameters.MessageProcessingModel}.", nameof(parameters));
        // Step 3: msgSecurityParameters is a zero-length OCTET STRING ('0400'H); step 4: the whole message.
        return SnmpMessageCodec.Encode(new SnmpV3Message(header, ReadOnlyMemory<byte>.Empty, parameters.ScopedPdu));
    }

    // RFC 5591 4.2 step 2: the securityName without its transport's prefix and ':'.
    private OctetString TmSecurityName(OctetString securityName, TransportDomain domain)
    {
        if (!UseTransportPrefix)
        {
            return securityName;
        }

        if (!_prefixes.TryGetValue(domain, out var prefix))
        {
            throw new MessageDroppedException(SnmpTsmStats.UnknownPrefixes, $"no securityName prefix is known for {domain}");
        }

        var name = securityName.Span;
        int colon = name.IndexOf((byte)':');
        if (colon < 1 || colon > 4 || !name[..colon].SequenceEqual(Encoding.ASCII.GetBytes(prefix)))
        {
            throw new MessageDroppedException(SnmpTsmStats.InvalidPrefixes, $"the securityName does not start with \"{prefix}:\", the prefix of {domain}");
        }

        return new OctetString(name[(colon + 1)..]);
    }

    // RFC 5591 5.2 step 3: prefix ':' tmSecurityName.
    private OctetString Prefixed(OctetString tmSecurityName, TransportDomain domain)
    {
        if (!_prefixes.TryGetValue(domain, out var prefix))
        {
            throw new MessageDroppedException(SnmpTsmStats.UnknownPrefixes, $"no securityName prefix is known for {domain}");
        }

        var name = new byte[prefix.Length + 1 + tmSecurityName.Length];
        Encoding.ASCII.GetBytes(prefix, name);
        name[prefix.Length] = (byte)':';
        tmSecurityName.Span.CopyTo(name.AsSpan(prefix.Length + 1));
        return new OctetString(name);
    }

    private static bool IsValidPrefix(string prefix) =>
        prefix.Length is >= 1 and <= 4 && prefix.All(char.IsAsciiLetterOrDigit);

    private static int RequestIdOf(SnmpV3Message message) => message.ScopedPdu?.Pdu.RequestId ?? 0;
}
