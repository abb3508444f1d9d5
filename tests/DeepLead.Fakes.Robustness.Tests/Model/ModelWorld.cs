using System.Globalization;
using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Robustness.Tests.Model;

/// <summary>
/// A plain in-memory model of the documented rules (the API documentation plus the decisions in docs/behaviour.md), written from
/// the documents and not from the fake's code. It predicts the canonical form of every response (see <see cref="Canon"/>).
/// <para>
/// Independent on purpose: its field lists, limits and messages are written here again rather than read from the engine
/// or from OpenApi/openapi.json (which tests/DeepLead.Fakes.Tests/Contract/ContractListsTests.cs holds the engine to), so a
/// mistake copied into both could not make model and fake agree.
/// </para>
/// </summary>
internal sealed partial class ModelWorld
{
    public const string UnknownPoolId = "0123456789abcdef01234567";
    public const int MaxBatchSize = 8;
    public const int DefaultLimit = 4;
    public const int MaxLimit = 20;
    public static readonly DateTimeOffset Clock = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static readonly string[] KnownFields =
    [
        "emailAddress", "poolId", "imapPassword", "smtpPassword", "provider", "imapHost", "imapPort",
        "smtpHost", "smtpPort", "imapUsername", "smtpUsername", "dailySendingLimit", "skipConnectionTest",
    ];

    public static readonly string[] HostFields = ["imapHost", "imapPort", "smtpHost", "smtpPort"];

    public sealed record Provider(string Name, string ImapHost, int ImapPort, string SmtpHost, int SmtpPort, string[] Domains);

    /// <summary>The behaviour page's table (the documentation's providers and domains, with their public settings).</summary>
    public static readonly Provider[] Providers =
    [
        new("google", "imap.gmail.com", 993, "smtp.gmail.com", 587, ["gmail.com", "googlemail.com"]),
        new("microsoft", "outlook.office365.com", 993, "smtp.office365.com", 587, ["outlook.com", "hotmail.com", "live.com"]),
        new("yahoo", "imap.mail.yahoo.com", 993, "smtp.mail.yahoo.com", 465, ["yahoo.com", "yahoo.co.uk"]),
        new("zoho", "imap.zoho.com", 993, "smtp.zoho.com", 465, ["zoho.com", "zohomail.com"]),
        new("icloud", "imap.mail.me.com", 993, "smtp.mail.me.com", 587, ["icloud.com", "me.com", "mac.com"]),
        new("godaddy", "imap.secureserver.net", 993, "smtpout.secureserver.net", 465, ["secureserver.net"]),
        new("namecheap", "mail.privateemail.com", 993, "mail.privateemail.com", 465, ["privateemail.com"]),
    ];

    public sealed record PoolSeed(string Id, string Name, DateTimeOffset CreatedAt);

    public sealed record InboxSeed(string Email, string PoolId, InboxStatus Status, int Limit, DateTimeOffset CreatedAt);

    /// <summary>The initial world, given to the fake as options and to the model as is.</summary>
    public static readonly PoolSeed[] SeedPools =
    [
        new("65e0000000000000000000a1", "Main Pool", new(2024, 2, 1, 8, 0, 0, TimeSpan.Zero)),
        new("65e0000000000000000000b2", "Second Pool", new(2024, 2, 2, 8, 0, 0, TimeSpan.Zero)),
        new("65e0000000000000000000c3", "Empty Pool", new(2024, 2, 3, 8, 0, 0, TimeSpan.Zero)),
    ];

    public static readonly InboxSeed[] SeedInboxes =
    [
        new("seed.one@gmail.com", SeedPools[0].Id, InboxStatus.Active, 50, new(2024, 2, 10, 8, 0, 0, TimeSpan.Zero)),
        new("seed.two@outlook.com", SeedPools[0].Id, InboxStatus.Paused, 40, new(2024, 2, 10, 8, 1, 0, TimeSpan.Zero)),
        new("seed.three@acme.example", SeedPools[1].Id, InboxStatus.Deactivated, 30, new(2024, 2, 10, 8, 2, 0, TimeSpan.Zero)),
        new("seed.four@yahoo.com", SeedPools[1].Id, InboxStatus.Error, 20, new(2024, 2, 10, 8, 3, 0, TimeSpan.Zero)),
        new("A@gmail.com", SeedPools[0].Id, InboxStatus.Active, 10, new(2024, 2, 10, 8, 4, 0, TimeSpan.Zero)),
        new("seed.six@zoho.com", SeedPools[1].Id, InboxStatus.Paused, 5, new(2024, 2, 10, 8, 5, 0, TimeSpan.Zero)),
    ];

