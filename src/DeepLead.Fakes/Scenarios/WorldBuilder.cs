using System.Text.Json;
using DeepLead.Fakes.Rules;
using DeepLead.Fakes.Storage;
using DeepLead.Fakes.World;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Endpoints;

namespace DeepLead.Fakes.Scenarios;

/// <summary>
/// Layers scenario files and the code options' layer (last; see <see cref="Options.OptionsLayer"/>) into a <see cref="Composition.FakeWorld"/>, checking what no single
/// property can: references between records, uniqueness, permissions. Options go through the same model as files,
/// so the two produce identical state.
/// </summary>
internal static class WorldBuilder
{
    public const string DefaultApiKey = "dl_test_api_key";

    public static WorldDescription Build(IReadOnlyList<LoadedScenario> layers, TimeProvider? timeProvider, int maxInboxes = DeepLeadFakeOptions.DefaultMaxScenarioInboxes)
    {
        DateTimeOffset? clock = null;
        int? seed = null;
        var settings = new ApiSettings();
        foreach (var layer in layers)
        {
            clock = layer.Model.Clock ?? clock;
            seed = layer.Model.Seed ?? seed;
            if (layer.Model.Settings is { } s)
            {
                settings = Layer(settings, s, layer);
            }
            if (layer.Model.Providers is { } providers)
            {
                settings = settings with { Providers = settings.Providers.With(providers.Select((p, i) => ToProvider(layer, p, $"$.providers[{i}]"))) };
            }
        }
        if (settings.DefaultLimit > settings.MaxLimit)
        {
            throw new ScenarioException(layers[^1].Origin, "$.settings.defaultLimit", null, null,
                $"the default limit ({settings.DefaultLimit}) must not exceed the maximum limit ({settings.MaxLimit})");
        }
        settings = settings with { Seed = seed ?? 0 };

        // Adjustable so the stub's admin API can set or advance it; a user's own provider is theirs to drive.
        var time = timeProvider ?? new AdjustableClock(clock is { } fixedNow ? new FixedClock(fixedNow) : TimeProvider.System);
        var now = time.GetUtcNow();
        var finalSeed = seed ?? 0;
        var ids = new ObjectIdGenerator(finalSeed);

        var pools = new Dictionary<string, PoolRecord>(StringComparer.Ordinal);
        var expected = layers.Sum(l => l.InboxCount);
        var inboxes = new List<FakeInbox>(Math.Min(expected, maxInboxes));
        var emails = new HashSet<string>(inboxes.Capacity, StringComparer.OrdinalIgnoreCase);
        var inboxIds = new HashSet<string>(inboxes.Capacity, StringComparer.Ordinal);
        // Inboxes with the same provider settings share one instance (a million-inbox account has a handful of them).
        var connections = new Dictionary<ConnectionSettings, ConnectionSettings>();
        var rules = new List<FakeRule>();
        var wireMockMappings = new List<string>();
        for (var index = 0; index < layers.Count; index++)
        {
            var layer = layers[index];
            AddPools(layer, pools, ids, now);
            AddInboxes(layer, pools, inboxes, emails, inboxIds, ids, now, settings, connections, maxInboxes);
            if ((layer.CodeGeneration ?? layer.Model.Generate?.ToGeneration()) is { } generate)
            {
                // Each layer draws from its own stream, so adding a layer never changes an earlier layer's data.
                DataGenerator.Generate(generate, layer, unchecked(finalSeed * 397 + index), ids, now, pools, inboxes, emails, inboxIds, connections, maxInboxes);
            }
            rules.AddRange(layer.CodeRules);
            var layerRules = layer.Model.Rules ?? [];
            for (var r = 0; r < layerRules.Count; r++)
            {
                rules.Add(RuleFormat.Checked(layerRules[r], layer, $"$.rules[{r}]"));
            }
            if (layer.Model.Wiremock is { } mappings)
            {
                if (mappings.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
                {
                    throw layer.Error("$.wiremock", "expected a WireMock.Net mapping or an array of mappings");
                }
                wireMockMappings.Add(mappings.GetRawText());
            }
        }

        // Sorted once here, so every reset and every tenant copies the list instead of sorting it again. A snapshot of an
        // account is already in list order: checked first, in one pass (ids are unique, so either way gives one order).
        if (!IsSorted(inboxes))
        {
            SortedInboxIndex.Sort(inboxes);
        }
        var storeSeed = new StoreSeed([.. pools.Values], inboxes, finalSeed, ids.Counter) { Uniqueness = settings.EmailUniqueness };
        var (keys, primaryKey) = BuildKeys(layers);
        return new WorldDescription(settings, time, storeSeed, rules, keys, primaryKey, wireMockMappings);
    }

    /// <summary>One layer's settings over the ones so far: what it sets wins, what it leaves out stays.</summary>
    private static ApiSettings Layer(ApiSettings settings, ScenarioSettings s, LoadedScenario layer)
    {
        var maxBatchSize = s.MaxBatchSize.ValueKind switch
        {
            JsonValueKind.Undefined => settings.MaxBatchSize,
            JsonValueKind.Null => int.MaxValue,
            JsonValueKind.Number when s.MaxBatchSize.TryGetInt32(out var size) && size >= 1 => size,
            _ => throw layer.Error("$.settings.maxBatchSize", $"must be an integer of at least 1, or null for no limit (got {s.MaxBatchSize.GetRawText()})"),
        };
        var delay = settings.ConnectionTestDelay;
        if (s.ConnectionTestDelay is { } d)
        {
            var min = d.Ms ?? d.MinMs ?? 0;
            var max = d.Ms ?? d.MaxMs ?? min;
            if ((d.Ms is not null && (d.MinMs is not null || d.MaxMs is not null)) || min < 0 || max < min || max > 300_000)
            {
                throw layer.Error("$.settings.connectionTestDelay", $"give ms, or minMs and maxMs with 0 <= minMs <= maxMs <= 300000 (got {min}..{max})");
            }
            delay = (min, max);
        }
        var rateLimit = settings.RateLimit;
        if (s.RateLimit is { } r)
        {
            if (r.Calls < 1 || r.WindowSeconds < 1)
            {
                throw layer.Error("$.settings.rateLimit", $"calls and windowSeconds must be at least 1 (got {r.Calls} calls per {r.WindowSeconds} s)");
            }
            rateLimit = new RateLimit(r.Calls, r.WindowSeconds, r.Per ?? RateLimitScope.Key);
        }
        return settings with
        {
            MaxBatchSize = maxBatchSize,
            DefaultLimit = Positive(layer, "$.settings.defaultLimit", s.DefaultLimit) ?? settings.DefaultLimit,
            MaxLimit = Positive(layer, "$.settings.maxLimit", s.MaxLimit) ?? settings.MaxLimit,
            UnknownFields = s.UnknownFields ?? settings.UnknownFields,
            UnknownQueryParameters = s.UnknownQueryParameters ?? settings.UnknownQueryParameters,
            EmptyQueryValues = s.EmptyQueryValues ?? settings.EmptyQueryValues,
            AutoFilledFields = s.AutoFilledFields ?? settings.AutoFilledFields,
            TimestampPrecision = s.TimestampPrecision ?? settings.TimestampPrecision,
            EmailUniqueness = s.EmailUniqueness ?? settings.EmailUniqueness,
            UnknownPoolFilter = s.UnknownPoolFilter ?? settings.UnknownPoolFilter,
            NearMissNames = s.NearMissNames ?? settings.NearMissNames,
            NullValues = s.NullValues ?? settings.NullValues,
            DuplicateKeys = s.DuplicateKeys ?? settings.DuplicateKeys,
            RepeatedQueryParameters = s.RepeatedQueryParameters ?? settings.RepeatedQueryParameters,
            LimitAboveMaximum = s.LimitAboveMaximum ?? settings.LimitAboveMaximum,
            ProviderCase = s.ProviderCase ?? settings.ProviderCase,
            ProviderWhitespace = s.ProviderWhitespace ?? settings.ProviderWhitespace,
            SingleCreateAnswer = s.SingleCreateAnswer ?? settings.SingleCreateAnswer,
            FailedBatchStatus = s.FailedBatchStatus ?? settings.FailedBatchStatus,
            ConnectionTestDelay = delay,
            RateLimit = rateLimit,
        };
    }

    private static ProviderCatalog.Provider ToProvider(LoadedScenario layer, ScenarioProvider p, string path)
    {
        if (string.IsNullOrWhiteSpace(p.Value) || p.Value.Any(char.IsWhiteSpace))
        {
            throw layer.Error($"{path}.value", "a provider value must be non-empty and contain no whitespace");
        }
        for (var i = 0; i < p.Domains.Count; i++)
        {
            if (!InboxRequestValidator.IsValidHost(p.Domains[i]))
            {
                throw layer.Error($"{path}.domains[{i}]", $"expected a domain name, found '{p.Domains[i]}'");
            }
        }
        foreach (var (name, host) in new[] { ("imapHost", p.ImapHost), ("smtpHost", p.SmtpHost) })
        {
            if (!InboxRequestValidator.IsValidHost(host))
            {
                throw layer.Error($"{path}.{name}", $"expected a hostname, found '{host}'");
            }
        }
        foreach (var (name, port) in new[] { ("imapPort", p.ImapPort), ("smtpPort", p.SmtpPort) })
        {
            if (port is < 1 or > 65535)
            {
                throw layer.Error($"{path}.{name}", $"must be from 1 to 65535 (got {port})");
            }
        }
        return new ProviderCatalog.Provider(p.Value.ToLowerInvariant(), p.ImapHost, p.ImapPort, p.SmtpHost, p.SmtpPort, [.. p.Domains]);
    }

    private static int? Positive(LoadedScenario layer, string path, int? value) =>
        value is <= 0 ? throw layer.Error(path, $"must be at least 1 (got {value})") : value;

    private static void AddPools(LoadedScenario layer, Dictionary<string, PoolRecord> pools, ObjectIdGenerator ids, DateTimeOffset now)
    {
        {
            var list = layer.Model.Pools ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                var pool = list[i];
                var path = $"$.pools[{i}]";
                if (string.IsNullOrWhiteSpace(pool.Name))
                {
                    throw layer.Error($"{path}.name", "a pool needs a non-empty name");
                }
                string id;
                if (pool.Id is null)
                {
                    id = ids.Next(now);
                }
                else if (!ObjectIdGenerator.IsWellFormed(pool.Id))
                {
                    throw layer.Error($"{path}.id", $"expected 24 hexadecimal characters, found '{pool.Id}'");
                }
                else
                {
                    id = pool.Id.ToLowerInvariant();
                }
                if (!pools.TryAdd(id, new PoolRecord(id, pool.Name, pool.CreatedAt ?? now)))
                {
                    throw layer.Error($"{path}.id", $"the pool id '{id}' is defined twice");
                }
            }
        }
    }

