using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Messages;

namespace Snmp.AccessControl.Vacm.Tests;

[TestFixture]
public class ViewBasedAccessControlModelTests
{
    private static readonly OctetString Alice = new("alice");

    private static AccessDecision Read(ViewBasedAccessControlModel vacm, string oid, SecurityLevel level = SecurityLevel.AuthNoPriv, string context = "", SecurityModel? model = null, string user = "alice") =>
        vacm.IsAccessAllowed(model ?? SecurityModel.Usm, new OctetString(user), level, ViewType.Read, new OctetString(context), oid);

    private static ViewBasedAccessControlModel Basic()
    {
        var vacm = new ViewBasedAccessControlModel();
        vacm.AddContext(OctetString.Empty);
        vacm.AddGroup(SecurityModel.Usm, Alice, "admins");
        vacm.AddView("mib2", "1.3.6.1.2.1");
        vacm.AddAccess("admins", OctetString.Empty, SecurityModel.Usm, SecurityLevel.AuthNoPriv, ContextMatch.Exact, "mib2");
        return vacm;
    }

    [Test]
    public void The_checks_come_in_the_order_of_RFC_3415_section_3_2()
    {
        var vacm = Basic();

        Assert.That(Read(vacm, "1.3.6.1.2.1.1.1.0", context: "other"), Is.EqualTo(AccessDecision.NoSuchContext));
        Assert.That(Read(vacm, "1.3.6.1.2.1.1.1.0", user: "bob"), Is.EqualTo(AccessDecision.NoGroupName));
        Assert.That(Read(vacm, "1.3.6.1.2.1.1.1.0", model: SecurityModel.SNMPv2c), Is.EqualTo(AccessDecision.NoGroupName), "groups are per security model");
        Assert.That(Read(vacm, "1.3.6.1.2.1.1.1.0", level: SecurityLevel.NoAuthNoPriv), Is.EqualTo(AccessDecision.NoAccessEntry), "the entry needs authNoPriv or above");
        Assert.That(vacm.IsAccessAllowed(SecurityModel.Usm, Alice, SecurityLevel.AuthPriv, ViewType.Write, OctetString.Empty, "1.3.6.1.2.1.1.1.0"),
            Is.EqualTo(AccessDecision.NoSuchView), "no write view");
        Assert.That(Read(vacm, "1.3.6.1.4.1.1"), Is.EqualTo(AccessDecision.NotInView));
        Assert.That(Read(vacm, "1.3.6.1.2.1.1.1.0", level: SecurityLevel.AuthPriv), Is.EqualTo(AccessDecision.AccessAllowed));
    }

    [Test]
    public void The_most_specific_family_decides()
    {
        var vacm = Basic();
        vacm.AddView("mib2", "1.3.6.1.2.1.4", ViewFamilyType.Excluded);
        vacm.AddView("mib2", "1.3.6.1.2.1.4.20", ViewFamilyType.Included);

        Assert.That(Read(vacm, "1.3.6.1.2.1.1.1.0"), Is.EqualTo(AccessDecision.AccessAllowed));
        Assert.That(Read(vacm, "1.3.6.1.2.1.4.1.0"), Is.EqualTo(AccessDecision.NotInView));
        Assert.That(Read(vacm, "1.3.6.1.2.1.4.20.1.1.10.0.0.1"), Is.EqualTo(AccessDecision.AccessAllowed));
        Assert.That(Read(vacm, "1.3.6.1.2.1"), Is.EqualTo(AccessDecision.AccessAllowed), "the subtree root is in its family");
        Assert.That(Read(vacm, "1.3.6.1.2"), Is.EqualTo(AccessDecision.NotInView), "an ancestor is not");
    }

    [Test]
    public void A_mask_makes_sub_identifiers_wildcards()
    {
        // RFC 3415 section 5 example: ifEntry columns of row 1, whatever the column:
        // subtree 1.3.6.1.2.1.2.2.1.1.1 with mask 0xFF 0xA0 (bit 11, the column, is 0).
        var vacm = Basic();
        vacm.AddView("if1", "1.3.6.1.2.1.2.2.1.1.1", mask: [0xFF, 0xA0]);
        vacm.AddAccess("admins", OctetString.Empty, SecurityModel.Usm, SecurityLevel.AuthPriv, ContextMatch.Exact, "if1");

        Assert.That(Read(vacm, "1.3.6.1.2.1.2.2.1.2.1", SecurityLevel.AuthPriv), Is.EqualTo(AccessDecision.AccessAllowed), "ifDescr.1");
        Assert.That(Read(vacm, "1.3.6.1.2.1.2.2.1.10.1", SecurityLevel.AuthPriv), Is.EqualTo(AccessDecision.AccessAllowed), "ifInOctets.1");
        Assert.That(Read(vacm, "1.3.6.1.2.1.2.2.1.2.2", SecurityLevel.AuthPriv), Is.EqualTo(AccessDecision.NotInView), "row 2");
    }