    public static DeepLeadFakeOptions FakeOptions(FakeTransport transport)
    {
        var options = new DeepLeadFakeOptions
        {
            Transport = transport,
            Clock = Clock,
            Seed = 11,
            MaxBatchSize = MaxBatchSize,
            DefaultLimit = DefaultLimit,
            MaxLimit = MaxLimit,
        };
        foreach (var pool in SeedPools)
        {
            options.Pools.Add(new PoolDefinition { Id = pool.Id, Name = pool.Name, CreatedAt = pool.CreatedAt });
        }
        foreach (var inbox in SeedInboxes)
        {
            options.Inboxes.Add(new InboxDefinition { EmailAddress = inbox.Email, PoolId = inbox.PoolId, Status = inbox.Status, DailySendingLimit = inbox.Limit, CreatedAt = inbox.CreatedAt });
        }
        return options;
    }

    public sealed record MPool(string Label, string Name, DateTimeOffset CreatedAt);

    public sealed record MInbox(string Email, string PoolLabel, string Status, int Limit, DateTimeOffset CreatedAt, Stored? Settings);

    /// <summary>The stored-only settings of an inbox created through the API (null for seeded inboxes, not predicted).</summary>
    public sealed record Stored(string? Provider, string ImapHost, int ImapPort, string SmtpHost, int SmtpPort, string ImapUsername, string SmtpUsername, string ImapPassword, string SmtpPassword);

    public sealed class Account
    {
        public List<MPool> Pools { get; } = [];
        public List<MInbox> Inboxes { get; } = [];
        public int AutoPools { get; set; }

        public void Reset()
        {
            Pools.Clear();
            Inboxes.Clear();
            Pools.AddRange(SeedPools.Select(p => new MPool(p.Id, p.Name, p.CreatedAt)));
            Inboxes.AddRange(SeedInboxes.Select(i => new MInbox(i.Email, i.PoolId, i.Status.ToString().ToLowerInvariant(), i.Limit, i.CreatedAt, null)));
        }
    }

    private readonly bool _labelByOp;

    public ModelWorld(int accounts, bool labelByOp = false)
    {
        _labelByOp = labelByOp;
        Accounts = [.. Enumerable.Range(0, accounts).Select(_ => new Account())];
        foreach (var account in Accounts)
        {
            account.Reset();
        }
    }

    public Account[] Accounts { get; }

    /// <summary>The state of every account in the same canonical form as <see cref="ActualWorld.State"/>.</summary>
    public List<string> State()
    {
        var state = new List<string>();
        for (var k = 0; k < Accounts.Length; k++)
        {
            var account = Accounts[k];
            Func<string, string> label = _labelByOp
                ? l => l.StartsWith("auto#", StringComparison.Ordinal) ? Canon.ContentLabel(account.Inboxes.Where(i => i.PoolLabel == l).Select(i => i.Email)) : l
                : l => l;
            state.Add($"account {k} pools=" + Canon.Pools(account.Pools.Select(p => (label(p.Label), p.Name, account.Inboxes.Count(i => i.PoolLabel == p.Label), p.CreatedAt))));
            state.Add($"account {k} inboxes=" + Canon.Inboxes(account.Inboxes.Select(i => (i.Email, label(i.PoolLabel), i.Status, i.Limit, i.CreatedAt))));
            state.Add($"account {k} stored=[" + string.Join(" ", account.Inboxes.Where(i => i.Settings is not null).Select(i => $"{i.Email}:{Canon.Stored(i.Settings!)}")) + "]");
        }
        return state;
    }
    public int Current { get; private set; }
    public List<string> Log { get; } = [];

    /// <summary>Canonical responses keyed by the operation instance (for concurrent runs).</summary>
    public Dictionary<Op, string> Responses { get; } = new(ReferenceEqualityComparer.Instance);

    public void Run(Op op) => Log.Add(Execute(op));

    public void RunConcurrent(Op op) => Responses[op] = Execute(op);