    private static void AddInboxes(
        LoadedScenario layer,
        Dictionary<string, PoolRecord> pools,
        List<FakeInbox> inboxes,
        HashSet<string> emails,
        HashSet<string> inboxIds,
        ObjectIdGenerator ids,
        DateTimeOffset now,
        ApiSettings settings,
        Dictionary<ConnectionSettings, ConnectionSettings> connections,
        int maxInboxes)
    {
        var count = layer.InboxCount;
        // The settings of inboxes that give none of their own, per provider (null: a custom domain), made once.
        var byProvider = new Dictionary<ProviderCatalog.Provider, ConnectionSettings>();
        ConnectionSettings? customDomain = null;
        for (var i = 0; i < count; i++)
        {
            var inbox = layer.Inbox(i);
            // Made only for an error: a million inboxes make no million paths.
            var path = new InboxPath(i);
            if (inboxes.Count >= maxInboxes)
            {
                throw TooManyInboxes(layer, path, maxInboxes);
            }
            var domain = InboxRequestValidator.DomainStart(inbox.EmailAddress);
            if (domain < 0)
            {
                throw layer.Error($"{path}.emailAddress", $"expected a valid email address, found '{inbox.EmailAddress}'");
            }
            if (!emails.Add(inbox.EmailAddress))
            {
                throw layer.Error($"{path}.emailAddress", $"the email address '{inbox.EmailAddress}' is defined twice (addresses are unique, ignoring case)");
            }
            // The pool's own id string, so a million inboxes of one pool hold one copy of it. Pools are keyed in lower
            // case, which most ids already are: lowered only when not found as given.
            if (!pools.TryGetValue(inbox.PoolId, out var pool) && !pools.TryGetValue(inbox.PoolId.ToLowerInvariant(), out pool))
            {
                throw layer.Error($"{path}.poolId", $"no pool has the id '{inbox.PoolId}'; define it under \"pools\"");
            }
            if (inbox.DailySendingLimit is < 1)
            {
                throw layer.Error($"{path}.dailySendingLimit", $"must be at least 1 (got {inbox.DailySendingLimit})");
            }
            if (inbox.ImapPort is < 1 or > 65535)
            {
                throw layer.Error($"{path}.imapPort", $"must be from 1 to 65535 (got {inbox.ImapPort})");
            }
            if (inbox.SmtpPort is < 1 or > 65535)
            {
                throw layer.Error($"{path}.smtpPort", $"must be from 1 to 65535 (got {inbox.SmtpPort})");
            }
            var catalog = settings.Providers;
            var provider = inbox.Provider is null ? catalog.FindByDomain(inbox.EmailAddress.AsSpan(domain)) : catalog.FindByName(inbox.Provider);
            if (inbox.Provider is not null && provider is null)
            {
                throw layer.Error($"{path}.provider", $"expected one of {catalog.AllowedNames}, found '{inbox.Provider}'");
            }
            string id;
            if (inbox.Id is null)
            {
                do
                {
                    id = ids.Next(now);
                }
                while (pools.ContainsKey(id) || inboxIds.Contains(id));
            }
            else if (!ObjectIdGenerator.IsWellFormed(inbox.Id))
            {
                throw layer.Error($"{path}.id", $"expected 24 hexadecimal characters, found '{inbox.Id}'");
            }
            else
            {
                id = inbox.Id.ToLowerInvariant();
            }
            if (!inboxIds.Add(id) || pools.ContainsKey(id))
            {
                throw layer.Error($"{path}.id", $"the id '{id}' is used twice");
            }

            // A username left out is the address (null here, read as the address by FakeInbox), so the settings are shared.
            ConnectionSettings connection;
            if (inbox.More is null && (provider is null ? customDomain : byProvider.GetValueOrDefault(provider)) is { } known)
            {
                connection = known;
            }
            else
            {
                connection = Shared(connections, new ConnectionSettings(
                    provider?.Name,
                    inbox.ImapHost ?? provider?.ImapHost,
                    inbox.ImapPort ?? provider?.ImapPort,
                    inbox.SmtpHost ?? provider?.SmtpHost,
                    inbox.SmtpPort ?? provider?.SmtpPort,
                    inbox.ImapUsername,
                    inbox.SmtpUsername,
                    ImapPasswordHash: null,
                    SmtpPasswordHash: null,
                    SkipConnectionTest: false));
                if (inbox.More is null)
                {
                    _ = provider is null ? customDomain = connection : byProvider[provider] = connection;
                }
            }
            inboxes.Add(new FakeInbox(id, inbox.EmailAddress, pool.Id, inbox.Status, inbox.DailySendingLimit, inbox.CreatedAt ?? now, connection));
        }
    }

