using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Testing;

namespace Snmp.Applications.Tests;

[TestFixture]
public class CommandGeneratorTests
{
    private static readonly IPEndPoint Agent = new(IPAddress.Loopback, 16100);
    private static readonly SnmpTarget Target = SnmpTarget.Community(TransportDomain.UdpIpv4, Agent, SnmpVersion.SNMPv2c, "public");
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";

    // Real time allowed for what will happen anyway; where the generator's clock stands still, it
    // turns a bug that would hang the test into a failure.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A dispatcher double that records each sendPdu (with the time on the test's clock,
    /// if given) and lets the test answer it.
    /// </summary>
    private sealed class FakeDispatcher
    {
        private readonly SemaphoreSlim _sends = new(0);
        private long _handles;

        public FakeDispatcher(SteppedClock? clock = null)
        {
            Mock.Setup(d => d.SendPduAsync(It.IsAny<SendPduParameters>(), It.IsAny<IResponsePduProcessor?>(), It.IsAny<CancellationToken>()))
                .Returns((SendPduParameters request, IResponsePduProcessor? receiver, CancellationToken _) =>
                {
                    var handle = new PduHandle(Interlocked.Increment(ref _handles));
                    Sent.Enqueue((request, receiver!, handle));
                    if (clock is not null)
                    {
                        SentAt.Enqueue(clock.Elapsed);
                    }

                    OnSend?.Invoke(request, receiver!, handle);
                    _sends.Release();
                    return ValueTask.FromResult(handle);
                });
            Mock.Setup(d => d.ReleasePduHandle(It.IsAny<PduHandle>())).Callback((PduHandle h) => Released.Add(h));
        }

        public Mock<IDispatcher> Mock { get; } = new(MockBehavior.Strict);

        public ConcurrentQueue<(SendPduParameters Request, IResponsePduProcessor Receiver, PduHandle Handle)> Sent { get; } = new();

        public ConcurrentBag<PduHandle> Released { get; } = new();

        public ConcurrentQueue<TimeSpan> SentAt { get; } = new();

        public Action<SendPduParameters, IResponsePduProcessor, PduHandle>? OnSend { get; set; }

        /// <summary>Waits (<see cref="Patience"/> at most, then fails) until one more sendPdu has happened.</summary>
        public async Task WaitForSendAsync()
        {
            if (!await _sends.WaitAsync(Patience))
            {
                Assert.Fail("nothing was sent");
            }
        }
    }

    private static TimeSpan[] Milliseconds(params int[] values) => values.Select(v => TimeSpan.FromMilliseconds(v)).ToArray();

    private static ProcessResponsePduParameters Answer(SendPduParameters request, PduHandle handle, VarBindList varBinds, ErrorStatus status = ErrorStatus.NoError, int index = 0) =>
        new(request.MessageProcessingModel, request.SecurityModel, request.SecurityName, request.SecurityLevel,
            OctetString.Empty, OctetString.Empty, new Pdu(PduType.Response, request.Pdu.RequestId, status, index, varBinds), handle, new TransportStateReference(request.TransportDomain, request.TransportAddress));

    private static readonly VarBindList SysDescrValue = new(new VarBind(SysDescr, new OctetString("agent")));

    [Test]
    public async Task A_response_completes_the_request_and_releases_its_handle()
    {
        var dispatcher = new FakeDispatcher();
        dispatcher.OnSend = (request, receiver, handle) => receiver.ProcessResponsePdu(Answer(request, handle, SysDescrValue));
        using var generator = new CommandGenerator(dispatcher.Mock.Object);

        var response = await generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default);