    public string Execute(Op op)
    {
        return (op switch
        {
            CreateSingle single => Create(op, [single.Item], isBatch: false),
            CreateBatch batch => Create(op, batch.Items, isBatch: true),
            ListInboxes list => List(list.Spec),
            ListPools => ListAllPools(),
            ResetAccount => DoReset(),
            SwitchAccount s => DoSwitch(s.Index),
            Unauthorized => "401",
            _ => throw new InvalidOperationException(op.ToString()),
        });
    }

    private string DoReset()
    {
        Accounts[Current].Reset();
        return "reset";
    }

    private string DoSwitch(int index)
    {
        Current = index % Accounts.Length;
        return "switch " + Current;
    }

    private string ListAllPools()
    {
        var account = Accounts[Current];
        return "200 pools=" + Canon.Pools(account.Pools.Select(p => (Show(p.Label), p.Name, account.Inboxes.Count(i => i.PoolLabel == p.Label), p.CreatedAt)));
    }

    /// <summary>How a pool label appears in a response: in concurrent runs every auto-created pool reads "auto".</summary>
    private string Show(string label) => _labelByOp && label.StartsWith("auto#", StringComparison.Ordinal) ? "auto" : label;

    private string? PoolLabelAt(int index)
    {
        var pools = Accounts[Current].Pools;
        return pools.Count == 0 ? null : pools[index % pools.Count].Label;
    }

    // ---------------------------------------------------------------- listing