    /// <summary>An inbox's JSON path, written out only when an error names it.</summary>
    private readonly record struct InboxPath(int Index)
    {
        public override string ToString() => $"$.inboxes[{Index}]";

        public static implicit operator string(InboxPath path) => path.ToString();
    }

    /// <summary>One instance per distinct settings (they are immutable records, compared by value).</summary>
    internal static ConnectionSettings Shared(Dictionary<ConnectionSettings, ConnectionSettings> connections, ConnectionSettings connection)
    {
        if (connections.TryGetValue(connection, out var shared))
        {
            return shared;
        }
        connections.Add(connection, connection);
        return connection;
    }

    /// <summary>The limit on a world's inboxes, said where it is passed and how to raise it.</summary>
    internal static ScenarioException TooManyInboxes(LoadedScenario layer, string path, int maxInboxes) =>
        layer.Error(path,
            $"the scenarios define more than {maxInboxes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} inboxes, the limit "
            + "(a guard against a runaway file; raise it with DeepLeadFakeOptions.MaxScenarioInboxes, or the stub's --max-inboxes)");

    private static bool IsSorted(List<FakeInbox> inboxes)
    {
        for (var i = 1; i < inboxes.Count; i++)
        {
            if (SortedInboxIndex.Order.Compare(inboxes[i - 1], inboxes[i]) > 0)
            {
                return false;
            }
        }
        return true;
    }

