using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.MessageProcessing;

/// <summary>
/// The SNMPv3 Message Processing Model of RFC 3412 sections 6 and 7: builds msgGlobalData
/// (msgID, msgMaxSize, msgFlags, msgSecurityModel) and the scopedPDU, hands both to the security
/// model of the request, and matches Responses and Reports to their requests by msgID (every
/// transmission gets a new msgID; all of a request's msgIDs lead to its newest sendPduHandle).
/// </summary>
public sealed class MessageProcessingModelV3 : IMessageProcessingModel
{
    private readonly Dictionary<SecurityModel, ISecurityModel> _securityModels;
    private readonly OctetString _localEngineId;
    private readonly int _maxMessageSize;
    private readonly ILogger _logger;
    // The cache of outstanding requests (RFC 3412 7.1 step 9): each transmission's msgID leads to
    // its request, one RequestState per (request-id, destination) shared by the request's
    // transmissions and holding the newest sendPduHandle, which releaseState finds by handle.
    // The msgIDs and handles point at the RequestState itself, so an answer or a release costs
    // one lookup, not a second one by (request-id, destination).
    private readonly ConcurrentDictionary<int, MessageState> _messages = new();
    private readonly ConcurrentDictionary<(int RequestId, EndPoint Destination), RequestState> _requests = new();
    private readonly ConcurrentDictionary<long, RequestState> _requestByHandle = new();
    private int _lastMsgId;

    /// <summary>Creates the model.</summary>
    /// <param name="securityModels">The registered security models: SNMPv3 messages may use any of them (USM, TSM, or a plug-in) by its number; the last of a number wins.</param>
    /// <param name="localEngineId">This engine's snmpEngineID (the contextEngineID of requests it receives).</param>
    /// <param name="maxMessageSize">msgMaxSize: the largest message this engine accepts (65507 for UDP over IPv4).</param>
    /// <param name="logger">Where to log.</param>
    public MessageProcessingModelV3(IEnumerable<ISecurityModel> securityModels, OctetString? localEngineId = null, int maxMessageSize = MessageSize.Default, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(securityModels);
        // RFC 3584 ties securityModels 1 and 2 to the community message formats; an SNMPv3 message
        // naming them is an unknown security model here, like any number nobody registered.
        // The last registered of a number wins, so a plug-in module may take a model over.
        _securityModels = [];
        foreach (var model in securityModels.Where(m => m.SecurityModel != SecurityModel.SNMPv1 && m.SecurityModel != SecurityModel.SNMPv2c))
        {
            _securityModels[model.SecurityModel] = model;
        }
        _localEngineId = localEngineId ?? OctetString.Empty;
        _maxMessageSize = maxMessageSize >= MessageSize.Minimum ? maxMessageSize : throw new ArgumentOutOfRangeException(nameof(maxMessageSize), "msgMaxSize is at least 484 (RFC 3412 section 6.2).");
        _logger = logger ?? NullLogger.Instance;
        _lastMsgId = Random.Shared.Next(1, int.MaxValue / 2);
    }

    /// <inheritdoc />
    public SnmpVersion MessageProcessingModel => SnmpVersion.SNMPv3;

    /// <summary>The number of requests whose responses are still expected.</summary>
    internal int OutstandingRequests => _requests.Count;

