using System.Buffers.Binary;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.Simulator;

/// <summary>
/// The User-based Security Model (RFC 3414) of the simulator. Each message is checked by the
/// library's own USM: the agent's engine for every address, or with an engine per address an
/// authoritative engine per listening address, as snmpsim gives each agent its own: the Nth address
/// is the engine <see cref="EngineIdOf"/>(N), with its own usmUserTable (the simulator's users,
/// their keys localised to that engine ID, RFC 3414 2.6), snmpEngineBoots and snmpEngineTime, made
/// on the first message to that address (so 10,000 addresses that no SNMPv3 manager asks cost
/// nothing). Discovery (the usmStatsUnknownEngineIDs Report) names the address's engine. Inside the
/// agent a request is handed on in the agent's own contextEngineID (the one its Command Responder
/// serves) and in the context of the device its context name chooses at that address from that
/// source (<see cref="DeviceDirectory.FindByContext"/>: the device's name or its MD5, refined by
/// transport ID and source address as snmpsim refines it; with one device per address, the empty
/// context names the address's device); a name that chooses no device is handed on as it is (an
/// unknown context, counted and reported by the agent). Its Response goes out again in the
/// address's engine ID and the context name the request named.
/// </summary>
internal sealed class DeviceUsmModel : ISecurityModel
{
    private readonly OctetString _agentEngineId;
    private readonly LocalEngine _agentEngine;
    private readonly bool _enginePerAddress;
    private readonly DeviceDirectory _directory;
    private readonly IReadOnlyList<UsmUser> _users;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<UserBasedSecurityModel> _logger;
    private readonly ConcurrentDictionary<int, UserBasedSecurityModel> _byAddress = new();
    private readonly Lock _making = new();
    private readonly ConcurrentDictionary<OctetString, UserBasedSecurityModel> _byEngineId = new();

    public DeviceUsmModel(LocalEngine agentEngine, bool enginePerAddress, DeviceDirectory directory, IReadOnlyList<UsmUser> users, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _agentEngine = agentEngine;
        _agentEngineId = agentEngine.EngineId;
        _enginePerAddress = enginePerAddress;
        _directory = directory;
        _users = users;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<UserBasedSecurityModel>();
    }

    public SecurityModel SecurityModel => SecurityModel.Usm;

    /// <summary>
    /// snmpEngineID of the <paramref name="index"/>th listening address: the first 28 octets of
    /// <paramref name="baseEngineId"/> (the simulator's own) and the index as 4 octets, big-endian.
    /// </summary>
    public static OctetString EngineIdOf(OctetString baseEngineId, int index)
    {
        var prefix = baseEngineId.Span[..Math.Min(baseEngineId.Length, 28)];
        var id = new byte[prefix.Length + 4];
        prefix.CopyTo(id);
        BinaryPrimitives.WriteInt32BigEndian(id.AsSpan(prefix.Length), index);
        return new OctetString(id);
    }

    /// <summary>How many addresses have been asked over SNMPv3 so far (each has its engine's state).</summary>
    public int EnginesMade => _enginePerAddress ? _byAddress.Count : 0;

    public SecuredMessage GenerateRequestMsg(OutgoingSecurityParameters parameters) =>
        throw new NotSupportedException("The simulator's devices send no SNMPv3 requests or notifications.");

    public SecuredMessage GenerateResponseMsg(OutgoingSecurityParameters parameters, object securityStateReference)
    {
        // A Response carries the engine its request reached (its securityEngineID); a Report about
        // a dropped message was made by that engine's USM, which named itself in it.
        var engineId = parameters.SecurityEngineId;
        if (!_byEngineId.TryGetValue(engineId, out var usm))
        {
            throw new InvalidOperationException($"No simulated engine {engineId.ToHex()} answers here.");
        }

        var scoped = parameters.ScopedPdu;
        var contextName = scoped.ContextName;
        object reference = securityStateReference;
        if (securityStateReference is DeviceRequest request)
        {
            (reference, contextName) = (request.Inner, request.ContextName);
        }

        var contextEngineId = scoped.ContextEngineId.Span.SequenceEqual(_agentEngineId.Span) ? engineId.Value : scoped.ContextEngineId;
        return usm.GenerateResponseMsg(parameters with { ScopedPdu = new ScopedPdu(contextEngineId, contextName, scoped.Pdu) }, reference);
    }

    public IncomingSecurityResult ProcessIncomingMsg(IncomingSecurityParameters parameters)
    {
        var tm = parameters.TmStateReference;
        int index = _directory.TransportIdOf(tm.TransportMapping?.LocalAddress);
        if (index < 0)
        {
            throw new MessageDroppedException(SnmpCounter.SnmpInvalidMsgs, "an SNMPv3 message on an address the simulator does not list");
        }

        int engine = _enginePerAddress ? index : -1;
        if (!_byAddress.TryGetValue(engine, out var usm))
        {
            lock (_making)
            {
                usm = _byAddress.GetOrAdd(engine, MakeEngine);
            }
        }

        var result = usm.ProcessIncomingMsg(parameters);
        if (result.ScopedPdu.Pdu.Type.IsResponse())
        {
            return result;
        }

        // In the agent, the request is for the agent's engine (whose Command Responder serves
        // every device), in the device's context when the address is one device's.
        var scoped = result.ScopedPdu;
        var contextEngineId = scoped.ContextEngineId.Span.SequenceEqual(result.SecurityEngineId.Span) ? _agentEngineId.Value : scoped.ContextEngineId;
        var contextName = scoped.ContextName.IsEmpty && _directory.PortDeviceContext(index) is { } device ? device.Value
            : _directory.FindByContext(scoped.ContextName.Span, tm.TransportMapping?.LocalAddress, tm.TransportAddress) is { } chosen ? chosen.Value
            : scoped.ContextName;
        return result with
        {
            ScopedPdu = new ScopedPdu(contextEngineId, contextName, scoped.Pdu),
            SecurityStateReference = new DeviceRequest(result.SecurityStateReference, scoped.ContextName),
        };
    }

    // index -1: the agent's own engine (no engine per address).
    private UserBasedSecurityModel MakeEngine(int index)
    {
        var engineId = index < 0 ? _agentEngineId : EngineIdOf(_agentEngineId, index);
        var usm = new UserBasedSecurityModel(_timeProvider, _logger, index < 0 ? _agentEngine : new LocalEngine(engineId, boots: 1, _timeProvider));
        foreach (var user in _users)
        {
            usm.AddUser(engineId, user);
        }

        _byEngineId[engineId] = usm;
        return usm;
    }

    /// <summary>A request's USM state and the contextName it named (its Response names it again).</summary>
    private sealed record DeviceRequest(object Inner, ReadOnlyMemory<byte> ContextName);
}

/// <summary>Plugs <see cref="DeviceUsmModel"/> into the simulator's Agent in place of the library's USM.</summary>
internal sealed class DeviceUsmModule(DeviceDirectory directory, bool enginePerAddress, IReadOnlyList<UsmUser> users, Action<DeviceUsmModel> made) : SnmpModule
{
    public override void Register(SnmpModuleRegistrations registrations) =>
        registrations.AddSecurityModel(services =>
        {
            var model = new DeviceUsmModel(services.LocalEngine, enginePerAddress, directory, users, services.TimeProvider, services.LoggerFactory);
            made(model);
            return model;
        });
}
