using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Snmp.AbstractServices;

namespace Snmp.Hosting;

/// <summary>Checks <see cref="AgentSettings"/> when the host starts (and <paramref name="configuration"/> for keys it has no setting for); each failure names its key under <paramref name="section"/>.</summary>
internal sealed class AgentSettingsValidator(string section, IConfiguration? configuration) : IValidateOptions<AgentSettings>
{
    public ValidateOptionsResult Validate(string? name, AgentSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new SettingsErrors(section);
        if (configuration is not null)
        {
            UnknownKeys.Check(errors, configuration.GetSection(section), options.GetType());
        }

        for (int i = 0; i < options.ListenOn.Count; i++)
        {
            errors.Address(errors.Key("ListenOn", i), options.ListenOn[i], SnmpEntityRole.CommandResponder, forListening: true, options.Tls is not null);
        }

        errors.Tls(options.Tls);

        errors.EngineId(errors.Key("EngineId"), options.EngineId);
        errors.BootsFile(errors.Key("EngineBootsFile"), options.EngineBootsFile);
        if (options.MaxMessageSize is { } size and (< MessageSize.Minimum or > MessageSize.Default))
        {
            errors.Add(errors.Key("MaxMessageSize"), $"{size} is outside {MessageSize.Minimum} .. {MessageSize.Default} (RFC 3417 3.1; the UDP maximum)");
        }

        if (options.SysObjectId is not null)
        {
            errors.AddIf(errors.Key("SysObjectId"), ConfigurationText.OidProblem(options.SysObjectId));
        }

        var contexts = new HashSet<string>(StringComparer.Ordinal) { "" };
        for (int i = 0; i < options.Contexts.Count; i++)
        {
            var context = options.Contexts[i] ?? "";
            if (Encoding.UTF8.GetByteCount(context) > 32)
            {
                errors.Add(errors.Key("Contexts", i), "a context name is at most 32 octets (RFC 3411 SnmpAdminString)");
            }

            contexts.Add(context);
        }

        var views = new HashSet<string>(StringComparer.Ordinal) { Agent.AllView };
        foreach (var (view, subtrees) in options.Views)
        {
            views.Add(view);
            if (Encoding.UTF8.GetByteCount(view) is < 1 or > 32)
            {
                errors.Add(errors.Key("Views", view), "a view name is 1 to 32 octets (RFC 3415 vacmViewTreeFamilyViewName)");
            }

            for (int j = 0; j < (subtrees?.Count ?? 0); j++)
            {
                errors.AddIf(errors.Key("Views", view, j), ConfigurationText.OidProblem(subtrees![j]));
            }
        }

        for (int i = 0; i < options.Communities.Count; i++)
        {
            var community = options.Communities[i];
            if (string.IsNullOrEmpty(community.Name))
            {
                errors.Add(errors.Key("Communities", i, "Name"), "a community string is required");
            }

            KnownView(errors, views, errors.Key("Communities", i, "View"), community.View);
            if (!contexts.Contains(community.Context ?? ""))
            {
                errors.Add(errors.Key("Communities", i, "Context"), "names a context that is not in Contexts");
            }
        }

        for (int i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var highest = errors.UsmUser(["Users", i], user.Name, user.AuthProtocol, user.AuthPassword, user.PrivProtocol, user.PrivPassword);
            errors.Level(errors.Key("Users", i, "Level"), user.Level, highest);
            KnownView(errors, views, errors.Key("Users", i, "View"), user.View);
        }

        for (int i = 0; i < options.SecurityNames.Count; i++)
        {
            var principal = options.SecurityNames[i];
            errors.SecurityPrincipal(["SecurityNames", i], principal.SecurityModel, principal.Name);
            errors.Defined(errors.Key("SecurityNames", i, "Level"), principal.Level);
            KnownView(errors, views, errors.Key("SecurityNames", i, "View"), principal.View);
        }

        for (int i = 0; i < options.NotificationTargets.Count; i++)
        {
            NotificationTarget(errors, i, options.NotificationTargets[i], options.Tls is not null);
        }

        return errors.Result();
    }

    private static void KnownView(SettingsErrors errors, HashSet<string> views, string key, string? view)
    {
        if (view is null || !views.Contains(view))
        {
            errors.Add(key, $"names a view that is neither \"{Agent.AllView}\" nor one of Views");
        }
    }

