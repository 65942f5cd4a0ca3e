using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Smi;

namespace Snmp.MessageProcessing;

/// <summary>
/// The community-based Message Processing Models for SNMPv1 and SNMPv2c (RFC 3584 section 5.2,
/// RFC 1157 section 4, RFC 1901). securityName is the community string itself (the default,
/// identity mapping of RFC 3584 section 5.1); the security model is SNMPv1 or SNMPv2c and the
/// level always noAuthNoPriv.
/// </summary>
public sealed class CommunityMessageProcessingModel : IMessageProcessingModel
{
    private readonly SnmpVersion _version;
    private readonly int _maxMessageSize;
    private readonly CommunityTable? _communityTable;
    private readonly SecurityModel _securityModel;
    private readonly OctetString _localEngineId;
    private readonly ILogger _logger;

    // Outstanding confirmed-class requests by request-id: the handle of the latest transmission
    // and where it went, so a response is routed to its request and checked against its peer.
    private readonly ConcurrentDictionary<int, Outstanding> _outstanding = new();
    private readonly ConcurrentDictionary<long, int> _requestIdByHandle = new();

    /// <summary>Creates the model for <paramref name="version"/>.</summary>
    /// <param name="version">SNMPv1 or SNMPv2c.</param>
    /// <param name="localEngineId">snmpEngineID of this engine: the contextEngineID of incoming requests (RFC 3584 section 5.2.1).</param>
    /// <param name="logger">Where to log (Debug and below per message).</param>
    /// <param name="maxMessageSize">The largest response this engine sends (RFC 1157 requires at least 484 octets be accepted; UDP allows 65507).</param>
    /// <param name="communityTable">An agent's community table: incoming requests must use a community in it, which gives their securityName and context. Without one the community is the securityName, in the default context.</param>
    public CommunityMessageProcessingModel(SnmpVersion version, OctetString? localEngineId = null, ILogger? logger = null, int maxMessageSize = 65507, CommunityTable? communityTable = null)
    {
        _communityTable = communityTable;
        _maxMessageSize = maxMessageSize >= 484 ? maxMessageSize : throw new ArgumentOutOfRangeException(nameof(maxMessageSize), "At least 484 octets (RFC 1157 section 4).");
        if (version is not (SnmpVersion.SNMPv1 or SnmpVersion.SNMPv2c))
        {
            throw new ArgumentException($"The community-based model is for SNMPv1 or SNMPv2c, not {version}.", nameof(version));
        }

        _version = version;
        _securityModel = version == SnmpVersion.SNMPv1 ? SecurityModel.SNMPv1 : SecurityModel.SNMPv2c;
        _localEngineId = localEngineId ?? OctetString.Empty;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public MessageProcessingModel MessageProcessingModel => (MessageProcessingModel)(int)_version;

    /// <summary>The number of outstanding requests whose responses this model will still route.</summary>
    public int OutstandingRequests => _outstanding.Count;

    /// <inheritdoc />
    public OutgoingMessage PrepareOutgoingMessage(SendPduRequest request, PduHandle sendPduHandle)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.SecurityModel != _securityModel)
        {
            throw new ArgumentException($"{_version} messages use the {_securityModel} security model, not {request.SecurityModel}.", nameof(request));
        }

        if (request.SecurityLevel != SecurityLevel.NoAuthNoPriv)
        {
            throw new ArgumentException($"Community-based SNMP offers only noAuthNoPriv, not {request.SecurityLevel}.", nameof(request));
        }

        var message = SnmpMessageCodec.Encode(new CommunityMessage(_version, request.SecurityName.Value, request.Pdu));
        if (request.ExpectResponse && request.Pdu.Type.IsConfirmed() && !sendPduHandle.IsNone)
        {
            int requestId = request.Pdu.RequestId;
            _outstanding[requestId] = new Outstanding(sendPduHandle, request.TransportAddress);
            _requestIdByHandle[sendPduHandle.Value] = requestId;
        }

        return new OutgoingMessage(request.TransportDomain, request.TransportAddress, message);
    }

    /// <inheritdoc />
    public OutgoingMessage PrepareResponseMessage(IncomingPdu request, SnmpPdu response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var state = request.StateReference as CommunityStateReference
            ?? throw new ArgumentException("The request was not received by this message processing model.", nameof(request));
        var message = SnmpMessageCodec.Encode(new CommunityMessage(_version, state.Community.Value, response));
        return new OutgoingMessage(request.TransportDomain, request.TransportAddress, message);
    }

    /// <inheritdoc />
    public PreparedDataElements PrepareDataElements(TransportDomain transportDomain, EndPoint transportAddress, ReadOnlyMemory<byte> wholeMsg)
    {
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

        var community = new OctetString(message.Community.Span);
        var pdu = message.Pdu;
        if (pdu.Type.IsResponse())
        {
            if (!_outstanding.TryGetValue(pdu.RequestId, out var outstanding))
            {
                throw new MessageDroppedException(SnmpCounter.SnmpUnknownPDUHandlers, $"response with request-id {pdu.RequestId} matches no outstanding request");
            }

            if (!outstanding.Destination.Equals(transportAddress))
            {
                throw new MessageDroppedException(SnmpCounter.ResponsesFromUnexpectedAddress, $"response with request-id {pdu.RequestId} came from {transportAddress}, not {outstanding.Destination}");
            }

            return new PreparedDataElements(MessageProcessingModel, _securityModel, community, SecurityLevel.NoAuthNoPriv,
                OctetString.Empty, OctetString.Empty, pdu, outstanding.Handle, 0, null);
        }

        // A request or notification (RFC 3584 section 5.2.1): the community table says which
        // principal and context it stands for; the response goes back with the same community.
        // The PDU may use what the message's SEQUENCE header, version and community leave.
        var securityName = community;
        var contextName = OctetString.Empty;
        if (_communityTable is not null)
        {
            var entry = _communityTable.Find(community)
                ?? throw new MessageDroppedException(SnmpCounter.SnmpInBadCommunityNames, "a community not in the community table");
            (securityName, contextName) = (entry.SecurityName, entry.ContextName);
        }

        int maxSize = BerSize.MaxContentLength(_maxMessageSize) - BerSize.OfInteger((int)_version) - BerSize.OfOctetString(community.Length);
        return new PreparedDataElements(MessageProcessingModel, _securityModel, securityName, SecurityLevel.NoAuthNoPriv,
            _localEngineId, contextName, pdu, PduHandle.None, maxSize, new CommunityStateReference(community));
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

    private sealed record CommunityStateReference(OctetString Community);
}
