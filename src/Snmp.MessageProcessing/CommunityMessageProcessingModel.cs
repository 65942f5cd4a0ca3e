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
/// The community-based Message Processing Models for SNMPv1 and SNMPv2c (RFC 3584 section 5.2,
/// RFC 1157 section 4, RFC 1901). The message format is the model's; what the community means
/// (securityName, context) is the Community-based Security Model's, found among the registered
/// security models by its number (1 for SNMPv1, 2 for SNMPv2c). The level is always noAuthNoPriv.
/// </summary>
public sealed class CommunityMessageProcessingModel : IMessageProcessingModel
{
    private readonly SnmpVersion _version;
    private readonly int _maxMessageSize;
    private readonly SecurityModel _securityModelNumber;
    private readonly ISecurityModel _securityModel;
    private readonly ILogger _logger;

    // Outstanding confirmed-class requests by request-id: the handle of the latest transmission
    // and where it went, so a response is routed to its request and checked against its peer.
    private readonly ConcurrentDictionary<int, Outstanding> _outstanding = new();
    private readonly ConcurrentDictionary<long, int> _requestIdByHandle = new();

    /// <summary>Creates the model for <paramref name="version"/>.</summary>
    /// <param name="version">SNMPv1 or SNMPv2c.</param>
    /// <param name="securityModels">The registered security models; the one numbered 1 (SNMPv1) or 2 (SNMPv2c) must be among them (RFC 3584 5.2); the last of that number wins, as in SNMPv3's model (a plug-in module's replaces the library's).</param>
    /// <param name="logger">Where to log (Debug and below per message).</param>
    /// <param name="maxMessageSize">The largest response this engine sends (at least 484 octets, RFC 1157 section 4).</param>
    /// <exception cref="ArgumentException">The version is not community-based, or its security model is not registered.</exception>
    public CommunityMessageProcessingModel(SnmpVersion version, IEnumerable<ISecurityModel> securityModels, ILogger? logger = null, int maxMessageSize = MessageSize.Default)
    {
        ArgumentNullException.ThrowIfNull(securityModels);
        _maxMessageSize = maxMessageSize >= MessageSize.Minimum ? maxMessageSize : throw new ArgumentOutOfRangeException(nameof(maxMessageSize), "At least 484 octets (RFC 1157 section 4).");
        if (version is not (SnmpVersion.SNMPv1 or SnmpVersion.SNMPv2c))
        {
            throw new ArgumentException($"The community-based model is for SNMPv1 or SNMPv2c, not {version}.", nameof(version));
        }

        _version = version;
        _securityModelNumber = version == SnmpVersion.SNMPv1 ? SecurityModel.SNMPv1 : SecurityModel.SNMPv2c;
        _securityModel = securityModels.LastOrDefault(m => m.SecurityModel == _securityModelNumber)
            ?? throw new ArgumentException($"{version} messages need the {_securityModelNumber} security model (RFC 3584 5.2), and none is registered.", nameof(securityModels));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public SnmpVersion MessageProcessingModel => _version;

    /// <summary>The number of outstanding requests whose responses this model will still route.</summary>
    internal int OutstandingRequests => _outstanding.Count;

    /// <inheritdoc />
    public OutgoingMessage PrepareOutgoingMessage(SendPduParameters request, PduHandle sendPduHandle)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.SecurityModel != _securityModelNumber)
        {
            throw new ArgumentException($"{_version} messages use the {_securityModelNumber} security model, not {request.SecurityModel}.", nameof(request));
        }

        var tmStateReference = new TransportStateReference(request.TransportDomain, request.TransportAddress) { RequestedSecurityLevel = request.SecurityLevel };
        var secured = _securityModel.GenerateRequestMsg(new OutgoingSecurityParameters(_version, null, _maxMessageSize, request.ContextEngineId,
            request.SecurityName, request.SecurityLevel, new ScopedPdu(request.ContextEngineId.Value, request.ContextName.Value, request.Pdu), tmStateReference));
        if (request.ExpectResponse && request.Pdu.Type.IsConfirmed() && !sendPduHandle.IsNone)
        {
            int requestId = request.Pdu.RequestId;
            _outstanding[requestId] = new Outstanding(sendPduHandle, request.TransportAddress);
            _requestIdByHandle[sendPduHandle.Value] = requestId;
        }