    private static void NotificationTarget(SettingsErrors errors, int i, NotificationTargetSettings target, bool tlsConfigured)
    {
        errors.Address(errors.Key("NotificationTargets", i, "Address"), target.Address, SnmpEntityRole.NotificationReceiver, forListening: false, tlsConfigured);
        errors.Defined(errors.Key("NotificationTargets", i, "Version"), (SnmpVersion?)target.Version);
        for (int j = 0; j < target.Filter.Count; j++)
        {
            errors.AddIf(errors.Key("NotificationTargets", i, "Filter", j), ConfigurationText.OidProblem(target.Filter[j]));
        }

        switch (target.Version)
        {
            case SnmpVersion.SNMPv1 or SnmpVersion.SNMPv2c:
                if (string.IsNullOrEmpty(target.Community))
                {
                    errors.Add(errors.Key("NotificationTargets", i, "Community"), "a community is required for SNMPv1 and SNMPv2c");
                }

                if (target.Inform && target.Version == SnmpVersion.SNMPv1)
                {
                    errors.Add(errors.Key("NotificationTargets", i, "Inform"), "SNMPv1 has no inform (RFC 3416 4.2.7 is SNMPv2)");
                }

                break;
            case SnmpVersion.SNMPv3:
                if (string.IsNullOrEmpty(target.UserName))
                {
                    errors.Add(errors.Key("NotificationTargets", i, "UserName"), "a user name is required for SNMPv3");
                }

                var model = target.SecurityModel is null ? SecurityModel.Usm : ConfigurationText.SecurityModel(target.SecurityModel);
                if (model is null)
                {
                    errors.Add(errors.Key("NotificationTargets", i, "SecurityModel"), "not a security model; use Usm, Tsm or a plug-in model's number");
                    break;
                }

                if (model != SecurityModel.Usm)
                {
                    // Another model (TSM) authenticates with its transport: no USM protocols or passwords apply.
                    errors.Defined(errors.Key("NotificationTargets", i, "Level"), target.Level);
                    break;
                }

                var highest = errors.UsmUser(["NotificationTargets", i], name: null, target.AuthProtocol, target.AuthPassword, target.PrivProtocol, target.PrivPassword, nameRequired: false);
                // Without protocols here the agent's user of that name decides the level.
                errors.Level(errors.Key("NotificationTargets", i, "Level"), target.Level, ProtocolNames.IsNone(target.AuthProtocol) ? null : highest);
                break;
        }
    }
}

/// <summary>Checks <see cref="EngineSettings"/> when the host starts (and <paramref name="configuration"/> for keys it has no setting for); each failure names its key under <paramref name="section"/>.</summary>
internal sealed class EngineSettingsValidator(string section, IConfiguration? configuration) : IValidateOptions<EngineSettings>
{
    public ValidateOptionsResult Validate(string? name, EngineSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new SettingsErrors(section);
        if (configuration is not null)
        {
            UnknownKeys.Check(errors, configuration.GetSection(section), options.GetType());
        }

        errors.Defined(errors.Key("DefaultVersion"), (SnmpVersion?)options.DefaultVersion);
        errors.Tls(options.Tls);
        errors.EngineId(errors.Key("EngineId"), options.EngineId);
        errors.BootsFile(errors.Key("EngineBootsFile"), options.EngineBootsFile);
        var names = new HashSet<(string Namespace, string Name)>();
        var defaults = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var highest = errors.UsmUser(["Users", i], user.Name, user.AuthProtocol, user.AuthPassword, user.PrivProtocol, user.PrivPassword);
            errors.Level(errors.Key("Users", i, "Level"), user.Level, highest);
            var space = user.Namespace ?? "";
            if (!names.Add((space, user.Name)))
            {
                errors.Add(errors.Key("Users", i, "Name"), "the user name is already in its namespace");
            }

            if (user.Default && !defaults.Add(space))
            {
                errors.Add(errors.Key("Users", i, "Default"), "its namespace already has a default user");
            }
        }

        return errors.Result();
    }
}

/// <summary>Checks <see cref="TrapReceiverSettings"/> when the host starts (and <paramref name="configuration"/> for keys it has no setting for); each failure names its key under <paramref name="section"/>.</summary>
internal sealed class TrapReceiverSettingsValidator(string section, IConfiguration? configuration) : IValidateOptions<TrapReceiverSettings>
{
    public ValidateOptionsResult Validate(string? name, TrapReceiverSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new SettingsErrors(section);
        if (configuration is not null)
        {
            UnknownKeys.Check(errors, configuration.GetSection(section), options.GetType());
        }

        for (int i = 0; i < options.ListenOn.Count; i++)
        {
            errors.Address(errors.Key("ListenOn", i), options.ListenOn[i], SnmpEntityRole.NotificationReceiver, forListening: true, options.Tls is not null);
        }

        errors.Tls(options.Tls);
        for (int i = 0; i < options.Principals.Count; i++)
        {
            var principal = options.Principals[i];
            errors.SecurityPrincipal(["Principals", i], principal.SecurityModel, principal.Name);
            errors.Defined(errors.Key("Principals", i, "MinimumLevel"), principal.MinimumLevel);
        }

        for (int i = 0; i < options.Communities.Count; i++)
        {
            if (string.IsNullOrEmpty(options.Communities[i]))
            {
                errors.Add(errors.Key("Communities", i), "a community string is required");
            }
        }

        for (int i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            errors.UsmUser(["Users", i], user.Name, user.AuthProtocol, user.AuthPassword, user.PrivProtocol, user.PrivPassword);
            errors.EngineId(errors.Key("Users", i, "EngineId"), user.EngineId);
        }

        errors.EngineId(errors.Key("EngineId"), options.EngineId);
        errors.BootsFile(errors.Key("EngineBootsFile"), options.EngineBootsFile);
        if (options.QueueCapacity is < 1)
        {
            errors.Add(errors.Key("QueueCapacity"), "must be positive");
        }

        if (options.MaxLearnedEngines is < 1)
        {
            errors.Add(errors.Key("MaxLearnedEngines"), "must be positive");
        }

        return errors.Result();
    }
}
