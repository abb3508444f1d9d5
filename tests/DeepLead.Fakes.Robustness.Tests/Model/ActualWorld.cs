using System.Text.Json;
using DeepLead.Fakes.Robustness.Tests.Support;

namespace DeepLead.Fakes.Robustness.Tests.Model;

/// <summary>The fake, driven over HTTP through isolated tenants, with every response reduced to its canonical text.</summary>
internal sealed class ActualWorld
{
    private readonly HttpClient _client;
    private readonly DeepLeadTenant[] _tenants;
    private readonly Dictionary<string, string>[] _labels;
    private readonly int[] _autoPools;
    private readonly bool _labelByOp;
    private readonly Lock _gate = new();

    /// <param name="labelByOp">Name auto-created pools after the operation that created them (for concurrent runs, where
    /// the order responses arrive in says nothing); otherwise auto1, auto2... in creation order.</param>
    public ActualWorld(DeepLeadFake fake, HttpClient client, int accounts, bool labelByOp = false)
    {
        _labelByOp = labelByOp;
        _client = client;
        _tenants = [.. Enumerable.Range(0, accounts).Select(_ => fake.CreateTenant())];
        _labels = [.. Enumerable.Range(0, accounts).Select(_ => new Dictionary<string, string>(StringComparer.Ordinal))];
        _autoPools = new int[accounts];
    }

    public int Current { get; private set; }

    /// <summary>What <see cref="ModelCheck.Equal"/> found last, for the counterexample's printout.</summary>
    public string? LastDifference { get; set; }
    public List<string> Log { get; } = [];
    public IReadOnlyList<DeepLeadTenant> Tenants => _tenants;

    private DeepLeadTenant Tenant => _tenants[Current];

    /// <summary>Canonical responses keyed by the operation instance (for concurrent runs).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<Op, string> Responses { get; } = new(ReferenceEqualityComparer.Instance);

    public void Run(Op op) => Log.Add(Execute(op));

    public void RunConcurrent(Op op) => Responses[op] = Execute(op);

    public string Execute(Op op)
    {
        return (op switch
        {
            CreateSingle single => Create(op, single.Item.Render(PoolId), [single.Item], isBatch: false),
            CreateBatch batch => Create(op, "[" + string.Join(",", batch.Items.Select(i => i.Render(PoolId))) + "]", batch.Items, isBatch: true),
            ListInboxes list => List(op, list.Spec),
            ListPools => Pools(op),
            ResetAccount => DoReset(),
            SwitchAccount s => DoSwitch(s.Index),
            Unauthorized u => DoUnauthorized(op, u),
            _ => throw new InvalidOperationException(op.ToString()),
        });
    }

    private string PoolId(int index, bool upper)
    {
        var pools = Tenant.Pools;
        var id = pools[index % pools.Count].Id;
        return upper ? id.ToUpperInvariant() : id;
    }

    public string LabelOf(int account, string poolId)
    {
        if (ModelWorld.SeedPools.Any(p => p.Id == poolId))
        {
            return poolId;
        }
        if (_labelByOp)
        {
            // In concurrent runs responses do not say which auto-created pool is which; the final state does (by content).
            return "auto";
        }
        lock (_gate)
        {
            return _labels[account].GetValueOrDefault(poolId) ?? "unlabelled:" + poolId;
        }
    }

    private string DoReset()
    {
        Tenant.Reset();
        if (!_labelByOp)
        {
            // Ids start again after a reset; in concurrent runs a label stays valid because it names the creating operation.
            lock (_gate)
            {
                _labels[Current].Clear();
            }
        }
        return "reset";
    }

    private string DoSwitch(int index)
    {
        Current = index % _tenants.Length;
        return "switch " + Current;
    }

    private Exchange Send(Op op, HttpRequestMessage request, Contract.Endpoint endpoint)
    {
        var exchange = Wire.Send(_client, request);
        Contract.AssertConforms(exchange, endpoint, op.ToString());
        return exchange;
    }

