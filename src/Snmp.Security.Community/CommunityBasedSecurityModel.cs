using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Security.Community;

/// <summary>
/// The Community-based Security Model of RFC 3584 section 5.2, as an <see cref="ISecurityModel"/>:
/// securityModel 1 for SNMPv1 and 2 for SNMPv2c, one instance each. Incoming requests and
/// notifications are mapped from their community to a securityName, contextEngineID and
/// contextName through the <see cref="CommunityTable"/> (section 5.2.1; a community not in it
/// is snmpInBadCommunityNames); without a table, and for responses, the community is the
/// securityName (the default identity mapping of section 5.1). Outgoing messages carry the
/// securityName as their community (section 5.2.3 without snmpCommunityTable rows for outgoing
/// traffic), and a response carries its request's community.
/// </summary>
public sealed class CommunityBasedSecurityModel : ISecurityModel
{
    private readonly CommunityTable? _communityTable;
    private readonly OctetString _localEngineId;
    private readonly SnmpVersion _version;

    /// <summary>Creates the model for <paramref name="securityModel"/> (<see cref="SecurityModel.SNMPv1"/> or <see cref="SecurityModel.SNMPv2c"/>).</summary>
    /// <param name="securityModel">SNMPv1 (1) or SNMPv2c (2).</param>
    /// <param name="localEngineId">snmpEngineID of this engine: the contextEngineID of incoming requests (RFC 3584 5.2.1).</param>
    /// <param name="communityTable">An agent's community table; null maps every community to itself.</param>
    /// <exception cref="ArgumentException"><paramref name="securityModel"/> is not community-based.</exception>
    public CommunityBasedSecurityModel(SecurityModel securityModel, OctetString? localEngineId = null, CommunityTable? communityTable = null)
    {
        _version = securityModel == SecurityModel.SNMPv1 ? SnmpVersion.SNMPv1
            : securityModel == SecurityModel.SNMPv2c ? SnmpVersion.SNMPv2c
            : throw new ArgumentException($"The Community-based Security Model is securityModel 1 or 2, not {securityModel}.", nameof(securityModel));
        SecurityModel = securityModel;
        _localEngineId = localEngineId ?? OctetString.Empty;
        _communityTable = communityTable;
    }

    /// <inheritdoc />
    public SecurityModel SecurityModel { get; }

    /// <inheritdoc />
    public SecuredMessage GenerateRequestMsg(OutgoingSecurityParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Generate(parameters, parameters.SecurityName);
    }

    /// <inheritdoc />
    public SecuredMessage GenerateResponseMsg(OutgoingSecurityParameters parameters, object securityStateReference)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var state = securityStateReference as CommunityStateReference
            ?? throw new ArgumentException("The state reference did not come from the Community-based Security Model.", nameof(securityStateReference));
        return Generate(parameters, state.Community);
    }

    private SecuredMessage Generate(OutgoingSecurityParameters parameters, OctetString community)
    {
        if (parameters.MessageProcessingModel != _version)
        {
            throw new ArgumentException($"The {SecurityModel} security model builds {_version} messages, not {parameters.MessageProcessingModel}.", nameof(parameters));
        }

        if (parameters.SecurityLevel != SecurityLevel.NoAuthNoPriv)
        {
            throw new ArgumentException($"Community-based SNMP offers only noAuthNoPriv, not {parameters.SecurityLevel}.", nameof(parameters));
        }

        var wholeMsg = SnmpMessageCodec.Encode(new CommunityMessage(_version, community.Value, parameters.ScopedPdu.Pdu));
        return new SecuredMessage(wholeMsg, parameters.TmStateReference);
    }

    /// <inheritdoc />
    public IncomingSecurityResult ProcessIncomingMsg(IncomingSecurityParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var message = parameters.Message as CommunityMessage
            ?? throw new MessageDroppedException(SnmpCounter.SnmpInvalidMsgs, $"a {parameters.Message.Version} message reached the {SecurityModel} security model");
        var community = new OctetString(message.Community.Span);
        var pdu = message.Pdu;
        var state = new CommunityStateReference(community);
        // The response's PDU may use what the message's SEQUENCE header, version and community leave.
        int maxSizeResponseScopedPdu = BerSize.MaxContentLength(parameters.MaxMessageSize) - BerSize.OfInteger((int)_version) - BerSize.OfOctetString(community.Length);
        if (pdu.Type.IsResponse() || _communityTable is not { } table)
        {
            return new IncomingSecurityResult(_localEngineId, community, new ScopedPdu(_localEngineId.Value, ReadOnlyMemory<byte>.Empty, pdu), maxSizeResponseScopedPdu, state);
        }

        // RFC 3584 5.2.1: the community table says which principal and context the request stands for.
        // A row with a transport tag admits the community only from the addresses its tag selects.
        var entry = table.Find(community, parameters.TmStateReference.TransportAddress)
            ?? throw new MessageDroppedException(SnmpCounter.SnmpInBadCommunityNames, "a community not in the community table");
        var contextEngineId = entry.ContextEngineId ?? _localEngineId;
        return new IncomingSecurityResult(_localEngineId, entry.SecurityName, new ScopedPdu(contextEngineId.Value, entry.ContextName.Value, pdu), maxSizeResponseScopedPdu, state);
    }

    private sealed record CommunityStateReference(OctetString Community);
}
