using Microsoft.Extensions.Logging;

namespace Snmp.Hosting;

/// <summary>
/// Builds the facade's engines from checked settings: protocol names become protocols, hex
/// becomes engine IDs, and what configuration leaves out keeps the facade's default.
/// </summary>
internal static class SettingsConversion
{
    /// <summary>A new agent with the settings' communities, users, contexts and views.</summary>
    internal static Agent CreateAgent(AgentSettings settings, IEnumerable<SnmpModule> modules, ILoggerFactory? loggerFactory)
    {
        var options = new AgentOptions();
        if (settings.ListenOn.Count > 0)
        {
            options = options with { ListenOn = [.. settings.ListenOn] };
        }

        options = options with
        {
            EngineId = ConfigurationText.EngineId(settings.EngineId),
            EngineBootsFile = settings.EngineBootsFile,
            ConfigurationFile = settings.ConfigurationFile,
            MaxMessageSize = settings.MaxMessageSize ?? options.MaxMessageSize,
            SysDescr = settings.SysDescr ?? options.SysDescr,
            SysObjectId = settings.SysObjectId is { } oid ? new ObjectIdentifier(oid) : options.SysObjectId,
            SysContact = settings.SysContact ?? options.SysContact,
            SysName = settings.SysName ?? options.SysName,
            SysLocation = settings.SysLocation ?? options.SysLocation,
            BuiltInObjects = settings.BuiltInObjects,
            EnableAuthenticationTraps = settings.EnableAuthenticationTraps,
            NotificationTargets = [.. settings.NotificationTargets.Select(NotificationTarget)],
            Tls = Tls(settings.Tls),
            Modules = [.. options.Modules, .. modules],
        };

        var agent = new Agent(options, loggerFactory);
        try
        {
            foreach (var context in settings.Contexts)
            {
                agent.AddContext(context ?? "");
            }

            foreach (var (view, subtrees) in settings.Views)
            {
                foreach (var subtree in subtrees ?? [])
                {
                    agent.Vacm.AddView(view, new ObjectIdentifier(subtree));
                }
            }

            foreach (var community in settings.Communities)
            {
                agent.AddCommunity(community.Name, community.View, community.Writable, community.Context ?? "");
            }

            foreach (var principal in settings.SecurityNames)
            {
                agent.AddSecurityName(SecurityModel(principal.SecurityModel), principal.Name, principal.Level, principal.View, principal.Writable);
            }

            foreach (var user in settings.Users)
            {
                agent.AddUser(user.Name, Authentication(user.AuthProtocol), user.AuthPassword, Privacy(user.PrivProtocol), user.PrivPassword,
                    minimumLevel: user.Level, view: user.View, writable: user.Writable);
            }
        }
        catch
        {
            agent.Dispose();
            throw;
        }

        return agent;
    }

    /// <summary>A new engine with the settings' defaults and users.</summary>
    internal static Engine CreateEngine(EngineSettings settings, IEnumerable<SnmpModule> modules, ILoggerFactory? loggerFactory)
    {
        var options = new EngineOptions
        {
            Tls = Tls(settings.Tls),
            Modules = [.. modules],
            DefaultVersion = settings.DefaultVersion,
            DefaultCommunity = new OctetString(settings.DefaultCommunity ?? ""),
            Autowait = settings.Autowait,
            EngineId = ConfigurationText.EngineId(settings.EngineId),
            EngineBootsFile = settings.EngineBootsFile,
        };
        var engine = new Engine(options, loggerFactory);
        try
        {
            foreach (var user in settings.Users)
            {
                engine.Usm.AddUser(user.Name, Authentication(user.AuthProtocol), user.AuthPassword, Privacy(user.PrivProtocol), user.PrivPassword,
                    @default: user.Default, defaultSecurityLevel: user.Level, @namespace: user.Namespace ?? "");
            }
        }
        catch
        {
            engine.Dispose();
            throw;
        }

        return engine;
    }

    /// <summary>A new trap receiver with the settings' communities and users.</summary>
    internal static TrapReceiver CreateTrapReceiver(TrapReceiverSettings settings, IEnumerable<SnmpModule> modules, ILoggerFactory? loggerFactory)
    {
        var options = new TrapReceiverOptions();
        if (settings.ListenOn.Count > 0)
        {
            options = options with { ListenOn = [.. settings.ListenOn] };
        }

        options = options with
        {
            Communities = [.. settings.Communities],
            Users = [.. settings.Users.Select(u => new TrapReceiverUser(u.Name, Authentication(u.AuthProtocol), u.AuthPassword, Privacy(u.PrivProtocol), u.PrivPassword)
            {
                EngineId = ConfigurationText.EngineId(u.EngineId),
            })],
            EngineId = ConfigurationText.EngineId(settings.EngineId),
            EngineBootsFile = settings.EngineBootsFile,
            QueueCapacity = settings.QueueCapacity ?? options.QueueCapacity,
            MaxLearnedEngines = settings.MaxLearnedEngines ?? options.MaxLearnedEngines,
            Principals = [.. settings.Principals.Select(p => new TrapReceiverPrincipal(SecurityModel(p.SecurityModel), p.Name) { MinimumLevel = p.MinimumLevel ?? SecurityLevel.AuthPriv })],
            Tls = Tls(settings.Tls),
            Modules = [.. options.Modules, .. modules],
        };
        return new TrapReceiver(options, loggerFactory);
    }

    private static NotificationTarget NotificationTarget(NotificationTargetSettings target) => new(target.Address)
    {
        Version = target.Version,
        SecurityModel = target.SecurityModel is null ? Snmp.AbstractServices.SecurityModel.Usm : SecurityModel(target.SecurityModel),
        Community = target.Community,
        UserName = target.UserName,
        SecurityLevel = target.Level,
        AuthProtocol = Authentication(target.AuthProtocol),
        AuthPassword = target.AuthPassword,
        PrivProtocol = Privacy(target.PrivProtocol),
        PrivPassword = target.PrivPassword,
        Inform = target.Inform,
        Filter = [.. target.Filter.Select(oid => new ObjectIdentifier(oid))],
    };

    // The validator has read these settings already: a problem here is a bug, not configuration.
    private static Transport.Tls.TlsTransportOptions? Tls(TlsSettings? settings)
    {
        if (settings is null)
        {
            return null;
        }

        var errors = new SettingsErrors("Tls");
        return TlsSettingsReader.Read(settings, errors, []) ?? throw new InvalidOperationException("TLS settings passed validation but do not read: " + errors.Result().FailureMessage);
    }

    private static Snmp.AbstractServices.SecurityModel SecurityModel(string? name) =>
        ConfigurationText.SecurityModel(name) ?? throw new InvalidOperationException("A security model passed validation but does not read.");

    // The validator has read these names already; an unknown one here is a bug, not configuration.
    private static AuthenticationProtocol? Authentication(string? name) =>
        ProtocolNames.TryAuthentication(name, out var protocol) ? protocol : throw new InvalidOperationException("An authentication protocol name passed validation but does not read.");

    private static PrivacyProtocol? Privacy(string? name) =>
        ProtocolNames.TryPrivacy(name, out var protocol) ? protocol : throw new InvalidOperationException("A privacy protocol name passed validation but does not read.");
}