        Assert.That(response.VarBinds, Is.EqualTo(SysDescrValue));
        Assert.That(dispatcher.Sent, Has.Count.EqualTo(1));
        var sent = dispatcher.Sent.Single();
        Assert.That(sent.Request.Pdu.RequestId, Is.Not.Zero, "a fresh request-id replaces the caller's");
        Assert.That(sent.Request.SecurityName, Is.EqualTo(new OctetString("public")));
        Assert.That(sent.Request.ExpectResponse, Is.True);
        Assert.That(dispatcher.Released, Does.Contain(sent.Handle));
        Assert.That(generator.PendingRequests, Is.Zero);
    }

    [Test]
    public void Without_an_answer_the_request_is_retransmitted_with_the_same_request_id_and_then_times_out()
    {
        var clock = new SteppedClock();
        var dispatcher = new FakeDispatcher(clock);
        using var generator = new CommandGenerator(dispatcher.Mock.Object, clock);
        var policy = new RetransmissionPolicy(TimeSpan.FromMilliseconds(450), TimeSpan.FromMilliseconds(100));

        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() =>
            clock.RunAsync(generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), policy)));

        var sent = dispatcher.Sent.ToArray();
        Assert.That(dispatcher.SentAt, Is.EqualTo(Milliseconds(0, 100, 200, 300, 400)), "transmissions at 0, 100, 200, 300 and 400 ms of a 450 ms timeout");
        Assert.That(clock.Elapsed, Is.EqualTo(policy.Timeout), "the timeout ends the request, not a later wake-up");
        Assert.That(sent.Select(s => s.Request.Pdu.RequestId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(error!.Transmissions, Is.EqualTo(sent.Length));
        Assert.That(generator.Retransmissions, Is.EqualTo(sent.Length - 1));
        Assert.That(error.Peer, Is.EqualTo(Agent));
        Assert.That(dispatcher.Released, Is.EquivalentTo(sent.Select(s => s.Handle)), "every transmission's handle is released");
        Assert.That(generator.PendingRequests, Is.Zero);
    }

    [Test]
    public async Task An_answer_to_a_retransmission_completes_the_request()
    {
        var dispatcher = new FakeDispatcher();
        dispatcher.OnSend = (request, receiver, handle) =>
        {
            if (dispatcher.Sent.Count == 3)
            {
                receiver.ProcessResponsePdu(Answer(request, handle, SysDescrValue));
            }
        };
        var clock = new SteppedClock();
        using var generator = new CommandGenerator(dispatcher.Mock.Object, clock);
        var policy = new RetransmissionPolicy(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));

        var response = await clock.RunAsync(generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), policy));

        Assert.That(response.VarBinds, Is.EqualTo(SysDescrValue));
        Assert.That(dispatcher.Sent, Has.Count.EqualTo(3));
        Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.FromMilliseconds(100)), "the third transmission, at 2R, was answered");
    }

    [Test]
    public async Task A_duplicate_response_is_ignored()
    {
        var dispatcher = new FakeDispatcher();
        dispatcher.OnSend = (request, receiver, handle) =>
        {
            receiver.ProcessResponsePdu(Answer(request, handle, SysDescrValue));
            receiver.ProcessResponsePdu(Answer(request, handle, new VarBindList(new VarBind(SysDescr, new OctetString("duplicate")))));
        };
        using var generator = new CommandGenerator(dispatcher.Mock.Object);

        var response = await generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default);

        Assert.That(response.VarBinds, Is.EqualTo(SysDescrValue));
    }

    [Test]
    public async Task Concurrent_requests_get_distinct_request_ids_and_their_own_answers()
    {
        var dispatcher = new FakeDispatcher();
        dispatcher.OnSend = (request, receiver, handle) =>
            _ = Task.Run(() => receiver.ProcessResponsePdu(Answer(request, handle,
                new VarBindList(new VarBind(request.Pdu.VarBinds[0].Oid, new Integer32(request.Pdu.RequestId))))));
        // The clock stands still: every request is sent once and waits for its answer however busy the machine.
        using var generator = new CommandGenerator(dispatcher.Mock.Object, new FakeTimeProvider());

        var tasks = Enumerable.Range(1, 200).Select(i =>
            generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr.Append((uint)i))), RetransmissionPolicy.Default)).ToArray();
        var responses = await Task.WhenAll(tasks).WaitAsync(Patience);

        var ids = dispatcher.Sent.Select(s => s.Request.Pdu.RequestId).ToArray();
        Assert.That(ids, Has.Length.EqualTo(200));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(200));
        for (int i = 0; i < responses.Length; i++)
        {
            Assert.That(responses[i].VarBinds[0].Oid, Is.EqualTo(SysDescr.Append((uint)(i + 1))));
        }
    }

    [Test]
    public async Task Cancellation_ends_the_request_and_releases_its_handle()
    {
        var dispatcher = new FakeDispatcher();
        // The clock stands still, so only the cancellation can end the request.
        using var generator = new CommandGenerator(dispatcher.Mock.Object, new FakeTimeProvider());
        using var cancellation = new CancellationTokenSource();
        var request = generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default, cancellation.Token);
        await dispatcher.WaitForSendAsync();

        await cancellation.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(() => request.WaitAsync(Patience));
        Assert.That(dispatcher.Sent, Has.Count.EqualTo(1));
        Assert.That(dispatcher.Released, Is.EquivalentTo(dispatcher.Sent.Select(s => s.Handle)));
        Assert.That(generator.PendingRequests, Is.Zero);
    }

    [Test]
    public async Task Disposing_fails_pending_requests_and_refuses_new_ones()
    {
        var dispatcher = new FakeDispatcher();
        // The clock stands still, so the request cannot time out before the generator is disposed.
        var generator = new CommandGenerator(dispatcher.Mock.Object, new FakeTimeProvider());
        var pending = generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default);
        await dispatcher.WaitForSendAsync();

        generator.Dispose();

        var error = Assert.CatchAsync<ObjectDisposedException>(() => pending.WaitAsync(Patience));
        Assert.That(error!.Message, Does.Contain("shut down"));
        Assert.CatchAsync<ObjectDisposedException>(() =>
            generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default));
    }

    [Test]
    public void An_error_status_becomes_a_typed_exception()
    {
        var dispatcher = new FakeDispatcher();
        dispatcher.OnSend = (request, receiver, handle) =>
            receiver.ProcessResponsePdu(Answer(request, handle, request.Pdu.VarBinds, ErrorStatus.NotWritable, 1));
        using var generator = new CommandGenerator(dispatcher.Mock.Object);

        var error = Assert.ThrowsAsync<SnmpErrorResponseException>(() =>
            generator.SendRequestAsync(Target, new Pdu(PduType.SetRequest, 0, new VarBindList(new VarBind(SysDescr, new OctetString("x")))), RetransmissionPolicy.Default));

        Assert.That(error!.ErrorStatus, Is.EqualTo(ErrorStatus.NotWritable));
        Assert.That(error.ErrorIndex, Is.EqualTo(1));
        Assert.That(error.FailedVarBind?.Oid, Is.EqualTo(SysDescr));
    }

    [Test]
    public void Responses_and_notifications_are_not_requests()
    {
        var dispatcher = new FakeDispatcher();
        using var generator = new CommandGenerator(dispatcher.Mock.Object);

        Assert.ThrowsAsync<ArgumentException>(() =>
            generator.SendAsync(Target, new Pdu(PduType.Response, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            generator.SendAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), new RetransmissionPolicy(TimeSpan.Zero, TimeSpan.FromSeconds(1))));
    }

    private static readonly SnmpTarget V3Target = new(TransportDomain.UdpIpv4, Agent, SnmpVersion.SNMPv3, SecurityModel.Usm,
        new OctetString("alice"), SecurityLevel.AuthPriv, OctetString.FromHex("80001F88"), OctetString.Empty);

    private static ProcessResponsePduParameters Report(SendPduParameters request, PduHandle handle, string counter, SecurityLevel level) =>
        new(request.MessageProcessingModel, request.SecurityModel, request.SecurityName, level, OctetString.Empty, OctetString.Empty,
            new Pdu(PduType.Report, request.Pdu.RequestId, new VarBindList(new VarBind(counter, new Counter32(1)))), handle, new TransportStateReference(request.TransportDomain, request.TransportAddress));

    [Test]
    public void A_report_below_the_requests_level_does_not_end_it_but_names_itself_in_the_timeout()
    {
        var clock = new SteppedClock();
        var dispatcher = new FakeDispatcher(clock);
        dispatcher.OnSend = (request, receiver, handle) => receiver.ProcessResponsePdu(Report(request, handle, "1.3.6.1.6.3.15.1.1.3.0", SecurityLevel.NoAuthNoPriv));
        using var generator = new CommandGenerator(dispatcher.Mock.Object, clock);
        var policy = new RetransmissionPolicy(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100));

        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() =>
            clock.RunAsync(generator.SendRequestAsync(V3Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), policy)));

        Assert.That(error!.Message, Does.Contain("usmStatsUnknownUserNames"));
        Assert.That(dispatcher.SentAt, Is.EqualTo(Milliseconds(0, 100, 200)), "the request kept being retransmitted until its timeout");
        Assert.That(error.Transmissions, Is.EqualTo(3));
    }

    [Test]
    public void A_report_at_the_requests_level_ends_it_with_a_report_exception()
    {
        var dispatcher = new FakeDispatcher();
        dispatcher.OnSend = (request, receiver, handle) => receiver.ProcessResponsePdu(Report(request, handle, "1.3.6.1.6.3.12.1.5.0", SecurityLevel.AuthPriv));
        using var generator = new CommandGenerator(dispatcher.Mock.Object);

        var error = Assert.ThrowsAsync<SnmpReportException>(() =>
            generator.SendRequestAsync(V3Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default));
        Assert.That(error!.Message, Does.Contain("snmpUnknownContexts"));
    }

    /// <summary>
    /// The security model's side of a resend after a Report (IOriginatorSecurityModel, here as USM
    /// answers it: an authenticated usmStatsNotInTimeWindows re-synchronised it), and of a timeout's explanation.
    /// </summary>
    private static IOriginatorSecurityModel Usm(string? explanation = null)
    {
        var model = new Mock<IOriginatorSecurityModel>(MockBehavior.Strict);
        model.SetupGet(m => m.SecurityModel).Returns(SecurityModel.Usm);
        model.Setup(m => m.ResendAfterReport(It.IsAny<ProcessResponsePduParameters>()))
            .Returns((ProcessResponsePduParameters r) => r.Pdu.VarBinds[0].Oid.ToString() == "1.3.6.1.6.3.15.1.1.2.0" && r.SecurityLevel >= SecurityLevel.AuthNoPriv);
        model.Setup(m => m.ExplainTimeout(It.IsAny<OctetString>())).Returns(explanation);
        return model.Object;
    }

    [Test]
    public void The_security_model_explains_a_timeout_beside_a_report_below_the_requests_level()
    {
        var clock = new SteppedClock();
        var dispatcher = new FakeDispatcher(clock);
        dispatcher.OnSend = (request, receiver, handle) => receiver.ProcessResponsePdu(Report(request, handle, "1.3.6.1.6.3.15.1.1.3.0", SecurityLevel.NoAuthNoPriv));
        using var generator = new CommandGenerator(dispatcher.Mock.Object, [Usm("the agent's clock went backwards")], clock);
        var policy = new RetransmissionPolicy(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100));

        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() =>
            clock.RunAsync(generator.SendRequestAsync(V3Target with { ContextEngineId = OctetString.FromHex("8000000001020304") }, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), policy)));

        Assert.That(error!.Detail, Does.StartWith("the agent's clock went backwards; meanwhile an unauthenticated report claimed"));
        Assert.That(error.Detail, Does.Contain("usmStatsUnknownUserNames"));
    }

    [Test]
    public async Task The_schedule_counts_from_the_first_transmission_not_from_a_slow_session_opening()
    {
        // The first send takes 1.5 s (a TLS handshake, say): the retransmission is still due one
        // RefreshPeriod after it, not at once.
        var clock = new SteppedClock();
        var dispatcher = new FakeDispatcher(clock);
        dispatcher.OnSend = (request, receiver, handle) =>
        {
            if (dispatcher.Sent.Count == 1)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1500));
            }
            else
            {
                receiver.ProcessResponsePdu(Answer(request, handle, SysDescrValue));
            }
        };
        using var generator = new CommandGenerator(dispatcher.Mock.Object, clock);
        var policy = new RetransmissionPolicy(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));

        await clock.RunAsync(generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), policy));

        Assert.That(dispatcher.SentAt.ToArray(), Is.EqualTo(Milliseconds(0, 2500)));
    }

    [Test]
    public void Asked_to_a_report_below_the_requests_level_ends_it_at_once_as_Net_SNMP_does()
    {
        // RetransmissionPolicy.EndOnUnauthenticatedReport: the unauthenticated usmStatsWrongDigests
        // a wrong pass phrase brings ends the request with that Report after one transmission,
        // not with a timeout after all of them.
        var clock = new SteppedClock();
        var dispatcher = new FakeDispatcher(clock);
        int sent = 0;
        dispatcher.OnSend = (request, receiver, handle) =>
        {
            sent++;
            receiver.ProcessResponsePdu(Report(request, handle, "1.3.6.1.6.3.15.1.1.5.0", SecurityLevel.NoAuthNoPriv));
        };
        using var generator = new CommandGenerator(dispatcher.Mock.Object, [Usm()], clock);
        var policy = new RetransmissionPolicy(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100)) { EndOnUnauthenticatedReport = true };

        var error = Assert.ThrowsAsync<SnmpReportException>(() =>
            clock.RunAsync(generator.SendRequestAsync(V3Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), policy)));

        Assert.That(error!.ReportOid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.6.3.15.1.1.5.0")));
        Assert.That(sent, Is.EqualTo(1));
    }

    [Test]
    public void Not_asked_a_wrong_digest_report_below_the_requests_level_waits_for_the_timeout()
    {
        var clock = new SteppedClock();
        var dispatcher = new FakeDispatcher(clock);
        int sent = 0;
        dispatcher.OnSend = (request, receiver, handle) =>
        {
            sent++;
            receiver.ProcessResponsePdu(Report(request, handle, "1.3.6.1.6.3.15.1.1.5.0", SecurityLevel.NoAuthNoPriv));
        };
        using var generator = new CommandGenerator(dispatcher.Mock.Object, [Usm()], clock);
        var policy = new RetransmissionPolicy(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100));

        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() =>
            clock.RunAsync(generator.SendRequestAsync(V3Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), policy)));

        Assert.That(error!.Detail, Does.Contain("usmStatsWrongDigests"));
        Assert.That(sent, Is.GreaterThan(1));
    }

    [Test]
    public void Without_the_models_word_a_notInTimeWindow_report_below_the_requests_level_does_not_end_it()
    {
        var clock = new SteppedClock();
        var dispatcher = new FakeDispatcher(clock);
        dispatcher.OnSend = (request, receiver, handle) => receiver.ProcessResponsePdu(Report(request, handle, "1.3.6.1.6.3.15.1.1.2.0", SecurityLevel.AuthNoPriv));
        using var generator = new CommandGenerator(dispatcher.Mock.Object, clock);
        var policy = new RetransmissionPolicy(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100));

        Assert.ThrowsAsync<SnmpTimeoutException>(() =>
            clock.RunAsync(generator.SendRequestAsync(V3Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), policy)));
        Assert.That(dispatcher.SentAt, Is.EqualTo(Milliseconds(0, 100, 200)), "no immediate resend: the engine has no model that asks for one");
    }

    [Test]
    public async Task An_authenticated_notInTimeWindow_report_draws_exactly_one_immediate_retry()
    {
        var dispatcher = new FakeDispatcher();
        dispatcher.OnSend = (request, receiver, handle) =>
        {
            if (dispatcher.Sent.Count == 1)
            {
                receiver.ProcessResponsePdu(Report(request, handle, "1.3.6.1.6.3.15.1.1.2.0", SecurityLevel.AuthNoPriv));
            }
            else
            {
                receiver.ProcessResponsePdu(Answer(request, handle, SysDescrValue) with { SecurityLevel = SecurityLevel.AuthPriv });
            }
        };
        using var generator = new CommandGenerator(dispatcher.Mock.Object, [Usm()]);

        var response = await generator.SendRequestAsync(V3Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default);

        Assert.That(response.VarBinds, Is.EqualTo(SysDescrValue));
        Assert.That(dispatcher.Sent, Has.Count.EqualTo(2));
        Assert.That(dispatcher.Sent.Select(s => s.Request.Pdu.RequestId).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public void A_second_notInTimeWindow_report_is_not_retried_again()
    {
        var dispatcher = new FakeDispatcher();
        dispatcher.OnSend = (request, receiver, handle) => receiver.ProcessResponsePdu(Report(request, handle, "1.3.6.1.6.3.15.1.1.2.0", SecurityLevel.AuthNoPriv));
        using var generator = new CommandGenerator(dispatcher.Mock.Object, [Usm()]);

        Assert.ThrowsAsync<SnmpReportException>(() =>
            generator.SendRequestAsync(V3Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default));
        Assert.That(dispatcher.Sent, Has.Count.EqualTo(2));
    }
    [Test]
    public async Task A_blocking_callers_request_completes_on_the_thread_that_delivers_its_response()
    {
        var dispatcher = new FakeDispatcher();
        // A clock that stands still: no retransmission can come before the test delivers the answer.
        using var generator = new CommandGenerator(dispatcher.Mock.Object, new SteppedClock());
        var request = generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default, callerBlocks: true, CancellationToken.None);
        await dispatcher.WaitForSendAsync();
        var (sent, receiver, handle) = dispatcher.Sent.Single();

        // As a receive thread does: deliver, then look whether the request is already complete.
        bool completedWhenDeliveryReturned = false;
        var receiveThread = new Thread(() =>
        {
            receiver.ProcessResponsePdu(Answer(sent, handle, SysDescrValue));
            completedWhenDeliveryReturned = request.IsCompleted;
        });
        receiveThread.Start();
        Assert.That(receiveThread.Join(Patience), Is.True);

        Assert.That(completedWhenDeliveryReturned, Is.True, "the delivering thread ran the request to its end: no hand-off to the thread pool");
        Assert.That((await request).VarBinds, Is.EqualTo(SysDescrValue));
        Assert.That(dispatcher.Released, Does.Contain(handle));
    }

    [Test]
    public async Task An_async_callers_continuation_never_runs_on_the_thread_that_delivers_the_response()
    {
        var dispatcher = new FakeDispatcher();
        // A clock that stands still: no retransmission can come before the test delivers the answer.
        using var generator = new CommandGenerator(dispatcher.Mock.Object, new SteppedClock());
        var request = generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default);
        var continuationThread = request.ContinueWith(_ => Environment.CurrentManagedThreadId, TaskContinuationOptions.ExecuteSynchronously);
        await dispatcher.WaitForSendAsync();
        var (sent, receiver, handle) = dispatcher.Sent.Single();

        int deliveringThread = 0;
        var receiveThread = new Thread(() =>
        {
            deliveringThread = Environment.CurrentManagedThreadId;
            receiver.ProcessResponsePdu(Answer(sent, handle, SysDescrValue));
        });
        receiveThread.Start();
        Assert.That(receiveThread.Join(Patience), Is.True);

        Assert.That(await continuationThread.WaitAsync(Patience), Is.Not.EqualTo(deliveringThread), "a caller's code must never hold up the receive thread");
    }

    [Test]
    public void A_blocking_callers_request_keeps_the_retransmission_schedule()
    {
        var clock = new SteppedClock();
        var dispatcher = new FakeDispatcher(clock);
        using var generator = new CommandGenerator(dispatcher.Mock.Object, clock);
        var policy = new RetransmissionPolicy(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));

        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() =>
            clock.RunAsync(generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), policy, callerBlocks: true, CancellationToken.None)));

        Assert.That(dispatcher.SentAt, Is.EqualTo(Milliseconds(0, 1000, 2000)), "refresh 1 s, timeout 3 s: sends at 0, 1 and 2 s");
        Assert.That(clock.Elapsed, Is.EqualTo(policy.Timeout), "and fails at 3 s");
        Assert.That(error!.Transmissions, Is.EqualTo(3));
        Assert.That(generator.PendingRequests, Is.Zero);
    }

    // A lent exchange (issue 13): the blocked caller's request leaves through it and the caller
    // reads the answer itself. The dispatcher double answers a message that arrives on the
    // exchange by delivering the newest request's answer on the thread that processes it.
    private static FakeExchange LendAnExchange(FakeDispatcher dispatcher, ConcurrentQueue<int> processingThreads)
    {
        var exchange = new FakeExchange(Agent);
        dispatcher.Mock.Setup(d => d.RentExchange(TransportDomain.UdpIpv4)).Returns(exchange);
        dispatcher.Mock.Setup(d => d.ProcessIncomingMessage(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<TransportStateReference>()))
            .Callback((ReadOnlyMemory<byte> _, TransportStateReference tm) =>
            {
                Assert.That(tm.TransportMapping, Is.SameAs(exchange));
                processingThreads.Enqueue(Environment.CurrentManagedThreadId);
                var (sent, receiver, handle) = dispatcher.Sent.Last();
                receiver.ProcessResponsePdu(Answer(sent, handle, SysDescrValue));
            });
        return exchange;
    }

    [Test]
    public void A_blocking_caller_on_its_own_thread_sends_through_a_lent_exchange_and_reads_its_answer_there()
    {
        var dispatcher = new FakeDispatcher();
        var processingThreads = new ConcurrentQueue<int>();
        var exchange = LendAnExchange(dispatcher, processingThreads);
        dispatcher.OnSend = (request, _, _) =>
        {
            if (request.TransportMapping == exchange)
            {
                exchange.Deliver([0x30]);
            }
        };
        // A clock that stands still: no retransmission can come before the test delivers the answer.
        using var generator = new CommandGenerator(dispatcher.Mock.Object, new SteppedClock());

        var request = generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default, callerBlocks: true, CancellationToken.None, onCallersThread: true);

        Assert.That(request.IsCompleted, Is.True, "the whole request ran on the caller's thread: nothing was left to wake it for");
        Assert.That(request.Result.VarBinds, Is.EqualTo(SysDescrValue));
        Assert.That(dispatcher.Sent.Single().Request.TransportMapping, Is.SameAs(exchange));
        Assert.That(processingThreads, Is.EqualTo(new[] { Environment.CurrentManagedThreadId }), "the caller processed its own answer");
        Assert.That(exchange.ReceivingThreads.Distinct(), Is.EqualTo(new[] { Environment.CurrentManagedThreadId }));
        Assert.That(exchange.Interrupts, Is.Zero, "the answer needed no interrupt");
        Assert.That(exchange.Returns, Is.EqualTo(1), "the exchange went back once");
        Assert.That(dispatcher.Released, Has.Count.EqualTo(1));
    }

    [Test]
    public void Without_its_own_thread_a_blocking_request_borrows_no_exchange()
    {
        var dispatcher = new FakeDispatcher();
        dispatcher.OnSend = (request, receiver, handle) => receiver.ProcessResponsePdu(Answer(request, handle, SysDescrValue));
        // A clock that stands still: no retransmission can come before the test delivers the answer.
        using var generator = new CommandGenerator(dispatcher.Mock.Object, new SteppedClock());

        // The strict mock throws if RentExchange is called.
        var request = generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default, callerBlocks: true, CancellationToken.None, onCallersThread: false);

        Assert.That(request.Result.VarBinds, Is.EqualTo(SysDescrValue));
        Assert.That(dispatcher.Sent.Single().Request.TransportMapping, Is.Null);
    }

    [Test]
    public void A_blocking_caller_reading_its_exchange_keeps_the_retransmission_schedule()
    {
        var clock = new SteppedClock();
        var dispatcher = new FakeDispatcher(clock);
        var exchange = LendAnExchange(dispatcher, new ConcurrentQueue<int>());
        using var generator = new CommandGenerator(dispatcher.Mock.Object, clock);
        var policy = new RetransmissionPolicy(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));

        // The caller blocks in the exchange's receive, so it runs on a thread of its own while the test moves the clock.
        var operation = Task.Run(() => generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), policy, callerBlocks: true, CancellationToken.None, onCallersThread: true));
        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(operation));

        Assert.That(dispatcher.SentAt, Is.EqualTo(Milliseconds(0, 1000, 2000)), "refresh 1 s, timeout 3 s: sends at 0, 1 and 2 s");
        Assert.That(dispatcher.Sent.Select(s => s.Request.TransportMapping), Is.All.SameAs(exchange), "every transmission through the exchange its answer would come back to");
        Assert.That(clock.Elapsed, Is.EqualTo(policy.Timeout), "and fails at 3 s");
        Assert.That(error!.Transmissions, Is.EqualTo(3));
        Assert.That(exchange.Interrupts, Is.EqualTo(3), "each timer (1 s, 2 s, 3 s) woke the caller out of its receive");
        Assert.That(exchange.Returns, Is.EqualTo(1));
        Assert.That(generator.PendingRequests, Is.Zero);
    }

    [Test]
    public async Task When_its_exchange_closes_a_blocking_request_goes_on_through_the_shared_mapping()
    {
        var clock = new SteppedClock();
        var dispatcher = new FakeDispatcher(clock);
        var exchange = LendAnExchange(dispatcher, new ConcurrentQueue<int>());
        dispatcher.OnSend = (request, receiver, handle) =>
        {
            if (request.TransportMapping == exchange)
            {
                exchange.Close(); // the transport closed it under the caller: this answer never comes
            }
            else
            {
                receiver.ProcessResponsePdu(Answer(request, handle, SysDescrValue));
            }
        };
        using var generator = new CommandGenerator(dispatcher.Mock.Object, clock);
        var policy = new RetransmissionPolicy(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));

        var operation = Task.Run(() => generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), policy, callerBlocks: true, CancellationToken.None, onCallersThread: true));
        var response = await clock.RunAsync(operation);

        Assert.That(response.VarBinds, Is.EqualTo(SysDescrValue));
        Assert.That(dispatcher.Sent.Select(s => s.Request.TransportMapping), Is.EqualTo(new ITransportMapping?[] { exchange, null }));
        Assert.That(dispatcher.SentAt, Is.EqualTo(Milliseconds(0, 1000)), "retransmitted on schedule");
        Assert.That(exchange.Returns, Is.EqualTo(1));
    }

    [Test]
    public async Task Shutting_down_wakes_a_caller_blocked_in_its_exchanges_receive()
    {
        var dispatcher = new FakeDispatcher();
        var exchange = LendAnExchange(dispatcher, new ConcurrentQueue<int>());
        // A clock that stands still: no retransmission timer can interrupt the receive first,
        // however long the machine takes to get to the shutdown.
        var generator = new CommandGenerator(dispatcher.Mock.Object, new SteppedClock());

        var operation = Task.Run(() => generator.SendRequestAsync(Target, new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SysDescr)), RetransmissionPolicy.Default, callerBlocks: true, CancellationToken.None, onCallersThread: true));
        Assert.That(exchange.Receiving.Wait(Patience), Is.True, "the caller never got to its receive");
        generator.Dispose();

        Assert.ThrowsAsync<ObjectDisposedException>(async () => await operation.WaitAsync(Patience));
        Assert.That(exchange.Interrupts, Is.EqualTo(1));
        Assert.That(exchange.Returns, Is.EqualTo(1));
        await Task.CompletedTask;
    }
}
