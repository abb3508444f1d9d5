using Bogus;
using DeepLead.Fakes.Storage;
using DeepLead.Fakes.World;

namespace DeepLead.Fakes.Scenarios;

/// <summary>
/// Realistic bulk data with Bogus, from the seed alone: the same generate block and seed always give the same
/// pools, addresses, statuses and ids. Addresses are unique and valid.
/// </summary>
internal static class DataGenerator
{
    /// <summary>A scenario is a test fixture, not a load generator: beyond this, fail fast instead of exhausting memory.</summary>
    public const int MaxGeneratedInboxes = 2_000_000;

    public const int MaxGeneratedPools = 100_000;

    public const string CustomProvider = "custom";

    public static void Generate(
        DataGeneration spec,
        LoadedScenario layer,
        int seed,
        ObjectIdGenerator ids,
        DateTimeOffset now,
        Dictionary<string, PoolRecord> pools,
        List<FakeInbox> inboxes,
        HashSet<string> emails,
        HashSet<string> inboxIds,
        Dictionary<ConnectionSettings, ConnectionSettings> connections,
        int maxInboxes)
    {
        const string at = "$.generate";
        var poolCount = spec.Pools;
        if (poolCount is < 0 or > MaxGeneratedPools)
        {
            throw layer.Error($"{at}.pools", $"must be from 0 to {MaxGeneratedPools} (got {poolCount})");
        }
        if (spec.InboxesPerPool is not null && spec.TotalInboxes is not null)
        {
            throw layer.Error($"{at}.inboxes", "give either inboxes (a total) or inboxesPerPool, not both");
        }
        var statusWeights = Weights(spec.Statuses, layer, $"{at}.statuses", key => InboxStatuses.TryParse(key, out _), InboxStatuses.AllowedValues)
            ?? [("active", 1)];
        var providerWeights = Weights(spec.Providers, layer, $"{at}.providers",
                key => key == CustomProvider || ProviderCatalog.Documented.FindByName(key) is not null, ProviderCatalog.Documented.AllowedNames + ", custom")
            ?? [("google", 4), ("microsoft", 3), ("yahoo", 1), ("zoho", 1), ("icloud", 1)];
        var limits = (Min: spec.MinDailySendingLimit, Max: spec.MaxDailySendingLimit);
        if (limits.Min < 1 || limits.Max < limits.Min)
        {
            throw layer.Error($"{at}.dailySendingLimit", $"needs 1 <= min <= max (got {limits.Min}..{limits.Max})");
        }

        var faker = new Faker("en") { Random = new Randomizer(seed) };
        var newPools = new List<PoolRecord>(poolCount);
        for (var i = 0; i < poolCount; i++)
        {
            var id = ids.Next(now);
            var createdAt = Truncate(now.AddDays(-faker.Random.Int(30, 365)).AddSeconds(-faker.Random.Int(0, 86_399)));
            var pool = new PoolRecord(id, $"{faker.Company.CompanyName()} Outreach", createdAt);
            pools.Add(id, pool);
            newPools.Add(pool);
        }

        // With no generated pools, inboxes go into the pools defined so far.
        var targets = newPools.Count > 0 ? newPools : [.. pools.Values];
        long total = spec.TotalInboxes ?? (long)(spec.InboxesPerPool ?? 0) * targets.Count;
        if (spec.InboxesPerPool is < 0 || spec.TotalInboxes is < 0 || total > MaxGeneratedInboxes)
        {
            throw layer.Error($"{at}.{(spec.TotalInboxes is null ? "inboxesPerPool" : "inboxes")}",
                $"asks for {total} inboxes; a scenario may generate from 0 to {MaxGeneratedInboxes}");
        }
        if (inboxes.Count + total > maxInboxes)
        {
            throw WorldBuilder.TooManyInboxes(layer, $"{at}.{(spec.TotalInboxes is null ? "inboxesPerPool" : "inboxes")}", maxInboxes);
        }
        if (total > 0 && targets.Count == 0)
        {
            throw layer.Error(at, "generates inboxes but there is no pool to put them in: set generate.pools or define pools");
        }

        var suffixes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        // Settings per provider, or per custom domain: shared by the inboxes that have them, made once.
        var settingsByKey = new Dictionary<string, ConnectionSettings>(StringComparer.Ordinal);
        var providerTotal = providerWeights.Sum(w => w.Weight);
        var statusTotal = statusWeights.Sum(w => w.Weight);
        for (var i = 0; i < total; i++)
        {
            var pool = targets[i % targets.Count];
            var providerName = Pick(faker, providerWeights, providerTotal);
            var provider = providerName == CustomProvider ? null : ProviderCatalog.Documented.FindByName(providerName);
            var domain = provider is null ? faker.Internet.DomainName().ToLowerInvariant() : faker.PickRandom(provider.Domains);
            var email = UniqueEmail(faker, domain, emails, suffixes);
            var status = InboxStatuses.TryParse(Pick(faker, statusWeights, statusTotal), out var parsed) ? parsed : InboxStatus.Active;
            var span = Math.Max(1, (long)(now - pool.CreatedAt).TotalSeconds);
            var createdAt = pool.CreatedAt.AddSeconds(faker.Random.Long(0, span));
            string id;
            do
            {
                id = ids.Next(now);
            }
            while (pools.ContainsKey(id) || !inboxIds.Add(id));
            // Usernames are the address (null: see FakeInbox), so inboxes of one provider or domain share their settings.
            var key = provider?.Name ?? domain;
            if (!settingsByKey.TryGetValue(key, out var connection))
            {
                connection = WorldBuilder.Shared(connections, new ConnectionSettings(
                    provider?.Name,
                    provider?.ImapHost ?? $"mail.{domain}",
                    provider?.ImapPort ?? 993,
                    provider?.SmtpHost ?? $"smtp.{domain}",
                    provider?.SmtpPort ?? 587,
                    ImapUsername: null,
                    SmtpUsername: null,
                    ImapPasswordHash: null,
                    SmtpPasswordHash: null,
                    SkipConnectionTest: false));
                settingsByKey.Add(key, connection);
            }
            inboxes.Add(new FakeInbox(id, email, pool.Id, status, faker.Random.Int(limits.Min, limits.Max), Truncate(createdAt), connection));
        }
    }