    private string DoUnauthorized(Op op, Unauthorized u)
    {
        var request = u.Post
            ? Wire.Request(HttpMethod.Post, "inboxes", null, """{"emailAddress": "nobody@gmail.com", "imapPassword": "pw"}""")
            : Wire.Request(HttpMethod.Get, "pools", null);
        switch (u.Kind % 4)
        {
            case 1: request.Headers.TryAddWithoutValidation("Authorization", "Bearer dl_bogus_key_for_model"); break;
            case 2: request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Tenant.ApiKey); break;
            case 3: request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Tenant.ApiKey.ToUpperInvariant()); break;
        }
        var exchange = Send(op, request, u.Post ? Contract.Endpoint.CreateInboxes : Contract.Endpoint.ListPools);
        return exchange.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private string Pools(Op op)
    {
        var exchange = Send(op, Wire.Request(HttpMethod.Get, "pools", Tenant.ApiKey), Contract.Endpoint.ListPools);
        if (exchange.Status != 200)
        {
            return exchange.Status + " " + exchange.Body;
        }
        return "200 pools=" + Canon.Pools(exchange.Json().GetProperty("pools").EnumerateArray().Select(p => (
            LabelOf(Current, p.GetProperty("id").GetString()!),
            p.GetProperty("name").GetString()!,
            p.GetProperty("inboxCount").GetInt32(),
            DateTimeOffset.Parse(p.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture))));
    }

    private string List(Op op, ListSpec spec)
    {
        var exchange = Send(op, Wire.Request(HttpMethod.Get, spec.Query(PoolId), Tenant.ApiKey), Contract.Endpoint.ListInboxes);
        var body = exchange.Json();
        switch (exchange.Status)
        {
            case 200:
                var pagination = body.GetProperty("pagination");
                var inboxes = body.GetProperty("inboxes").EnumerateArray().Select(i => (
                    i.GetProperty("emailAddress").GetString()!,
                    LabelOf(Current, i.GetProperty("poolId").GetString()!),
                    i.GetProperty("status").GetString()!,
                    i.GetProperty("dailySendingLimit").GetInt32(),
                    DateTimeOffset.Parse(i.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
                return $"200 {Canon.Inboxes(inboxes)} total={pagination.GetProperty("total")} limit={pagination.GetProperty("limit")} skip={pagination.GetProperty("skip")} hasMore={pagination.GetProperty("hasMore").GetBoolean()}";
            case 400:
                return Canon.ValidationError(DetailFields(body), Canon.ListTolerated(spec));
            default:
                return exchange.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static IEnumerable<string> DetailFields(JsonElement error) =>
        error.TryGetProperty("details", out var details) ? details.EnumerateArray().Select(d => d.GetProperty("field").GetString()!) : ["(no details)"];

    private static List<string> Tolerated(ItemSpec item)
    {
        ModelWorld.Validate(item, _ => "any", out _, out var tolerated);
        return tolerated;
    }

    private string Create(Op op, string json, IReadOnlyList<ItemSpec> items, bool isBatch)
    {
        var exchange = Send(op, Wire.Request(HttpMethod.Post, "inboxes", Tenant.ApiKey, json), Contract.Endpoint.CreateInboxes);
        var body = exchange.Json();
        if (exchange.Status != 200)
        {
            return exchange.Status switch
            {
                400 when isBatch => "400 body",
                400 => Canon.ValidationError(DetailFields(body), Tolerated(items[0])),
                _ => exchange.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }
        (string Label, string Name)? auto = null;
        if (body.TryGetProperty("autoCreatedPool", out var pool))
        {
            var id = pool.GetProperty("id").GetString()!;
            string label;
            lock (_gate)
            {
                label = _labelByOp ? "auto" : _labels[Current].ContainsKey(id) ? "REUSED:" + id : "auto" + ++_autoPools[Current];
                if (!_labelByOp)
                {
                    _labels[Current][id] = label;
                }
            }
            auto = (label, pool.GetProperty("name").GetString()!);
        }
        var results = body.GetProperty("results").EnumerateArray().ToList();
        var canonical = new List<(string?, string)>();
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            var echo = result.TryGetProperty("emailAddress", out var e) ? e.GetString() : null;
            string outcome;
            if (result.GetProperty("success").GetBoolean())
            {
                outcome = "ok" + (result.TryGetProperty("autoFilledFields", out var filled) ? "[" + string.Join(",", filled.EnumerateArray().Select(f => f.GetString())) + "]" : "");
            }
            else
            {
                var error = result.GetProperty("error").GetString()!;
                outcome = error switch
                {
                    "Email already exists" => "dup409",
                    "Pool not found" => "pool404",
                    _ when i < items.Count && !items[i].IsObject => "invalid:not-an-object",
                    _ when i < items.Count => Canon.InvalidItem(error.Split("; ").Select(s => s.Split(' ')[0]), Tolerated(items[i])),
                    _ => "extra-result:" + error,
                };
            }
            canonical.Add((echo, outcome));
        }
        var summary = body.GetProperty("summary");
        return Canon.CreateResult(body.GetProperty("success").GetBoolean(), summary.GetProperty("total").GetInt32(), summary.GetProperty("created").GetInt32(), auto, canonical);
    }

    /// <summary>The state of every tenant through the state inspection API, canonical, with the invariants checked over HTTP.</summary>
    public List<string> State()
    {
        var state = new List<string>();
        for (var k = 0; k < _tenants.Length; k++)
        {
            var tenant = _tenants[k];
            var pools = tenant.Pools;
            var inboxes = tenant.Inboxes;
            Invariants.CheckAsync(_client, tenant.ApiKey, ModelWorld.MaxLimit, pools, inboxes).GetAwaiter().GetResult();
            var account = k;
            Func<string, string> label = _labelByOp
                ? id => ModelWorld.SeedPools.Any(p => p.Id == id) ? id : Canon.ContentLabel(inboxes.Where(i => i.PoolId == id).Select(i => i.EmailAddress))
                : id => LabelOf(account, id);
            state.Add($"account {k} pools=" + Canon.Pools(pools.Select(p => (label(p.Id), p.Name, p.InboxCount, p.CreatedAt))));
            state.Add($"account {k} inboxes=" + Canon.Inboxes(inboxes.Select(i => (i.EmailAddress, label(i.PoolId), i.Status.ToString().ToLowerInvariant(), i.DailySendingLimit, i.CreatedAt))));
            state.Add($"account {k} stored=[" + string.Join(" ", inboxes.Where(i => !ModelWorld.SeedInboxes.Any(s => s.Email == i.EmailAddress))
                .Select(i => $"{i.EmailAddress}:{i.Provider ?? "-"}|{i.ImapHost}:{i.ImapPort}|{i.SmtpHost}:{i.SmtpPort}|{i.ImapUsername}|{i.SmtpUsername}")) + "]");
        }
        return state;
    }

    /// <summary>Whether each created inbox holds the passwords the model expects (checked through the hash API).</summary>
    public bool PasswordsMatch(ModelWorld model, out string mismatch)
    {
        for (var k = 0; k < _tenants.Length; k++)
        {
            var actual = _tenants[k].Inboxes.ToDictionary(i => i.EmailAddress, StringComparer.Ordinal);
            foreach (var inbox in model.Accounts[k].Inboxes.Where(i => i.Settings is not null))
            {
                if (!actual.TryGetValue(inbox.Email, out var real) || !real.HasImapPassword(inbox.Settings!.ImapPassword) || !real.HasSmtpPassword(inbox.Settings.SmtpPassword))
                {
                    mismatch = $"account {k}: {inbox.Email} does not hold the passwords it was created with";
                    return false;
                }
            }
        }
        mismatch = "";
        return true;
    }

    public void Dispose()
    {
        foreach (var tenant in _tenants)
        {
            tenant.Dispose();
        }
    }
}