    private static (IReadOnlyList<KeyValuePair<string, IReadOnlySet<string>>> Keys, string Primary) BuildKeys(IReadOnlyList<LoadedScenario> layers)
    {
        // Later layers redefine a key's permissions; order of first definition is kept.
        var keys = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var layer in layers)
        {
            var list = layer.Model.ApiKeys ?? [];
            var inThisLayer = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < list.Count; i++)
            {
                var key = list[i];
                var path = $"$.apiKeys[{i}]";
                if (string.IsNullOrWhiteSpace(key.Key) || key.Key.Any(char.IsWhiteSpace))
                {
                    throw layer.Error($"{path}.key", "an API key must be non-empty and contain no whitespace");
                }
                if (!inThisLayer.Add(key.Key))
                {
                    throw layer.Error($"{path}.key", $"the API key '{Redaction.ApiKey(key.Key)}' is defined twice");
                }
                var permissions = key.Permissions ?? [.. Permissions.All];
                for (var p = 0; p < permissions.Count; p++)
                {
                    if (!Permissions.IsKnown(permissions[p]))
                    {
                        throw layer.Error($"{path}.permissions[{p}]", $"expected one of {string.Join(", ", Permissions.All)}, found '{permissions[p]}'");
                    }
                }
                if (!keys.ContainsKey(key.Key))
                {
                    order.Add(key.Key);
                }
                keys[key.Key] = permissions.ToHashSet(StringComparer.Ordinal);
            }
        }
        if (order.Count == 0)
        {
            order.Add(DefaultApiKey);
            keys[DefaultApiKey] = Permissions.All.ToHashSet(StringComparer.Ordinal);
        }
        // The key a client gets by default: the first one allowed to do everything, else the first one.
        return ([.. order.Select(k => KeyValuePair.Create(k, keys[k]))], order.FirstOrDefault(k => keys[k].Count == Permissions.All.Count) ?? order[0]);
    }
}