    [Test]
    public void Among_matching_access_entries_the_RFC_preference_order_picks_one()
    {
        var vacm = Basic();
        vacm.AddContext(new OctetString("vlan-10"));
        vacm.AddView("all", "1.3.6.1");
        vacm.AddView("none", "1.3.6.1", ViewFamilyType.Excluded);
        // Prefix "vlan" for any model at authPriv reads everything; an exact "vlan-10" entry reads nothing.
        vacm.AddAccess("admins", new OctetString("vlan"), SecurityModel.Any, SecurityLevel.AuthPriv, ContextMatch.Prefix, "all");
        Assert.That(Read(vacm, "1.3.6.1.4.1.1", SecurityLevel.AuthPriv, "vlan-10"), Is.EqualTo(AccessDecision.AccessAllowed));

        vacm.AddAccess("admins", new OctetString("vlan-10"), SecurityModel.Any, SecurityLevel.NoAuthNoPriv, ContextMatch.Exact, "none");
        Assert.That(Read(vacm, "1.3.6.1.4.1.1", SecurityLevel.AuthPriv, "vlan-10"), Is.EqualTo(AccessDecision.NotInView), "an exact context beats a prefix, whatever the level");

        vacm.AddAccess("admins", new OctetString("vlan"), SecurityModel.Usm, SecurityLevel.NoAuthNoPriv, ContextMatch.Prefix, "all");
        Assert.That(Read(vacm, "1.3.6.1.4.1.1", SecurityLevel.AuthPriv, "vlan-10"), Is.EqualTo(AccessDecision.AccessAllowed), "a specific security model beats any");
    }

    [Test]
    public void The_initial_semi_secure_configuration_of_appendix_A()
    {
        var vacm = ViewBasedAccessControlModel.InitialConfiguration();

        Assert.That(Read(vacm, "1.3.6.1.2.1.1.1.0", SecurityLevel.NoAuthNoPriv, user: "initial"), Is.EqualTo(AccessDecision.AccessAllowed), "system is restricted-readable");
        Assert.That(Read(vacm, "1.3.6.1.2.1.2.1.0", SecurityLevel.NoAuthNoPriv, user: "initial"), Is.EqualTo(AccessDecision.NotInView));
        Assert.That(Read(vacm, "1.3.6.1.2.1.2.1.0", SecurityLevel.AuthNoPriv, user: "initial"), Is.EqualTo(AccessDecision.AccessAllowed));
        Assert.That(vacm.IsAccessAllowed(SecurityModel.Usm, new OctetString("initial"), SecurityLevel.NoAuthNoPriv, ViewType.Write, OctetString.Empty, "1.3.6.1.2.1.1.4.0"),
            Is.EqualTo(AccessDecision.NoSuchView));

        var minimum = ViewBasedAccessControlModel.InitialConfiguration(semiSecure: false);
        Assert.That(Read(minimum, "1.3.6.1.2.1.1.1.0", SecurityLevel.NoAuthNoPriv, user: "initial"), Is.EqualTo(AccessDecision.NoAccessEntry));
    }

    [Test]
    public void A_subtree_is_excluded_only_when_nothing_under_it_can_be_in_view()
    {
        var vacm = Basic();
        vacm.AddView("mib2", "1.3.6.1.2.1.4", ViewFamilyType.Excluded);
        vacm.AddView("mib2", "1.3.6.1.2.1.4.20", ViewFamilyType.Included);
        bool Excluded(string subtree, string user = "alice") =>
            vacm.IsSubtreeExcluded(SecurityModel.Usm, new OctetString(user), SecurityLevel.AuthPriv, ViewType.Read, OctetString.Empty, subtree);

        Assert.That(Excluded("1.3.6.1.4.1.99"), Is.True, "outside every family");
        Assert.That(Excluded("1.3.6.1.2.1.1"), Is.False, "in view");
        Assert.That(Excluded("1.3.6.1"), Is.False, "an ancestor of what is in view");
        Assert.That(Excluded("1.3.6.1.2.1.4"), Is.False, "excluded, but an included family lies below");
        Assert.That(Excluded("1.3.6.1.2.1.4.1"), Is.True, "excluded with nothing included below");
        Assert.That(Excluded("1.3.6.1.2.1.1", user: "nobody"), Is.True, "no group: nothing is allowed anywhere");

        vacm.AddView("mib2", "1.3.6.1.4.1.1.1", mask: [0xFF, 0x00]);
        Assert.That(Excluded("1.3.6.1.4.1.99"), Is.False, "a masked family might match anywhere: unsure means not excluded");
    }
}