    private static bool IsCount(string text, int min, int max, out int value)
    {
        value = 0;
        // Digits only (no sign, spaces, decimals); the model never generates counts beyond an int.
        return text.Length > 0 && text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    private string List(ListSpec spec)
    {
        var account = Accounts[Current];
        var errors = new List<string>();
        var ambiguous = new List<string>();
        string? poolLabel = null;
        var poolKnown = true;
        switch (spec.Pool)
        {
            case PoolFilterKind.Ref:
            case PoolFilterKind.RefUpper:
                poolLabel = PoolLabelAt(spec.PoolIndex);
                break;
            case PoolFilterKind.Unknown:
                poolKnown = false;
                break;
            case PoolFilterKind.Malformed:
                errors.Add("poolId");
                break;
        }
        // An empty value is read as not given, and an unknown parameter is ignored (both reported in a header, by default).
        if (spec.Status is { Length: > 0 } status && !new[] { "active", "paused", "deactivated", "error" }.Contains(status))
        {
            errors.Add("status");
        }
        var limit = DefaultLimit;
        var limitText = spec.Extra == "limit=1" && spec.Limit is null ? "1" : spec.Limit is { Length: > 0 } given ? given : null;
        if (limitText is not null && !IsCount(limitText, 1, MaxLimit, out limit))
        {
            errors.Add("limit");
        }
        var skip = 0;
        if (spec.Skip is { Length: > 0 } skipText && !IsCount(skipText, 0, int.MaxValue, out skip))
        {
            errors.Add("skip");
        }
        switch (spec.Extra)
        {
            case null:
                break;
            case "page=1":
                break;
            case "limit=1" when spec.Limit is null:
                break;
            case "limit=1":
                // A repeated parameter is 400 naming it; whether the other invalid parameters are named too is not settled.
                ambiguous.AddRange(Canon.ListTolerated(spec));
                errors.Clear();
                errors.Add("limit");
                break;
            default:
                throw new InvalidOperationException(spec.Extra);
        }
        if (errors.Count > 0)
        {
            return Canon.ValidationError(errors, ambiguous);
        }
        if (!poolKnown)
        {
            return "404";
        }
        var matching = account.Inboxes.Where(i => (poolLabel is null || i.PoolLabel == poolLabel) && (string.IsNullOrEmpty(spec.Status) || i.Status == spec.Status)).ToList();
        var page = matching.Skip(skip).Take(limit).ToList();
        return $"200 {Canon.Inboxes(page.Select(i => (i.Email, Show(i.PoolLabel), i.Status, i.Limit, i.CreatedAt)))} total={matching.Count} limit={limit} skip={skip} hasMore={skip + page.Count < matching.Count}";
    }

    // ---------------------------------------------------------------- creating

    public sealed record Draft(string Email, string? PoolLabel, int Limit, Stored Settings, IReadOnlyList<string> AutoFilled);

    /// <summary>Validates one item per the documented rules: a draft, or the fields in error (plus those whose report is not settled).</summary>
    public static Draft? Validate(ItemSpec item, Func<int, string?> poolLabelAt, out List<string> errors, out List<string> ambiguous)
    {
        errors = [];
        ambiguous = [];
        if (!item.IsObject)
        {
            return null;
        }
        // Fields the documentation does not name are ignored by default (and reported in a header the model does not predict),
        // except a near miss of a documented one: "dailyLimit" (of "dailySendingLimit") is a 400 naming it.
        if (item.Get("dailyLimit") is not null)
        {
            errors.Add("dailyLimit");
        }
        var emailValue = item.Get("emailAddress");
        string? email = null;
        if (Given(emailValue) is not JStr { Value: var emailText } || !IsEmail(emailText))
        {
            errors.Add("emailAddress");
        }
        else
        {
            email = emailText;
        }
        var imapPassword = RequiredText(item, "imapPassword", errors);
        var smtpPassword = OptionalText(item, "smtpPassword", errors);
        string? poolLabel = null;
        switch (Given(item.Get("poolId")))
        {
            case null:
                break;
            case JPool pool:
                poolLabel = poolLabelAt(pool.Index);
                break;
            case JStr { Value: var id } when id.Length == 24 && id.All(char.IsAsciiHexDigit):
                poolLabel = id.ToLowerInvariant();
                break;
            default:
                errors.Add("poolId");
                break;
        }
        Provider? provider = null;
        var providerGiven = Given(item.Get("provider")) is not null;
        if (OptionalText(item, "provider", errors) is { } providerName)
        {
            // Provider values match ignoring case (a README decision).
            provider = Providers.FirstOrDefault(p => string.Equals(p.Name, providerName, StringComparison.OrdinalIgnoreCase));
            if (provider is null)
            {
                errors.Add("provider");
            }
        }
        var imapHost = OptionalHost(item, "imapHost", errors);
        var smtpHost = OptionalHost(item, "smtpHost", errors);
        var imapPort = OptionalInteger(item, "imapPort", 1, 65535, errors);
        var smtpPort = OptionalInteger(item, "smtpPort", 1, 65535, errors);
        var imapUsername = OptionalText(item, "imapUsername", errors);
        var smtpUsername = OptionalText(item, "smtpUsername", errors);
        var limit = OptionalInteger(item, "dailySendingLimit", 1, int.MaxValue, errors) ?? 2;
        if (Given(item.Get("skipConnectionTest")) is { } skip && skip is not JRaw { Json: "true" or "false" })
        {
            errors.Add("skipConnectionTest");
        }

        var detected = email is null ? null : Providers.FirstOrDefault(p => p.Domains.Contains(email[(email.LastIndexOf('@') + 1)..], StringComparer.OrdinalIgnoreCase));
        var settingsProvider = provider ?? (providerGiven ? null : detected);
        var missingHosts = HostFields.Where(f => Given(item.Get(f)) is null).ToList();
        if (settingsProvider is null && missingHosts.Count > 0)
        {
            if (email is not null && !providerGiven && errors.Count == 0)
            {
                // Neither a provider nor a detected domain: each missing host and port is a detail.
                errors.AddRange(missingHosts);
            }
            else if (email is not null && !providerGiven)
            {
                // "Every invalid field is reported at once" says these belong with the other details; the fake reports
                // them only on an otherwise valid item. Asserted by a [Fact] of its own, tolerated here.
                ambiguous.AddRange(missingHosts);
            }
            else
            {
                // An invalid or missing address or an invalid provider: whether hosts are then required is not settled.
                ambiguous.AddRange(missingHosts);
            }
        }
        if (errors.Count > 0)
        {
            return null;
        }
        var autoFilled = settingsProvider is null ? [] : missingHosts;
        var settings = new Stored(
            settingsProvider?.Name,
            imapHost ?? settingsProvider!.ImapHost,
            imapPort ?? settingsProvider!.ImapPort,
            smtpHost ?? settingsProvider!.SmtpHost,
            smtpPort ?? settingsProvider!.SmtpPort,
            imapUsername ?? email!,
            smtpUsername ?? email!,
            imapPassword!,
            smtpPassword ?? imapPassword!);
        return new Draft(email!, poolLabel, limit, settings, autoFilled);
    }

    private static JVal? Given(JVal? value) => value is JRaw { Json: "null" } ? null : value;

    private static string? RequiredText(ItemSpec item, string name, List<string> errors)
    {
        if (Given(item.Get(name)) is null)
        {
            errors.Add(name);
            return null;
        }
        return OptionalText(item, name, errors);
    }

    private static string? OptionalText(ItemSpec item, string name, List<string> errors)
    {
        switch (Given(item.Get(name)))
        {
            case null:
                return null;
            case JStr { Value: var text } when !string.IsNullOrWhiteSpace(text):
                return text;
            default:
                errors.Add(name);
                return null;
        }
    }

    private static string? OptionalHost(ItemSpec item, string name, List<string> errors)
    {
        var host = OptionalText(item, name, errors);
        if (host is not null && !HostName().IsMatch(host))
        {
            errors.Add(name);
            return null;
        }
        return host;
    }

    private static int? OptionalInteger(ItemSpec item, string name, long min, long max, List<string> errors)
    {
        switch (Given(item.Get(name)))
        {
            case null:
                return null;
            case JRaw { Json: var json } when json.All(c => char.IsAsciiDigit(c) || c == '-') && long.TryParse(json, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max:
                return (int)number;
            default:
                errors.Add(name);
                return null;
        }
    }

    [GeneratedRegex(@"^[^\s@\p{Cc}\p{Cf}]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\z")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\z")]
    private static partial Regex HostName();

    private static bool IsEmail(string text) => !string.IsNullOrWhiteSpace(text) && EmailPattern().IsMatch(text);

    private string Create(Op op, IReadOnlyList<ItemSpec> items, bool isBatch)
    {
        var account = Accounts[Current];
        if (isBatch && (items.Count == 0 || items.Count > MaxBatchSize))
        {
            return "400 body";
        }
        var outcomes = new List<(string? Echo, Draft? Draft, string Result)>();
        foreach (var item in items)
        {
            var draft = Validate(item, PoolLabelAt, out var errors, out var ambiguous);
            var echo = item.IsObject && item.Get("emailAddress") is JStr { Value: var e } ? e : null;
            outcomes.Add((echo, draft, draft is null ? (item.IsObject ? Canon.InvalidItem(errors, ambiguous) : "invalid:not-an-object") : ""));
        }
        if (!isBatch && outcomes[0].Draft is null)
        {
            Validate(items[0], PoolLabelAt, out var errors, out var ambiguous);
            return Canon.ValidationError(errors, ambiguous);
        }

        var reserved = new HashSet<string>(account.Inboxes.Select(i => i.Email), StringComparer.OrdinalIgnoreCase);
        var accepted = new List<int>();
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Draft is not { } draft)
            {
                continue;
            }
            if (draft.PoolLabel is { } label && account.Pools.All(p => p.Label != label))
            {
                outcomes[i] = outcomes[i] with { Draft = null, Result = "pool404" };
            }
            else if (!reserved.Add(draft.Email))
            {
                outcomes[i] = outcomes[i] with { Draft = null, Result = "dup409" };
            }
            else
            {
                accepted.Add(i);
            }
        }
        if (!isBatch && outcomes[0].Draft is null)
        {
            return outcomes[0].Result == "pool404" ? "404" : "409";
        }

        string? autoLabel = null;
        var autoName = "API Pool - " + Clock.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (accepted.Any(i => outcomes[i].Draft!.PoolLabel is null))
        {
            autoLabel = _labelByOp ? "auto#" + OpIds.Of(op) : "auto" + ++account.AutoPools;
            account.Pools.Add(new MPool(autoLabel, autoName, Clock));
        }
        foreach (var i in accepted)
        {
            var draft = outcomes[i].Draft!;
            account.Inboxes.Add(new MInbox(draft.Email, draft.PoolLabel ?? autoLabel!, "active", draft.Limit, Clock, draft.Settings));
            outcomes[i] = outcomes[i] with { Result = "ok" + (draft.AutoFilled.Count > 0 ? "[" + string.Join(",", draft.AutoFilled) + "]" : "") };
        }
        var created = accepted.Count;
        return Canon.CreateResult(created == outcomes.Count, outcomes.Count, created, autoLabel is null ? null : (Show(autoLabel), autoName), outcomes.Select(o => (o.Echo, o.Result)));
    }
}