    private static string UniqueEmail(Faker faker, string domain, HashSet<string> emails, Dictionary<string, int> suffixes)
    {
        var local = Sanitize($"{faker.Name.FirstName()}.{faker.Name.LastName()}");
        var email = $"{local}@{domain}";
        while (!emails.Add(email))
        {
            var n = suffixes.TryGetValue(local, out var last) ? last + 1 : 2;
            suffixes[local] = n;
            email = $"{local}{n}@{domain}";
        }
        return email;
    }

    private static string Sanitize(string text)
    {
        // In a span, not a StringBuilder: a million-inbox generate makes one string per address here, not four.
        Span<char> kept = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var original in text)
        {
            var c = char.ToLowerInvariant(original);
            if (char.IsAsciiLetterOrDigit(c) || (c == '.' && length > 0 && kept[length - 1] != '.'))
            {
                kept[length++] = c;
            }
        }
        var trimmed = kept[..length].Trim('.');
        return length == 0 ? "user" : trimmed.ToString();
    }

    private static List<(string Key, double Weight)>? Weights(
        IReadOnlyDictionary<string, double>? weights, LoadedScenario layer, string path, Func<string, bool> isKnown, string allowed)
    {
        if (weights is null)
        {
            return null;
        }
        var list = new List<(string, double)>();
        foreach (var (key, weight) in weights)
        {
            if (!isKnown(key))
            {
                throw layer.Error($"{path}.{key}", $"is not one of {allowed}");
            }
            if (weight < 0 || double.IsNaN(weight) || double.IsInfinity(weight))
            {
                throw layer.Error($"{path}.{key}", $"a weight must be a non-negative number (got {weight})");
            }
            if (weight > 0)
            {
                list.Add((key, weight));
            }
        }
        if (list.Count == 0)
        {
            throw layer.Error(path, "needs at least one positive weight");
        }
        return list;
    }

    private static string Pick(Faker faker, List<(string Key, double Weight)> weights, double total)
    {
        var roll = faker.Random.Double() * total;
        foreach (var (key, weight) in weights)
        {
            roll -= weight;
            if (roll < 0)
            {
                return key;
            }
        }
        return weights[^1].Key;
    }

    private static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