    /// <inheritdoc />
    public OutgoingMessage PrepareOutgoingMessage(SendPduParameters request, PduHandle sendPduHandle)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Pdu.Type == PduType.TrapV1)
        {
            throw new ArgumentException("SNMPv3 cannot carry an SNMPv1 Trap-PDU (RFC 3584 section 3.1).", nameof(request));
        }

        var securityModel = SecurityModelOf(request.SecurityModel);
        int msgId = NextMsgId();
        var flags = request.SecurityLevel.ToMsgFlags();
        // RFC 3412 6.4: the reportableFlag is set for confirmed-class PDUs only.
        if (request.Pdu.Type.IsConfirmed())
        {
            flags |= MsgFlags.Reportable;
        }

        var header = new HeaderData(msgId, _maxMessageSize, flags, request.SecurityModel.Value);
        var scopedPdu = new ScopedPdu(request.ContextEngineId.Value, request.ContextName.Value, request.Pdu);
        var tmStateReference = new TransportStateReference(request.TransportDomain, request.TransportAddress) { RequestedSecurityLevel = request.SecurityLevel };
        // RFC 3412 7.1 step 9: a request's authoritative engine is the one it is sent to, whose
        // snmpEngineID the application gives as contextEngineID (empty during discovery); an
        // unconfirmed-class PDU's (a trap's) is this engine, when it knows its snmpEngineID.
        var securityEngineId = request.Pdu.Type.IsConfirmed() || _localEngineId.Length == 0 ? request.SecurityEngineId ?? request.ContextEngineId : _localEngineId;
        var secured = securityModel.GenerateRequestMsg(new OutgoingSecurityParameters(SnmpVersion.SNMPv3, header, _maxMessageSize,
            securityEngineId, request.SecurityName, request.SecurityLevel, scopedPdu, tmStateReference));
        if (request.ExpectResponse && request.Pdu.Type.IsConfirmed() && !sendPduHandle.IsNone)
        {
            var key = (request.Pdu.RequestId, request.TransportAddress);
            RequestState state;
            do
            {
                // A retransmission (the same request-id to the same destination) takes the
                // request over with its new handle; one released meanwhile is gone, so start anew.
                state = _requests.GetOrAdd(key, static key => new RequestState(key));
            }
            while (!state.TryTakeOver(sendPduHandle, msgId));

            // The msgID before the handle: releaseState, which starts from the handle, then finds
            // every msgID it has to forget.
            _messages[msgId] = new MessageState(state, securityEngineId, request.SecurityName, request.SecurityLevel, request.SecurityModel);
            _requestByHandle[sendPduHandle.Value] = state;
        }

        return new OutgoingMessage(secured.WholeMsg, secured.TmStateReference);
    }

    /// <inheritdoc />
    public OutgoingMessage PrepareResponseMessage(ProcessPduParameters request, SnmpPdu response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var state = request.StateReference as V3StateReference
            ?? throw new ArgumentException("The request was not received by this message processing model.", nameof(request));
        if (response.Type == PduType.Report && !state.Reportable && response.VarBinds.Count > 0)
        {
            // RFC 3412 6.4: "If the reportableFlag is zero, then a Report PDU MUST NOT be sent."
            // The drop the Report would carry was counted where the Report was made.
            throw new MessageDroppedException(response.VarBinds[0].Oid, "the request's reportableFlag is zero, so no Report is sent (RFC 3412 6.4)");
        }

        var flags = request.SecurityLevel.ToMsgFlags();
        var header = new HeaderData(state.MsgId, _maxMessageSize, flags, request.SecurityModel.Value);
        // A Report names this engine's own snmpEngineID (RFC 3412 7.1 step 3); a Response echoes an
        // RFC 5343 localEngineID its request named.
        var contextEngineId = response.Type == PduType.Report ? request.ContextEngineId : state.AskedContextEngineId ?? request.ContextEngineId;
        var scopedPdu = new ScopedPdu(contextEngineId.Value, request.ContextName.Value, response);
        var secured = SecurityModelOf(request.SecurityModel).GenerateResponseMsg(new OutgoingSecurityParameters(SnmpVersion.SNMPv3, header, state.MaxMessageSize,
            state.SecurityEngineId, request.SecurityName, request.SecurityLevel, scopedPdu, request.TmStateReference.ForResponse()), state.SecurityStateReference);
        return new OutgoingMessage(secured.WholeMsg, secured.TmStateReference);
    }

    /// <inheritdoc />
    public PreparedDataElements PrepareDataElements(ReadOnlyMemory<byte> wholeMsg, TransportStateReference tmStateReference)
    {
        ArgumentNullException.ThrowIfNull(tmStateReference);
        var transportAddress = tmStateReference.TransportAddress;
        SnmpV3Message message;
        try
        {
            message = SnmpMessageCodec.DecodeV3Message(wholeMsg);
        }
        catch (SnmpDecodeException e)
        {
            throw new MessageDroppedException(SnmpCounter.SnmpInASNParseErrs, e.Message, e);
        }

        var header = message.GlobalData;
        if ((header.MsgFlags & (MsgFlags.Auth | MsgFlags.Priv)) == MsgFlags.Priv)
        {
            throw new MessageDroppedException(SnmpCounter.SnmpInvalidMsgs, "msgFlags ask for privacy without authentication (RFC 3412 7.2 step 5)");
        }

        if (header.MsgMaxSize < MessageSize.Minimum)
        {
            throw new MessageDroppedException(SnmpCounter.SnmpInvalidMsgs, $"msgMaxSize {header.MsgMaxSize} is below 484");
        }

        var securityModelNumber = new SecurityModel(header.MsgSecurityModel);
        if (!_securityModels.TryGetValue(securityModelNumber, out var securityModel))
        {
            throw new MessageDroppedException(SnmpCounter.SnmpUnknownSecurityModels, $"msgSecurityModel {header.MsgSecurityModel} is not supported");
        }

        // The request a Response or Report answers, looked up once: USM may need it (a restarted
        // agent's clock, RFC 3414 3.2 step 7b) and step 12 below matches the response against it.
        RequestState? request = null;
        var handle = PduHandle.None;
        if (_messages.TryGetValue(header.MsgId, out var sent))
        {
            handle = sent.Request.Handle;
            request = handle.IsNone ? null : sent.Request;
        }

        IncomingSecurityResult security;
        try
        {
            security = securityModel.ProcessIncomingMsg(new IncomingSecurityParameters(message, wholeMsg, _maxMessageSize, tmStateReference)
            {
                AnsweredRequest = sent is not null && request is not null ? AnsweredRequest(header, sent, request, transportAddress) : null,
            });
        }
        catch (MessageDroppedException e) when (e.ReportSecurity is { } report && e.CounterInstance is { } counter && IsReportable(message))
        {
            // RFC 3412 7.2 step 6 with 7.1 step 3: a reportable message the security model
            // rejected is answered with a Report carrying the counter it incremented.
            e.ReportMessage = value => PrepareReport(header, securityModel, report, counter, value, tmStateReference);
            throw;
        }

        var pdu = security.ScopedPdu.Pdu;
        var level = header.SecurityLevel;
        var contextEngineId = OctetStringOf(security.ScopedPdu.ContextEngineId.Span, security.SecurityEngineId, _localEngineId);
        OctetString? askedContextEngineId = null;
        if (!pdu.Type.IsResponse() && _localEngineId.Length > 0 && ContextEngineIdDiscovery.IsLocalEngineId(contextEngineId))
        {
            // RFC 5343 section 3: a request to the well-known localEngineID is processed as one to
            // this engine's snmpEngineID. Its Response still carries the contextEngineID the
            // request named (RFC 3412 7.1 step 3 takes it from the cached request); the engine's
            // own id is what the varbinds (snmpEngineID.0) say, and Net-SNMP's probe accepts
            // only an answer that echoes the localEngineID it sent.
            askedContextEngineId = contextEngineId;
            contextEngineId = _localEngineId;
        }

        var contextName = OctetStringOf(security.ScopedPdu.ContextName.Span, OctetString.Empty, OctetString.Empty);
        if (pdu.Type.IsResponse())
        {
            if (sent is null || request is null)
            {
                throw new MessageDroppedException(SnmpCounter.SnmpUnknownPDUHandlers, $"msgID {header.MsgId} matches no outstanding request");
            }

            if (!request.Destination.Equals(transportAddress))
            {
                throw new MessageDroppedException(EngineCounter.ResponsesFromUnexpectedAddress, $"msgID {header.MsgId} answered from {transportAddress}, not {request.Destination}");
            }

            // RFC 3412 7.2 step 12: a Response must come from the engine, user, model and level
            // the request went to. Reports are matched by msgID alone (step 13): they may well
            // come at a lower level, and the application decides what to make of them.
            // An engine not yet known (empty, or RFC 5343's localEngineID during discovery) and a
            // security model whose securityEngineID is always the local engine's (the Transport
            // Security Model, RFC 5591 5.2 step 1) name no remote engine to compare.
            if (pdu.Type == PduType.Response &&
                (level != sent.SecurityLevel || !security.SecurityName.Equals(sent.SecurityName) ||
                 sent.SecurityEngineId.Length > 0 && !ContextEngineIdDiscovery.IsLocalEngineId(sent.SecurityEngineId) &&
                 !security.SecurityEngineId.Equals(sent.SecurityEngineId) &&
                 !(_localEngineId.Length > 0 && security.SecurityEngineId.Equals(_localEngineId))))
            {
                throw new MessageDroppedException(SnmpCounter.SnmpInvalidMsgs, $"the response to msgID {header.MsgId} does not match its request's security parameters");
            }

            return new PreparedDataElements(SnmpVersion.SNMPv3, securityModelNumber, security.SecurityName, level,
                contextEngineId, contextName, pdu, handle, 0, null, tmStateReference);
        }

        // RFC 3412 6.4: the PDU, decoded now, decides whether a Report may answer it, not the flag.
        var stateReference = new V3StateReference(header.MsgId, Math.Min(header.MsgMaxSize, _maxMessageSize), security.SecurityEngineId, security.SecurityStateReference, askedContextEngineId, pdu.Type.IsConfirmed());
        // RFC 3412 7.2 step 7 / RFC 3414 3.2 step 9: the scopedPDU of the response may use what the
        // header, the security parameters (about as long as the request's) and cipher padding leave.
        int maxSizeResponseScopedPdu = Math.Min(security.MaxSizeResponseScopedPdu, _maxMessageSize) - message.SecurityParameters.Length - 48;
        return new PreparedDataElements(SnmpVersion.SNMPv3, securityModelNumber, security.SecurityName, level,
            contextEngineId, contextName, pdu, PduHandle.None, maxSizeResponseScopedPdu, stateReference, tmStateReference)
        {
            SecurityEngineId = security.SecurityEngineId,
        };
    }

    /// <summary>
    /// Whether a Report may answer <paramref name="message"/> (RFC 3412 6.4): "The reportableFlag is
    /// a secondary aid ... It is only used in cases where the PDU portion of a message cannot be
    /// decoded"; a plaintext Confirmed Class PDU is reported on whatever the flag says ("MUST process
    /// it as though the reportableFlag had been set to one"), an Unconfirmed one never.
    /// </summary>
    internal static bool IsReportable(SnmpV3Message message) =>
        message.ScopedPdu is { } scoped ? scoped.Pdu.Type.IsConfirmed() : (message.GlobalData.MsgFlags & MsgFlags.Reportable) != 0;

    /// <inheritdoc />
    public void ReleaseState(PduHandle sendPduHandle)
    {
        if (_requestByHandle.TryRemove(sendPduHandle.Value, out var request) && request.TryRelease(sendPduHandle))
        {
            // The newest transmission is done with: forget the request and every msgID it used
            // (a released request takes no more msgIDs).
            _requests.TryRemove(KeyValuePair.Create(request.Key, request));
            _messages.TryRemove(request.FirstMsgId, out _);
            if (request.MoreMsgIds is { } more)
            {
                foreach (int msgId in more)
                {
                    _messages.TryRemove(msgId, out _);
                }
            }
        }
    }

    /// <summary>
    /// The outstanding request (found by the message's msgID) as the security model sees it, when
    /// the message is authenticated and non-reportable (a Response or Report) and comes from the
    /// address the request went to; else null. The
    /// security model may trust such an answer where it trusts nothing else: USM adopts the
    /// clock of a restarted agent from it (RFC 3414 3.2 step 7b).
    /// </summary>
    private static OutstandingRequest? AnsweredRequest(HeaderData header, MessageState sent, RequestState request, EndPoint transportAddress) =>
        (header.MsgFlags & (MsgFlags.Auth | MsgFlags.Reportable)) == MsgFlags.Auth && request.Destination.Equals(transportAddress)
            ? new OutstandingRequest(sent.SecurityEngineId, sent.SecurityName)
            : null;

    /// <summary>
    /// A Report-PDU message (RFC 3412 7.1 step 3) about a counter, secured as
    /// <paramref name="report"/> says and sent back to where the reportable message came from.
    /// </summary>
    internal OutgoingMessage PrepareReport(HeaderData request, ISecurityModel securityModel, ReportSecurity report, ObjectIdentifier counter, long counterValue,
        TransportStateReference tmStateReference)
    {
        ArgumentNullException.ThrowIfNull(securityModel);
        ArgumentNullException.ThrowIfNull(report);
        var flags = report.SecurityLevel.ToMsgFlags();
        var header = new HeaderData(request.MsgId, _maxMessageSize, flags, request.MsgSecurityModel);
        var pdu = SnmpCounterObjects.ReportPdu(report.RequestId, counter, counterValue);
        var scopedPdu = new ScopedPdu(report.SecurityEngineId.Value, ReadOnlyMemory<byte>.Empty, pdu);
        var secured = securityModel.GenerateResponseMsg(new OutgoingSecurityParameters(SnmpVersion.SNMPv3, header, Math.Max(request.MsgMaxSize, MessageSize.Minimum),
            report.SecurityEngineId, report.SecurityName, report.SecurityLevel, scopedPdu, tmStateReference.ForResponse()), report.SecurityStateReference);
        return new OutgoingMessage(secured.WholeMsg, secured.TmStateReference);
    }

    /// <summary>
    /// The octets as an OctetString: <paramref name="likely"/> or <paramref name="orElse"/> when
    /// it holds the same octets (the contextEngineID is usually the securityEngineID or this
    /// engine's, the contextName usually empty), else a copy.
    /// </summary>
    private static OctetString OctetStringOf(ReadOnlySpan<byte> octets, OctetString likely, OctetString orElse) =>
        octets.SequenceEqual(likely.Span) ? likely
        : octets.SequenceEqual(orElse.Span) ? orElse
        : new OctetString(octets);

    private ISecurityModel SecurityModelOf(SecurityModel model) =>
        _securityModels.TryGetValue(model, out var securityModel)
            ? securityModel
            : throw new ArgumentException($"This engine has no {model} security model (unknownSecurityModel, RFC 3412 7.1 step 4).");

    private int NextMsgId()
    {
        while (true)
        {
            int id = Interlocked.Increment(ref _lastMsgId) & int.MaxValue;
            if (id != 0)
            {
                return id;
            }
        }
    }

    private sealed record MessageState(RequestState Request, OctetString SecurityEngineId, OctetString SecurityName, SecurityLevel SecurityLevel, SecurityModel SecurityModel);

    /// <summary>
    /// An outstanding request: its destination, the sendPduHandle of its newest transmission
    /// (<see cref="PduHandle.None"/> once released) and the msgIDs of all its transmissions.
    /// </summary>
    private sealed class RequestState((int RequestId, EndPoint Destination) key)
    {
        private readonly Lock _lock = new();
        private long _handle = -1;
        private List<int>? _moreMsgIds;

        public (int RequestId, EndPoint Destination) Key { get; } = key;

        public EndPoint Destination => Key.Destination;

        /// <summary>The newest transmission's handle; <see cref="PduHandle.None"/> once released.</summary>
        public PduHandle Handle
        {
            get
            {
                long handle = Volatile.Read(ref _handle);
                return new PduHandle(handle < 0 ? 0 : handle);
            }
        }

        /// <summary>The first transmission's msgID (every request has one).</summary>
        public int FirstMsgId { get; private set; }

        /// <summary>The msgIDs of the retransmissions, if any: read once released, when no more come.</summary>
        public List<int>? MoreMsgIds => _moreMsgIds;

        /// <summary>Makes <paramref name="handle"/> the newest transmission, sent with <paramref name="msgId"/>; false once released.</summary>
        public bool TryTakeOver(PduHandle handle, int msgId)
        {
            lock (_lock)
            {
                if (_handle == 0)
                {
                    return false;
                }

                if (_handle < 0)
                {
                    FirstMsgId = msgId;
                }
                else
                {
                    // One msgID per transmission, usually one: a list only for retransmissions.
                    (_moreMsgIds ??= new List<int>(2)).Add(msgId);
                }

                Volatile.Write(ref _handle, handle.Value);
                return true;
            }
        }

        /// <summary>Releases the request if <paramref name="handle"/> is still its newest transmission.</summary>
        public bool TryRelease(PduHandle handle)
        {
            lock (_lock)
            {
                if (_handle != handle.Value)
                {
                    return false;
                }

                Volatile.Write(ref _handle, 0);
                return true;
            }
        }
    }

    // AskedContextEngineId: the RFC 5343 localEngineID a request named, which its Response echoes; null otherwise.
    private sealed record V3StateReference(int MsgId, int MaxMessageSize, OctetString SecurityEngineId, object SecurityStateReference, OctetString? AskedContextEngineId = null, bool Reportable = true);
}