        return new OutgoingMessage(secured.WholeMsg, secured.TmStateReference);
    }

    /// <inheritdoc />
    public OutgoingMessage PrepareResponseMessage(ProcessPduParameters request, SnmpPdu response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var state = request.StateReference as CommunityStateReference
            ?? throw new ArgumentException("The request was not received by this message processing model.", nameof(request));
        var secured = _securityModel.GenerateResponseMsg(new OutgoingSecurityParameters(_version, null, _maxMessageSize, request.ContextEngineId,
            request.SecurityName, request.SecurityLevel, new ScopedPdu(request.ContextEngineId.Value, request.ContextName.Value, response),
            request.TmStateReference.ForResponse()), state.SecurityStateReference);
        return new OutgoingMessage(secured.WholeMsg, secured.TmStateReference);
    }

    /// <inheritdoc />
    public PreparedDataElements PrepareDataElements(ReadOnlyMemory<byte> wholeMsg, TransportStateReference tmStateReference)
    {
        ArgumentNullException.ThrowIfNull(tmStateReference);
        CommunityMessage message;
        try
        {
            message = SnmpMessageCodec.DecodeCommunityMessage(wholeMsg);
        }
        catch (SnmpDecodeException e)
        {
            throw new MessageDroppedException(SnmpCounter.SnmpInASNParseErrs, e.Message, e);
        }

        if (message.Version != _version)
        {
            throw new MessageDroppedException(SnmpCounter.SnmpInBadVersions, $"a {message.Version} message reached the {_version} model");
        }

        var pdu = message.Pdu;
        var transportAddress = tmStateReference.TransportAddress;
        Outstanding? outstanding = null;
        if (pdu.Type.IsResponse())
        {
            if (!_outstanding.TryGetValue(pdu.RequestId, out outstanding))
            {
                throw new MessageDroppedException(SnmpCounter.SnmpUnknownPDUHandlers, $"response with request-id {pdu.RequestId} matches no outstanding request");
            }

            if (!outstanding.Destination.Equals(transportAddress))
            {
                throw new MessageDroppedException(EngineCounter.ResponsesFromUnexpectedAddress, $"response with request-id {pdu.RequestId} came from {transportAddress}, not {outstanding.Destination}");
            }
        }

        // RFC 3584 5.2.1: the security model maps the community to a principal and a context.
        var security = _securityModel.ProcessIncomingMsg(new IncomingSecurityParameters(message, wholeMsg, _maxMessageSize, tmStateReference));
        var contextEngineId = new OctetString(security.ScopedPdu.ContextEngineId.Span);
        var contextName = new OctetString(security.ScopedPdu.ContextName.Span);
        if (outstanding is not null)
        {
            return new PreparedDataElements(_version, _securityModelNumber, security.SecurityName, SecurityLevel.NoAuthNoPriv,
                OctetString.Empty, OctetString.Empty, pdu, outstanding.Handle, 0, null, tmStateReference);
        }

        return new PreparedDataElements(_version, _securityModelNumber, security.SecurityName, SecurityLevel.NoAuthNoPriv,
            contextEngineId, contextName, pdu, PduHandle.None, security.MaxSizeResponseScopedPdu,
            new CommunityStateReference(security.SecurityStateReference), tmStateReference);
    }

    /// <inheritdoc />
    public void ReleaseState(PduHandle sendPduHandle)
    {
        if (_requestIdByHandle.TryRemove(sendPduHandle.Value, out var requestId) &&
            _outstanding.TryGetValue(requestId, out var outstanding) && outstanding.Handle == sendPduHandle)
        {
            // Only if no retransmission has taken the request-id over since.
            _outstanding.TryRemove(KeyValuePair.Create(requestId, outstanding));
        }
    }

    private sealed record Outstanding(PduHandle Handle, EndPoint Destination);

    private sealed record CommunityStateReference(object SecurityStateReference);
}
