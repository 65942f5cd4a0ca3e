using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Dispatcher;

/// <summary>
/// The Dispatcher of RFC 3412 section 4: sends PDUs for applications through the message
/// processing model of their version and the transport mapping of their domain, and routes
/// incoming messages to the application waiting for a response (by sendPduHandle) or registered
/// for a contextEngineID and PDU type. Bad input never escapes it: every message it cannot
/// process is counted in <see cref="Statistics"/> and dropped.
/// </summary>
public sealed class SnmpDispatcher : IDispatcher, IAsyncDisposable
{
    private readonly Dictionary<SnmpVersion, IMessageProcessingModel> _models;
    private readonly Func<TransportDomain, ITransportMapping> _transportFactory;
    // The mapping requests of each domain leave through; every mapping, for disposal.
    private readonly ConcurrentDictionary<TransportDomain, ITransportMapping> _transports = new();
    private readonly List<ITransportMapping> _mappings = [];
    private readonly ConcurrentDictionary<long, Outstanding> _outstanding = new();
    private readonly ConcurrentDictionary<(OctetString ContextEngineId, PduType PduType), IPduProcessor> _registrations = new();
    private readonly Lock _transportLock = new();
    private readonly ILogger _logger;
    private long _lastHandle;
    private volatile bool _disposed;

    /// <summary>Creates a dispatcher.</summary>
    /// <param name="models">The message processing models this engine supports, one per version.</param>
    /// <param name="transportFactory">Creates the transport mapping of a domain the first time a message is sent in it.</param>
    /// <param name="statistics">Where the snmp group and MPD counters are kept.</param>
    /// <param name="logger">Where to log (per message only at Debug and below).</param>
    public SnmpDispatcher(
        IEnumerable<IMessageProcessingModel> models,
        Func<TransportDomain, ITransportMapping> transportFactory,
        SnmpStatistics statistics,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = models.ToDictionary(m => m.MessageProcessingModel);
        _transportFactory = transportFactory ?? throw new ArgumentNullException(nameof(transportFactory));
        Statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The engine's statistics counters.</summary>
    public SnmpStatistics Statistics { get; }

    /// <summary>
    /// Raised (on the receiving thread, after the counter is incremented) for every incoming
    /// message a model drops with a <see cref="MessageDroppedException"/>: an unknown community
    /// (snmpInBadCommunityNames, RFC 3584 5.2.1), a wrong digest (usmStatsWrongDigests, RFC 3414
    /// 3.2 step 6), ... An agent's authenticationFailure trap (RFC 3418) observes it. Handlers
    /// must be quick; their exceptions are logged, not propagated.
    /// </summary>
    public event Action<MessageDroppedException>? MessageDropped;

    /// <summary>
    /// Every transport mapping the dispatcher uses, listening ones and those it created on first
    /// send, in the order it got them (a snapshot): what an engine's metrics read the transports'
    /// own counters from.
    /// </summary>
    public IReadOnlyList<ITransportMapping> TransportMappings
    {
        get
        {
            lock (_transportLock)
            {
                return [.. _mappings];
            }
        }
    }

    /// <summary>The number of sendPduHandles still waiting for a response.</summary>
    internal int OutstandingHandles => _outstanding.Count;

    /// <summary>The message processing models (tests look into their tables of outstanding requests).</summary>
    internal IEnumerable<IMessageProcessingModel> Models => _models.Values;

    /// <summary>
    /// Adds a transport mapping that is already bound (for example one of an agent's listening
    /// addresses) and starts it. A domain may have several mappings: what arrives on one is
    /// answered through it; requests this engine originates in the domain leave through the first.
    /// </summary>
    public void AddTransportMapping(ITransportMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        lock (_transportLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _transports.TryAdd(mapping.TransportDomain, mapping);
            _mappings.Add(mapping);
            mapping.Start(ProcessIncomingMessage);
        }
    }

    /// <summary>The transport mapping of <paramref name="domain"/>, created and started on first use.</summary>
    internal ITransportMapping GetTransportMapping(TransportDomain domain)
    {
        if (_transports.TryGetValue(domain, out var existing))
        {
            return existing;
        }

        lock (_transportLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_transports.TryGetValue(domain, out existing))
            {
                return existing;
            }

            var mapping = _transportFactory(domain);
            _mappings.Add(mapping);
            mapping.Start(ProcessIncomingMessage);
            _transports[domain] = mapping;
            return mapping;
        }
    }

    /// <inheritdoc />
    public async ValueTask<PduHandle> SendPduAsync(SendPduParameters request, IResponsePduProcessor? responseProcessor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_models.TryGetValue(request.MessageProcessingModel, out var model))
        {
            throw new ArgumentException($"This engine has no message processing model for {request.MessageProcessingModel}.", nameof(request));
        }

