using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Tests.Configuration;

/// <summary>
/// The configuration MIBs an agent serves (SNMP-USER-BASED-SM-MIB, SNMP-VIEW-BASED-ACM-MIB),
/// written with bad input: each Set out of RFC 2579's state table, or with a value the RFC
/// refuses, gets the error-status the RFC names at the varbind that caused it, and leaves the
/// tables as they were. The good paths are proven against Net-SNMP's snmpusm and snmpvacm in
/// Snmp.Interop.Tests (Configuration).
/// </summary>
[TestFixture]
public class ConfigurationMibTests
{
    private const string UsmUserEntry = "1.3.6.1.6.3.15.1.2.2.1";
    private const string GroupEntry = "1.3.6.1.6.3.16.1.2.1";
    private const string ViewEntry = "1.3.6.1.6.3.16.1.5.2.1";

    private Agent _agent = null!;
    private Engine _engine = null!;
    private Manager _manager = null!;

    [SetUp]
    public void Start()
    {
        _agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        _agent.AddCommunity("private", writable: true);
        _agent.AddUser("alice", AuthenticationProtocol.HmacSha1, "alice-auth-pass", PrivacyProtocol.Aes128, "alice-priv-pass");
        _engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "private");
        _manager = _engine.Manager(_agent.Endpoints[0]);
        _manager.Timeout = TimeSpan.FromSeconds(5);
    }

    [TearDown]
    public async Task Stop()
    {
        await _engine.DisposeAsync();
        await _agent.DisposeAsync();
    }

    private string UserIndex(string name) =>
        new ObjectIdentifier().AppendIndex(IndexValue.String(_agent.LocalEngine.EngineId), IndexValue.String(new OctetString(name))).ToString();

    private static string GroupIndex(int model, string name) => new ObjectIdentifier().AppendIndex(IndexValue.Integer(model), name).ToString();

    private async Task<string> Walk(string subtree)
    {
        var lines = new List<string>();
        await foreach (var vb in _manager.WalkAsync(subtree))
        {
            lines.Add(vb.ToString());
        }

        return string.Join("\n", lines);
    }

    /// <summary>Runs a Set that must fail and returns its error-status and error-index.</summary>
    private async Task<(ErrorStatus Status, int Index)> Refused(params (string Oid, SnmpValue Value)[] varBinds)
    {
        var error = Assert.ThrowsAsync<SnmpErrorResponseException>(() => _manager.SetAsync([.. varBinds.Select(v => new VarBind(new ObjectIdentifier(v.Oid), v.Value))], null));
        return (error!.ErrorStatus, error.ErrorIndex);
    }

    private static Integer32 Status(RowStatus status) => new((int)status);

    [Test]
    public async Task RowStatus_transitions_outside_the_state_table_are_refused_and_change_nothing()
    {
        var before = await Walk(GroupEntry);
        string bob = GroupIndex(3, "bob"), community = GroupIndex(2, "private");

        // RFC 2579: active / notInService of a row that does not exist; createAndGo of one that
        // does; createAndGo of a row that would not be ready (no vacmGroupName); notReady is never
        // written, 7 is no RowStatus; a column of a missing row without its RowStatus; a
        // permanent row (AddCommunity's) cannot be destroyed, nor any row made permanent.
        Assert.That(await Refused(($"{GroupEntry}.5.{bob}", Status(RowStatus.Active))), Is.EqualTo((ErrorStatus.InconsistentValue, 1)));
        Assert.That(await Refused(($"{GroupEntry}.5.{bob}", Status(RowStatus.NotInService))), Is.EqualTo((ErrorStatus.InconsistentValue, 1)));
        Assert.That(await Refused(($"{GroupEntry}.3.{community}", new OctetString("g")), ($"{GroupEntry}.5.{community}", Status(RowStatus.CreateAndGo))), Is.EqualTo((ErrorStatus.InconsistentValue, 2)));
        Assert.That(await Refused(($"{GroupEntry}.5.{bob}", Status(RowStatus.CreateAndGo))), Is.EqualTo((ErrorStatus.InconsistentValue, 1)));
        Assert.That(await Refused(($"{GroupEntry}.5.{bob}", Status(RowStatus.NotReady))), Is.EqualTo((ErrorStatus.WrongValue, 1)));
        Assert.That(await Refused(($"{GroupEntry}.5.{bob}", new Integer32(7))), Is.EqualTo((ErrorStatus.WrongValue, 1)));
        Assert.That(await Refused(($"{GroupEntry}.3.{bob}", new OctetString("g"))), Is.EqualTo((ErrorStatus.InconsistentName, 1)));
        Assert.That(await Refused(($"{GroupEntry}.5.{community}", Status(RowStatus.Destroy))), Is.EqualTo((ErrorStatus.InconsistentValue, 1)));
        Assert.That(await Refused(($"{GroupEntry}.3.{bob}", new OctetString("g")), ($"{GroupEntry}.4.{bob}", new Integer32((int)StorageType.Permanent)),
            ($"{GroupEntry}.5.{bob}", Status(RowStatus.CreateAndGo))), Is.EqualTo((ErrorStatus.WrongValue, 2)));
        Assert.That(await Refused(($"{GroupEntry}.5.{bob}", new OctetString("active"))), Is.EqualTo((ErrorStatus.WrongType, 1)));

        Assert.That(await Walk(GroupEntry), Is.EqualTo(before));
    }

    [Test]
    public async Task A_row_goes_through_notReady_and_notInService_to_active_and_only_then_grants_access()
    {
        string bob = GroupIndex(3, "bob");
        await _manager.SetAsync(new VarBind(new ObjectIdentifier($"{GroupEntry}.5.{bob}"), Status(RowStatus.CreateAndWait)));
        Assert.That((await _manager.GetAsync($"{GroupEntry}.5.{bob}"))[0].Value, Is.EqualTo(Status(RowStatus.NotReady)), "no vacmGroupName yet");
        Assert.That(await Refused(($"{GroupEntry}.5.{bob}", Status(RowStatus.Active))), Is.EqualTo((ErrorStatus.InconsistentValue, 1)));

        await _manager.SetAsync(new VarBind(new ObjectIdentifier($"{GroupEntry}.3.{bob}"), new OctetString("user:alice")));
        Assert.That((await _manager.GetAsync($"{GroupEntry}.5.{bob}"))[0].Value, Is.EqualTo(Status(RowStatus.NotInService)));
        Assert.That(_agent.Vacm.SelectView(AbstractServices.SecurityModel.Usm, new OctetString("bob"), SecurityLevel.AuthPriv, AbstractServices.ViewType.Read, OctetString.Empty, out _),
            Is.Null, "a notInService row maps no one to a group");

        await _manager.SetAsync(new VarBind(new ObjectIdentifier($"{GroupEntry}.5.{bob}"), Status(RowStatus.Active)));
        Assert.That(_agent.Vacm.SelectView(AbstractServices.SecurityModel.Usm, new OctetString("bob"), SecurityLevel.AuthPriv, AbstractServices.ViewType.Read, OctetString.Empty, out _),
            Is.EqualTo(Agent.AllView));
        Assert.That((await _manager.GetAsync($"{GroupEntry}.4.{bob}"))[0].Value, Is.EqualTo(new Integer32((int)StorageType.NonVolatile)), "DEFVAL nonVolatile");

        await _manager.SetAsync(new VarBind(new ObjectIdentifier($"{GroupEntry}.5.{bob}"), Status(RowStatus.Destroy)));
        await _manager.SetAsync(new VarBind(new ObjectIdentifier($"{GroupEntry}.5.{bob}"), Status(RowStatus.Destroy))); // a missing row: noError, nothing
        Assert.That((await _manager.GetAsync($"{GroupEntry}.5.{bob}"))[0].Value, Is.SameAs(NoSuchInstance.Instance));
    }

    [Test]
    public async Task A_view_mask_longer_than_16_octets_is_wrongLength_and_adds_no_family()
    {
        var before = await Walk(ViewEntry);
        string index = new ObjectIdentifier().AppendIndex("v", IndexValue.Oid(new ObjectIdentifier("1.3.6.1.2.1"))).ToString();

        Assert.That(await Refused(($"{ViewEntry}.3.{index}", new OctetString(new byte[17])), ($"{ViewEntry}.6.{index}", Status(RowStatus.CreateAndGo))),
            Is.EqualTo((ErrorStatus.WrongLength, 1)));
        Assert.That(await Refused(($"{ViewEntry}.4.{index}", new Integer32(3)), ($"{ViewEntry}.6.{index}", Status(RowStatus.CreateAndGo))),
            Is.EqualTo((ErrorStatus.WrongValue, 1)), "vacmViewTreeFamilyType is included(1) or excluded(2)");

        Assert.That(await Walk(ViewEntry), Is.EqualTo(before));
        Assert.That(_agent.Vacm.ViewFamilies.Where(f => f.ViewName == "v"), Is.Empty);
    }

    [Test]
    public async Task A_KeyChange_of_the_wrong_length_is_wrongLength_and_keeps_the_key()
    {
        var keysBefore = _agent.UserBasedSecurityModel.FindUser(_agent.LocalEngine.EngineId, new OctetString("alice"))!.ExportLocalizedKeys();
        string alice = UserIndex("alice");

        // HMAC-SHA-96's key is 20 octets: a KeyChange is 40 (random || delta); AES-128's 16: 32.
        Assert.That(await Refused(($"{UsmUserEntry}.6.{alice}", new OctetString(new byte[39]))), Is.EqualTo((ErrorStatus.WrongLength, 1)));
        Assert.That(await Refused(($"{UsmUserEntry}.9.{alice}", new OctetString(new byte[40]))), Is.EqualTo((ErrorStatus.WrongLength, 1)));

        var keysAfter = _agent.UserBasedSecurityModel.FindUser(_agent.LocalEngine.EngineId, new OctetString("alice"))!.ExportLocalizedKeys();
        Assert.That(keysAfter.AuthKey, Is.EqualTo(keysBefore.AuthKey));
        Assert.That(keysAfter.PrivKey, Is.EqualTo(keysBefore.PrivKey));

        // The right length changes the key as RFC 3414 section 5 computes it.
        var random = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        var newKey = Enumerable.Range(100, 20).Select(i => (byte)i).ToArray();
        await _manager.SetAsync(new VarBind(new ObjectIdentifier($"{UsmUserEntry}.6.{alice}"), new OctetString(KeyChange.Compute(AuthenticationProtocol.HmacSha1, keysBefore.AuthKey, newKey, random))));
        Assert.That(_agent.UserBasedSecurityModel.FindUser(_agent.LocalEngine.EngineId, new OctetString("alice"))!.ExportLocalizedKeys().AuthKey, Is.EqualTo(newKey));
    }

    [Test]
    public async Task Cloning_from_a_user_that_does_not_exist_is_inconsistentName_and_creates_nothing()
    {
        var before = await Walk(UsmUserEntry);
        string bob = UserIndex("bob");
        var nobody = new ObjectIdentifier($"{UsmUserEntry}.3.{UserIndex("nobody")}");

        Assert.That(await Refused(($"{UsmUserEntry}.4.{bob}", nobody), ($"{UsmUserEntry}.13.{bob}", Status(RowStatus.CreateAndGo))), Is.EqualTo((ErrorStatus.InconsistentName, 1)));
        Assert.That(await Refused(($"{UsmUserEntry}.4.{bob}", new ObjectIdentifier("1.3.6.1.2.1.1.1.0")), ($"{UsmUserEntry}.13.{bob}", Status(RowStatus.CreateAndGo))),
            Is.EqualTo((ErrorStatus.InconsistentName, 1)), "a RowPointer outside usmUserTable");
        // A new row's keys come from cloning: a KeyChange before it is inconsistentName too.
        Assert.That(await Refused(($"{UsmUserEntry}.6.{bob}", new OctetString(new byte[40])), ($"{UsmUserEntry}.13.{bob}", Status(RowStatus.CreateAndWait))),
            Is.EqualTo((ErrorStatus.InconsistentName, 1)));

        Assert.That(await Walk(UsmUserEntry), Is.EqualTo(before));
    }

    [Test]
    public async Task Only_the_user_itself_may_write_its_own_KeyChange_columns()
    {
        Assert.That(await Refused(($"{UsmUserEntry}.7.{UserIndex("alice")}", new OctetString(new byte[40]))), Is.EqualTo((ErrorStatus.NoAccess, 1)),
            "an SNMPv2c community is not alice (RFC 3414 section 5, usmUserOwnAuthKeyChange)");
    }

    [Test]
    public async Task The_spin_locks_accept_only_their_current_value_and_then_advance()
    {
        foreach (var spinLock in new[] { "1.3.6.1.6.3.15.1.2.1.0", "1.3.6.1.6.3.16.1.5.1.0" })
        {
            var value = (Integer32)(await _manager.GetAsync(spinLock))[0].Value;
            Assert.That(await Refused((spinLock, new Integer32(value.Value == 0 ? 1 : value.Value - 1))), Is.EqualTo((ErrorStatus.InconsistentValue, 1)));
            await _manager.SetAsync(new VarBind(new ObjectIdentifier(spinLock), value));
            Assert.That((await _manager.GetAsync(spinLock))[0].Value, Is.EqualTo(new Integer32(value.Value == int.MaxValue ? 0 : value.Value + 1)));
        }
    }
}
