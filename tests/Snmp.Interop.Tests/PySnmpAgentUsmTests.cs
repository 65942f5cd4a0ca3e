using Snmp.Messages;
using Snmp.Security.Usm;
using Snmp.Interop.Tests.PySnmp;

namespace Snmp.Interop.Tests;

/// <summary>
/// The privacy protocols Debian's Net-SNMP lacks, against pysnmp 4.4's agent: 3DES-EDE and
/// AES-192/256 with the Reeder key extension (and with the Blumenthal one, as a control).
/// </summary>
[TestFixture]
[NonParallelizable]
public class PySnmpAgentUsmTests
{
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier SysContact = "1.3.6.1.2.1.1.4.0";
    private PySnmpAgentFixture _agent = null!;

    [OneTimeSetUp]
    public async Task StartAgent() => _agent = await PySnmpAgentFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopAgent()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }

    public static IEnumerable<TestCaseData> Users()
    {
        yield return new TestCaseData("des3-sha", AuthenticationProtocol.HmacSha1, PrivacyProtocol.TripleDes);
        yield return new TestCaseData("des3-md5", AuthenticationProtocol.HmacMd5, PrivacyProtocol.TripleDes);
        yield return new TestCaseData("des3-sha224", AuthenticationProtocol.HmacSha224, PrivacyProtocol.TripleDes);
        yield return new TestCaseData("aes192r-sha", AuthenticationProtocol.HmacSha1, PrivacyProtocol.Aes192Reeder);
        yield return new TestCaseData("aes256r-sha", AuthenticationProtocol.HmacSha1, PrivacyProtocol.Aes256Reeder);
        yield return new TestCaseData("aes256r-md5", AuthenticationProtocol.HmacMd5, PrivacyProtocol.Aes256Reeder);
        yield return new TestCaseData("aes256r-sha256", AuthenticationProtocol.HmacSha256, PrivacyProtocol.Aes256Reeder);
        yield return new TestCaseData("aes192b-sha", AuthenticationProtocol.HmacSha1, PrivacyProtocol.Aes192);
        yield return new TestCaseData("aes256b-sha", AuthenticationProtocol.HmacSha1, PrivacyProtocol.Aes256);
    }

    [TestCaseSource(nameof(Users))]
    public async Task Get_GetNext_GetBulk_Set_and_walk_work(string user, AuthenticationProtocol auth, PrivacyProtocol priv)
    {
        await using var engine = new Engine();
        engine.Usm.AddUser(user, auth, PySnmpAgentFixture.AuthPassword, priv, PySnmpAgentFixture.PrivPassword);
        var manager = engine.Manager(_agent.Endpoint);
        manager.Timeout = TimeSpan.FromSeconds(5);
        manager.RefreshPeriod = TimeSpan.FromSeconds(1);

        var get = await manager.GetAsync(SysDescr);
        Assert.That(((OctetString)get[0].Value).ToText(), Does.StartWith("PySNMP engine"));
        Assert.That(manager.EngineId, Is.EqualTo(OctetString.FromHex(PySnmpAgentFixture.EngineIdHex)));
        Assert.That((await manager.GetNextAsync("1.3.6.1.2.1.1"))[0].Oid, Is.EqualTo(SysDescr));
        Assert.That(await manager.GetBulkAsync(0, 3, "1.3.6.1.2.1.1"), Has.Count.EqualTo(3));
        var contact = new OctetString($"{user}@example.org");
        await manager.SetAsync(new VarBind(SysContact, contact));
        Assert.That((await manager.GetAsync(SysContact))[0].Value, Is.EqualTo(contact));
        Assert.That(manager.Walk("1.3.6.1.2.1.1").Count(), Is.GreaterThan(5));
    }

    [Test]
    public async Task The_other_key_extension_does_not_decrypt()
    {
        // aes256r-sha is configured with the Reeder extension: Blumenthal keys must fail.
        await using var engine = new Engine();
        engine.Usm.AddUser("aes256r-sha", AuthenticationProtocol.HmacSha1, PySnmpAgentFixture.AuthPassword, PrivacyProtocol.Aes256, PySnmpAgentFixture.PrivPassword);
        var manager = engine.Manager(_agent.Endpoint);
        manager.Timeout = TimeSpan.FromSeconds(2);
        manager.RefreshPeriod = TimeSpan.FromMilliseconds(700);

        Assert.CatchAsync<SnmpException>(() => manager.GetAsync(SysDescr));
    }
}