        var handle = PduHandle.None;
        if (request.ExpectResponse && request.Pdu.Type.IsConfirmed())
        {
            ArgumentNullException.ThrowIfNull(responseProcessor);
            handle = new PduHandle(Interlocked.Increment(ref _lastHandle));
            // Registered before the message leaves, as the response may arrive before SendAsync returns.
            _outstanding[handle.Value] = new Outstanding(responseProcessor, model);
        }

        try
        {
            OutgoingMessage outgoing;
            try
            {
                outgoing = model.PrepareOutgoingMessage(request, handle);
            }
            catch (MessageDroppedException e)
            {
                // A security model refused to send (the Transport Security Model's
                // snmpTsmInvalidPrefixes, say): counted like an incoming drop, and the caller told.
                e.CountIn(Statistics);
                throw;
            }

            await SendMessageAsync(outgoing, cancellationToken, request.TransportMapping).ConfigureAwait(false);
            return handle;
        }
        catch
        {
            ReleasePduHandle(handle);
            throw;
        }
    }

    /// <inheritdoc />
    public void ReleasePduHandle(PduHandle handle)
    {
        if (!handle.IsNone && _outstanding.TryRemove(handle.Value, out var outstanding))
        {
            outstanding.Model.ReleaseState(handle);
        }
    }

    /// <inheritdoc />
    public async ValueTask ReturnResponsePduAsync(ProcessPduParameters request, SnmpPdu response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_models.TryGetValue(request.MessageProcessingModel, out var model))
        {
            throw new ArgumentException($"This engine has no message processing model for {request.MessageProcessingModel}.", nameof(request));
        }

        OutgoingMessage outgoing;
        try
        {
            outgoing = model.PrepareResponseMessage(request, response);
        }
        catch (MessageDroppedException e)
        {
            // The model declines to send this answer (a Report to a message whose reportableFlag
            // is zero, RFC 3412 6.4); what the answer reports was counted where it was made.
            _logger.LogDebug("Not sending a {PduType} to {Destination}: {Reason}", response.Type, request.TmStateReference.TransportAddress, e.Reason);
            return;
        }

        await SendMessageAsync(outgoing, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask SendMessageAsync(OutgoingMessage outgoing, CancellationToken cancellationToken, ITransportMapping? via = null)
    {
        // A response leaves through the mapping its request arrived on (same local address,
        // same session); a request through the exchange its sender reads (if any); anything else
        // through the domain's mapping for requests.
        var transport = via ?? outgoing.TmStateReference.TransportMapping ?? GetTransportMapping(outgoing.DestTransportDomain);
        await transport.SendMessageAsync(outgoing.Message, outgoing.TmStateReference, cancellationToken).ConfigureAwait(false);
        Statistics.Increment(SnmpCounter.SnmpOutPkts);
    }

    /// <inheritdoc />
    public ITransportExchange? RentExchange(TransportDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return GetTransportMapping(domain) is ITransportExchangeLender lender ? lender.RentExchange() : null;
    }

    /// <inheritdoc />
    public IDisposable RegisterContextEngineId(OctetString contextEngineId, IReadOnlyCollection<PduType> pduTypes, IPduProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(contextEngineId);
        ArgumentNullException.ThrowIfNull(pduTypes);
        ArgumentNullException.ThrowIfNull(processor);
        var added = new List<(OctetString, PduType)>();
        foreach (var type in pduTypes)
        {
            if (!_registrations.TryAdd((contextEngineId, type), processor))
            {
                foreach (var key in added)
                {
                    _registrations.TryRemove(key, out _);
                }

                throw new InvalidOperationException($"Another application is already registered for {type} in context engine {contextEngineId.ToHex()}.");
            }

            added.Add((contextEngineId, type));
        }

        return new Registration(this, added, processor);
    }

    /// <inheritdoc />
    public void ProcessIncomingMessage(ReadOnlyMemory<byte> wholeMsg, TransportStateReference tmStateReference)
    {
        ArgumentNullException.ThrowIfNull(tmStateReference);
        var transportAddress = tmStateReference.TransportAddress;
        Statistics.Increment(SnmpCounter.SnmpInPkts);
        try
        {
            int version;
            try
            {
                version = SnmpMessageCodec.PeekVersion(wholeMsg);
            }
            catch (SnmpDecodeException e)
            {
                Drop(SnmpCounter.SnmpInASNParseErrs, transportAddress, e.Message);
                return;
            }

            if (!_models.TryGetValue((SnmpVersion)version, out var model))
            {
                Drop(SnmpCounter.SnmpInBadVersions, transportAddress, $"msgVersion {version} is not supported");
                return;
            }

            var elements = model.PrepareDataElements(wholeMsg, tmStateReference);
            if (elements.Pdu.Type.IsResponse())
            {
                DeliverResponse(elements);
            }
            else
            {
                DeliverRequest(elements);
            }
        }
        catch (MessageDroppedException e)
        {
            long value = e.CountIn(Statistics);
            _logger.LogDebug("Dropped a message from {Source}: {Reason}", transportAddress, e.Message);
            RaiseMessageDropped(e);
            if (e.ReportMessage is { } report)
            {
                SendReport(report, value, transportAddress);
            }
        }
        catch (Exception e)
        {
            Statistics.CountDrop(EngineCounter.InternalErrors);
            _logger.LogWarning(e, "Dropped a message from {Source}: processing failed unexpectedly", transportAddress);
        }
    }

    private void RaiseMessageDropped(MessageDroppedException dropped)
    {
        try
        {
            MessageDropped?.Invoke(dropped);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "A MessageDropped handler failed");
        }
    }

    private void DeliverResponse(PreparedDataElements elements)
    {
        var transportAddress = elements.TmStateReference.TransportAddress;
        if (elements.SendPduHandle.IsNone || !_outstanding.TryGetValue(elements.SendPduHandle.Value, out var outstanding))
        {
            Drop(SnmpCounter.SnmpUnknownPDUHandlers, transportAddress, "the response's request is no longer outstanding");
            return;
        }

        outstanding.Processor.ProcessResponsePdu(new ProcessResponsePduParameters(
            elements.MessageProcessingModel, elements.SecurityModel, elements.SecurityName, elements.SecurityLevel,
            elements.ContextEngineId, elements.ContextName, elements.Pdu, elements.SendPduHandle, elements.TmStateReference));
    }

    private void DeliverRequest(PreparedDataElements elements)
    {
        var transportAddress = elements.TmStateReference.TransportAddress;
        var incoming = new ProcessPduParameters(
            elements.MessageProcessingModel, elements.SecurityModel, elements.SecurityName, elements.SecurityLevel,
            elements.ContextEngineId, elements.ContextName, elements.Pdu, elements.MaxSizeResponseScopedPdu,
            elements.StateReference ?? throw new InvalidOperationException("A request arrived without a state reference."),
            elements.TmStateReference)
        {
            SecurityEngineId = elements.SecurityEngineId,
        };
        // An application registered under the empty contextEngineID takes its PDU types from any
        // engine: a notification receiver, whose SNMPv3 traps name their sender's snmpEngineID.
        if (!_registrations.TryGetValue((elements.ContextEngineId, elements.Pdu.Type), out var processor) &&
            !_registrations.TryGetValue((OctetString.Empty, elements.Pdu.Type), out processor))
        {
            long value = Drop(SnmpCounter.SnmpUnknownPDUHandlers, transportAddress, $"no application is registered for {elements.Pdu.Type} in context engine {elements.ContextEngineId.ToHex()}");
            // RFC 3412 4.2.2.1 step 2: a confirmed-class SNMPv3 PDU gets a Report (v1/v2c have none).
            if (elements.MessageProcessingModel == SnmpVersion.SNMPv3 && elements.Pdu.Type.IsConfirmed())
            {
                var report = SnmpCounterObjects.ReportPdu(elements.Pdu.RequestId, SnmpCounter.SnmpUnknownPDUHandlers, value);
                _ = SendQuietlyAsync(() => ReturnResponsePduAsync(incoming, report, CancellationToken.None), transportAddress);
            }

            return;
        }

        processor.ProcessPdu(incoming);
    }

    private long Drop(SnmpCounter counter, EndPoint source, string reason)
    {
        long value = Statistics.CountDrop(counter);
        _logger.LogDebug("Dropped a message from {Source} ({Counter}): {Reason}", source, counter, reason);
        return value;
    }

    private void SendReport(Func<long, OutgoingMessage> report, long counterValue, EndPoint source)
    {
        _ = SendQuietlyAsync(async () =>
        {
            await SendMessageAsync(report(counterValue), CancellationToken.None).ConfigureAwait(false);
        }, source);
    }

    private async Task SendQuietlyAsync(Func<ValueTask> send, EndPoint destination)
    {
        // A Report is best effort: failing to send one must not disturb the receive loop.
        try
        {
            await send().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogDebug(e, "Could not send a Report to {Destination}", destination);
        }
    }

    /// <summary>Stops and releases every transport mapping; outstanding handles are forgotten.</summary>
    public async ValueTask DisposeAsync()
    {
        ITransportMapping[] mappings;
        lock (_transportLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            mappings = [.. _mappings];
            _mappings.Clear();
            _transports.Clear();
        }

        foreach (var mapping in mappings)
        {
            await mapping.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var handle in _outstanding.Keys)
        {
            ReleasePduHandle(new PduHandle(handle));
        }
    }

    private sealed record Outstanding(IResponsePduProcessor Processor, IMessageProcessingModel Model);

    private sealed class Registration(SnmpDispatcher owner, List<(OctetString, PduType)> keys, IPduProcessor processor) : IDisposable
    {
        public void Dispose()
        {
            foreach (var key in keys)
            {
                owner._registrations.TryRemove(KeyValuePair.Create(key, processor));
            }
        }
    }
}
