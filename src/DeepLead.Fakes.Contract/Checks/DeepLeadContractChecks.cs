using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepLead.Fakes.Contract.Checks;

/// <summary>
/// A reusable contract check suite for any DeepLead server — the fake, or the real API — given its base URL
/// (ending in <c>/api/v1/</c>) and an API key. Every response also goes through <see cref="ContractValidatingHandler"/>,
/// so each check fails on schema drift as well as on its own expectations.
/// <para>
/// Read checks only read (and send requests that are rejected). Write checks create inboxes with unique, clearly
/// marked addresses (<c>contract-test-&lt;guid&gt;@deeplead-contract.test</c>) and leave them behind: the API has no
/// delete. Without <see cref="DeepLeadContractCheckOptions.PoolId"/> they go into a pool the API auto-creates for them.
/// </para>
/// <code>
/// using var checks = new DeepLeadContractChecks(new Uri("https://app.deeplead.com/api/v1/"), apiKey);
/// foreach (var result in await checks.RunReadChecksAsync()) Console.WriteLine(result);
/// </code>
/// Each check method returns a <see cref="ContractCheckResult"/> or throws a <see cref="ContractCheckException"/>
/// that says what was expected and what was seen; the <c>Run...Async</c> methods collect results instead of throwing.
/// </summary>
public sealed class DeepLeadContractChecks : IDisposable
{
    /// <summary>The domain of test addresses unless the options say otherwise.</summary>
    public const string DefaultTestAddressDomain = "deeplead-contract.test";

    /// <summary>Every address the write checks create starts with this.</summary>
    public const string TestAddressPrefix = "contract-test-";

    /// <summary>The password the write checks send (the inboxes are never used to send mail).</summary>
    public const string TestPassword = "contract-test-not-a-real-password";

    /// <summary>The daily sending limit the write checks ask for, to see it listed back.</summary>
    public const int TestDailySendingLimit = 3;

    private static readonly string[] DocumentedStatuses = ["active", "paused", "deactivated", "error"];
    private static readonly string[] ConnectionFields = ["imapHost", "imapPort", "smtpHost", "smtpPort"];

    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly DeepLeadContractCheckOptions _options;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly List<string> _createdAddresses = [];
    private string? _autoCreatedPoolId;

    public DeepLeadContractChecks(Uri baseUrl, string apiKey, DeepLeadContractCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The base URL must be absolute, e.g. https://app.deeplead.com/api/v1/.", nameof(baseUrl));
        }
        _options = options ?? new DeepLeadContractCheckOptions();
        _apiKey = apiKey;
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        var inner = _options.InnerHandler ?? new SocketsHttpHandler();
        if (!_options.DisposeInnerHandler && _options.InnerHandler is not null)
        {
            inner = new KeepAliveHandler(inner);
        }
        Contract = _options.Contract ?? DeepLeadContract.Default;
        _http = new HttpClient(new ContractValidatingHandler(Contract, inner), disposeHandler: true)
        {
            BaseAddress = BaseUrl,
            Timeout = _options.RequestTimeout,
        };
    }

    /// <summary>The API's base URL, ending in <c>/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The contract every response is validated against.</summary>
    public DeepLeadContract Contract { get; }

    /// <summary>The pool the write checks use: the configured one, else the one the API auto-created for them (null before).</summary>
    public string? PoolId => _options.PoolId ?? _autoCreatedPoolId;

    /// <summary>Every address the write checks have asked the API to create so far (created or not).</summary>
    public IReadOnlyList<string> TestAddresses
    {
        get
        {
            lock (_createdAddresses)
            {
                return [.. _createdAddresses];
            }
        }
    }

    /// <summary>A new unique, clearly marked test address: <c>contract-test-&lt;guid&gt;@deeplead-contract.test</c>.</summary>
    public static string NewTestAddress(string domain = DefaultTestAddressDomain) =>
        $"{TestAddressPrefix}{Guid.NewGuid():N}@{domain}";

    /// <summary>Whether an address is one the write checks make.</summary>
    public static bool IsTestAddress(string? address) =>
        address is not null && address.StartsWith(TestAddressPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The read-only checks, in the order they are best run.</summary>
    public IReadOnlyList<ContractCheck> ReadChecks =>
    [
        new("list-pools", false, ListPoolsAsync),
        new("list-inboxes-pagination", false, ListInboxesPaginationAsync),
        new("list-inboxes-filters", false, ListInboxesFiltersAsync),
        new("error-400-shape", false, BadRequestErrorShapeAsync),
        new("error-401-shape", false, UnauthorizedErrorShapeAsync),
        new("error-404-shape", false, NotFoundErrorShapeAsync),
    ];

    /// <summary>The checks that create inboxes, in the order they are best run.</summary>
    public IReadOnlyList<ContractCheck> WriteChecks =>
    [
        new("create-single", true, CreateSingleInboxAsync),
        new("create-batch-with-failing-item", true, CreateBatchWithFailingItemAsync),
        new("create-duplicate-409", true, DuplicateEmailConflictAsync),
    ];

    /// <summary>Runs every read check; never throws for a failed check (see each result).</summary>
    public Task<IReadOnlyList<ContractCheckResult>> RunReadChecksAsync(CancellationToken cancellationToken = default) =>
        RunAsync(ReadChecks, cancellationToken);

    /// <summary>Runs every write check; never throws for a failed check (see each result).</summary>
    public Task<IReadOnlyList<ContractCheckResult>> RunWriteChecksAsync(CancellationToken cancellationToken = default) =>
        RunAsync(WriteChecks, cancellationToken);

    /// <summary>Runs the given checks in order, collecting a result for each.</summary>
    public static async Task<IReadOnlyList<ContractCheckResult>> RunAsync(IEnumerable<ContractCheck> checks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var results = new List<ContractCheckResult>();
        foreach (var check in checks)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                results.Add(await check.RunAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (ContractCheckException exception)
            {
                results.Add(new ContractCheckResult(check.Name, false, exception.Message, clock.Elapsed, exception));
            }
        }
        return results;
    }

    // ---------------------------------------------------------------- read checks

    /// <summary><c>GET /pools</c>: 200, the documented shape, unique ids.</summary>
    public Task<ContractCheckResult> ListPoolsAsync(CancellationToken cancellationToken = default) =>
        RunCheckAsync("list-pools", async check =>
        {
            var reply = await check.SendAsync(HttpMethod.Get, "pools", cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(reply, 200);
            var pools = reply.Json.GetProperty("pools").EnumerateArray().ToList();
            var ids = pools.Select(p => p.GetProperty("id").GetString()!).ToList();
            var repeated = ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            check.Expect(repeated.Count == 0, "every pool id once", () => $"repeated ids {string.Join(", ", repeated)}");
            var inboxes = pools.Sum(p => p.GetProperty("inboxCount").GetInt64());
            return $"{pools.Count} pool(s) with {inboxes} inbox(es) in all, each with exactly id, name, inboxCount, createdAt; ids unique";
        });

    /// <summary>
    /// <c>GET /inboxes</c> paged: the documented default page (limit 100, skip 0), a walk through every page with
    /// consistent pagination (limit and skip echoed, <c>hasMore</c> right, no inbox twice, all <c>total</c> seen),
    /// and an empty page past the end.
    /// </summary>
    public Task<ContractCheckResult> ListInboxesPaginationAsync(CancellationToken cancellationToken = default) =>
        RunCheckAsync("list-inboxes-pagination", async check =>
        {
            var defaults = await check.SendAsync(HttpMethod.Get, "inboxes", cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(defaults, 200);
            var defaultPage = Page.Read(defaults.Json);
            check.Expect(defaultPage.Limit == 100, "pagination.limit 100 without a limit parameter (documented default)", () => defaultPage.Limit.ToString(CultureInfo.InvariantCulture));
            check.Expect(defaultPage.Skip == 0, "pagination.skip 0 without a skip parameter", () => defaultPage.Skip.ToString(CultureInfo.InvariantCulture));
            check.ExpectConsistent(defaultPage, "GET inboxes");

            var total = defaultPage.Total;
            var pageSize = (int)Math.Clamp((total + 3) / 4, 1, 1000);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long skip = 0;
            var pages = 0;
            var complete = false;
            while (pages < _options.MaxPages)
            {
                var path = $"inboxes?limit={pageSize}&skip={skip}";
                var reply = await check.SendAsync(HttpMethod.Get, path, cancellationToken: cancellationToken).ConfigureAwait(false);
                check.ExpectStatus(reply, 200);
                var page = Page.Read(reply.Json);
                pages++;
                check.Expect(page.Limit == pageSize, $"pagination.limit {pageSize} echoed by GET {path}", () => page.Limit.ToString(CultureInfo.InvariantCulture));
                check.Expect(page.Skip == skip, $"pagination.skip {skip} echoed by GET {path}", () => page.Skip.ToString(CultureInfo.InvariantCulture));
                check.ExpectConsistent(page, $"GET {path}");
                foreach (var id in page.Ids)
                {
                    check.Expect(seen.Add(id), $"each inbox once across the pages", () => $"inbox {id} again on GET {path}");
                }
                if (!page.HasMore)
                {
                    complete = true;
                    total = page.Total;
                    break;
                }
                check.Expect(page.Ids.Count > 0, $"a non-empty page while hasMore is true (GET {path})", () => "an empty page");
                skip += page.Ids.Count;
            }
            if (complete)
            {
                check.Expect(seen.Count == total, $"the walk to see all {total} inbox(es) (pagination.total)", () => $"{seen.Count} distinct inbox(es)");
            }

            var beyond = $"inboxes?limit={pageSize}&skip={total}";
            var end = await check.SendAsync(HttpMethod.Get, beyond, cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(end, 200);
            var endPage = Page.Read(end.Json);
            check.Expect(endPage.Ids.Count == 0 && !endPage.HasMore, $"no inboxes and hasMore false past the end (GET {beyond})",
                () => $"{endPage.Ids.Count} inbox(es), hasMore {endPage.HasMore}");

            return complete
                ? $"walked {pages} page(s) of {pageSize}: all {total} inbox(es) once each, pagination consistent; default limit 100; empty page past the end"
                : $"walked the first {pages} page(s) of {pageSize} ({seen.Count} of {total} inboxes; stopped at MaxPages), pagination consistent; default limit 100; empty page past the end";
        });

    /// <summary>
    /// <c>GET /inboxes</c> filtered: each documented status returns only inboxes of that status and together they
    /// cover the total; each pool's filter returns only its inboxes, as many as its <c>inboxCount</c>; filters combine.
    /// </summary>
    public Task<ContractCheckResult> ListInboxesFiltersAsync(CancellationToken cancellationToken = default) =>
        RunCheckAsync("list-inboxes-filters", async check =>
        {
            var all = await check.SendAsync(HttpMethod.Get, "inboxes?limit=1", cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(all, 200);
            var total = Page.Read(all.Json).Total;

            long byStatus = 0;
            var statusCounts = new List<string>();
            foreach (var status in DocumentedStatuses)
            {
                var path = $"inboxes?status={status}&limit=1000";
                var reply = await check.SendAsync(HttpMethod.Get, path, cancellationToken: cancellationToken).ConfigureAwait(false);
                check.ExpectStatus(reply, 200);
                var page = Page.Read(reply.Json);
                var others = page.Inboxes.Where(i => i.GetProperty("status").GetString() != status).Select(i => i.GetProperty("id").GetString()).ToList();
                check.Expect(others.Count == 0, $"only status '{status}' from GET {path}", () => $"other statuses on {string.Join(", ", others)}");
                byStatus += page.Total;
                statusCounts.Add($"{status} {page.Total}");
            }
            check.Expect(byStatus == total, $"the four documented statuses to cover all {total} inbox(es)", () => $"{byStatus} ({string.Join(", ", statusCounts)})");

            var poolsReply = await check.SendAsync(HttpMethod.Get, "pools", cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(poolsReply, 200);
            var pools = poolsReply.Json.GetProperty("pools").EnumerateArray()
                .Select(p => (Id: p.GetProperty("id").GetString()!, Count: p.GetProperty("inboxCount").GetInt64()))
                .ToList();
            long byPool = 0;
            foreach (var pool in pools.Take(_options.MaxPoolsToFilter))
            {
                var path = $"inboxes?poolId={pool.Id}&limit=1000";
                var reply = await check.SendAsync(HttpMethod.Get, path, cancellationToken: cancellationToken).ConfigureAwait(false);
                check.ExpectStatus(reply, 200);
                var page = Page.Read(reply.Json);
                var strays = page.Inboxes.Where(i => i.GetProperty("poolId").GetString() != pool.Id).Select(i => i.GetProperty("id").GetString()).ToList();
                check.Expect(strays.Count == 0, $"only inboxes of pool {pool.Id} from GET {path}", () => $"inboxes of other pools: {string.Join(", ", strays)}");
                check.Expect(page.Total == pool.Count, $"pagination.total of GET {path} to equal the pool's inboxCount {pool.Count}", () => page.Total.ToString(CultureInfo.InvariantCulture));
                byPool += page.Total;
            }
            var allPoolsChecked = pools.Count <= _options.MaxPoolsToFilter;
            if (allPoolsChecked)
            {
                check.Expect(byPool == total, $"the pools' inboxes to add up to all {total} inbox(es)", () => byPool.ToString(CultureInfo.InvariantCulture));
            }

            var combined = "";
            if (pools.Count > 0)
            {
                var pool = pools[0];
                var path = $"inboxes?poolId={pool.Id}&status=active&limit=1000";
                var reply = await check.SendAsync(HttpMethod.Get, path, cancellationToken: cancellationToken).ConfigureAwait(false);
                check.ExpectStatus(reply, 200);
                var page = Page.Read(reply.Json);
                var wrong = page.Inboxes
                    .Where(i => i.GetProperty("poolId").GetString() != pool.Id || i.GetProperty("status").GetString() != "active")
                    .Select(i => i.GetProperty("id").GetString()).ToList();
                check.Expect(wrong.Count == 0, $"only active inboxes of pool {pool.Id} from GET {path}", () => string.Join(", ", wrong));
                check.Expect(page.Total <= pool.Count, $"no more than the pool's {pool.Count} inbox(es) from GET {path}", () => page.Total.ToString(CultureInfo.InvariantCulture));
                combined = $"; poolId+status combine ({page.Total} active in {pool.Id})";
            }

            return $"status filters cover all {total} inbox(es) ({string.Join(", ", statusCounts)}); "
                + (pools.Count == 0
                    ? "no pools to filter by"
                    : $"{Math.Min(pools.Count, _options.MaxPoolsToFilter)} pool filter(s) match their inboxCount{(allPoolsChecked ? " and add up to the total" : "")}")
                + combined;
        });

    /// <summary>An invalid <c>status</c> filter: 400 in the documented error shape.</summary>
    public Task<ContractCheckResult> BadRequestErrorShapeAsync(CancellationToken cancellationToken = default) =>
        RunCheckAsync("error-400-shape", async check =>
        {
            var reply = await check.SendAsync(HttpMethod.Get, "inboxes?status=not-a-documented-status", cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(reply, 400);
            return $"400 {Quote(reply.Json.GetProperty("error").GetString())}{DetailsText(reply.Json)}";
        });

    /// <summary>No key, and an unknown key: 401 in the documented error shape.</summary>
    public Task<ContractCheckResult> UnauthorizedErrorShapeAsync(CancellationToken cancellationToken = default) =>
        RunCheckAsync("error-401-shape", async check =>
        {
            var missing = await check.SendAsync(HttpMethod.Get, "pools", auth: Auth.None, cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(missing, 401);
            var invalid = await check.SendAsync(HttpMethod.Get, "pools", auth: Auth.Invalid, cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(invalid, 401);
            return $"no key: 401 {Quote(missing.Json.GetProperty("error").GetString())}; unknown key: 401 {Quote(invalid.Json.GetProperty("error").GetString())}";
        });

    /// <summary>A well-formed pool id that does not exist as a filter: 404 in the documented error shape.</summary>
    public Task<ContractCheckResult> NotFoundErrorShapeAsync(CancellationToken cancellationToken = default) =>
        RunCheckAsync("error-404-shape", async check =>
        {
            var path = $"inboxes?poolId={RandomObjectId()}";
            var reply = await check.SendAsync(HttpMethod.Get, path, cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(reply, 404);
            return $"GET {path}: 404 {Quote(reply.Json.GetProperty("error").GetString())}";
        });

    // ---------------------------------------------------------------- write checks

    /// <summary>
    /// One inbox (provider google, no hosts): 200 with one created result, the four connection fields auto-filled,
    /// an auto-created pool exactly when no pool was given; then the inbox is listed in its pool as sent.
    /// </summary>
    public Task<ContractCheckResult> CreateSingleInboxAsync(CancellationToken cancellationToken = default) =>
        RunWriteCheckAsync("create-single", async check =>
        {
            var address = NewAddress();
            var poolId = PoolId;
            var reply = await check.SendAsync(HttpMethod.Post, "inboxes", NewItem(address, poolId).ToJsonString(), cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(reply, 200);
            var result = check.ReadCreateResult(reply, total: 1, created: 1);
            var item = result.Items[0];
            check.ExpectCreated(item, address, 0);
            var filled = item.TryGetProperty("autoFilledFields", out var fields)
                ? fields.EnumerateArray().Select(f => f.GetString()!).Order(StringComparer.Ordinal).ToList()
                : [];
            check.Expect(filled.SequenceEqual(ConnectionFields.Order(StringComparer.Ordinal)),
                $"autoFilledFields {string.Join(", ", ConnectionFields)} (provider google, no hosts or ports given)",
                () => filled.Count == 0 ? "none" : string.Join(", ", filled));
            var pool = check.ExpectAutoCreatedPool(result, poolId, this);

            var inboxId = item.GetProperty("inboxId").GetString()!;
            var listed = await check.FindInboxAsync(pool.Id, inboxId, cancellationToken).ConfigureAwait(false);
            check.Expect(listed is not null, $"inbox {inboxId} listed by GET inboxes?poolId={pool.Id}", () => "it is not there");
            check.ExpectListedAsSent(listed!.Value, address, pool.Id);

            var pools = await check.SendAsync(HttpMethod.Get, "pools", cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(pools, 200);
            var listedPool = pools.Json.GetProperty("pools").EnumerateArray().FirstOrDefault(p => p.GetProperty("id").GetString() == pool.Id);
            check.Expect(listedPool.ValueKind == JsonValueKind.Object, $"pool {pool.Id} listed by GET pools", () => "it is not there");
            check.Expect(listedPool.GetProperty("inboxCount").GetInt64() >= 1, $"pool {pool.Id} to count the new inbox", () => $"inboxCount {listedPool.GetProperty("inboxCount").GetInt64()}");
            if (pool.AutoName is { } name)
            {
                check.Expect(listedPool.GetProperty("name").GetString() == name, $"the auto-created pool listed as {Quote(name)}", () => Quote(listedPool.GetProperty("name").GetString()));
            }

            return $"created {address} as {inboxId} in {(pool.AutoName is null ? "pool" : $"auto-created pool {Quote(pool.AutoName)}")} {pool.Id}; "
                + $"autoFilledFields {string.Join(", ", filled)}; listed with dailySendingLimit {TestDailySendingLimit}";
        });

    /// <summary>
    /// A batch of a good item and an item for a pool that does not exist: 200, <c>success</c> false, summary 2/1/1,
    /// the good item created and listed, the other failed with an error and no inbox id.
    /// </summary>
    public Task<ContractCheckResult> CreateBatchWithFailingItemAsync(CancellationToken cancellationToken = default) =>
        RunWriteCheckAsync("create-batch-with-failing-item", async check =>
        {
            var good = NewAddress();
            var bad = NewAddress();
            var missingPool = RandomObjectId();
            var poolId = PoolId;
            var body = new JsonArray(NewItem(good, poolId), NewItem(bad, missingPool)).ToJsonString();
            var reply = await check.SendAsync(HttpMethod.Post, "inboxes", body, cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(reply, 200);
            var result = check.ReadCreateResult(reply, total: 2, created: 1);
            check.ExpectCreated(result.Items[0], good, 0);
            var failed = result.Items[1];
            check.Expect(!failed.GetProperty("success").GetBoolean(), $"results[1] (pool {missingPool} does not exist) to fail", () => "success true");
            check.Expect(!failed.TryGetProperty("inboxId", out _), "no inboxId on the failed item", () => failed.GetRawText());
            check.Expect(failed.TryGetProperty("error", out var error) && !string.IsNullOrWhiteSpace(error.GetString()), "an error message on the failed item", () => failed.GetRawText());
            if (failed.TryGetProperty("emailAddress", out var failedAddress))
            {
                check.Expect(string.Equals(failedAddress.GetString(), bad, StringComparison.OrdinalIgnoreCase), $"results[1].emailAddress {bad}", () => Quote(failedAddress.GetString()));
            }
            var pool = check.ExpectAutoCreatedPool(result, poolId, this);

            var inboxId = result.Items[0].GetProperty("inboxId").GetString()!;
            var listed = await check.FindInboxAsync(pool.Id, inboxId, cancellationToken).ConfigureAwait(false);
            check.Expect(listed is not null, $"the created inbox {inboxId} listed by GET inboxes?poolId={pool.Id}", () => "it is not there");
            check.ExpectListedAsSent(listed!.Value, good, pool.Id);

            return $"batch of 2: {good} created as {inboxId}, {bad} failed with {Quote(error.GetString())}; summary 2/1/1, success false";
        });

    /// <summary>The same address twice as single objects: 200, then 409 in the documented error shape, and one inbox.</summary>
    public Task<ContractCheckResult> DuplicateEmailConflictAsync(CancellationToken cancellationToken = default) =>
        RunWriteCheckAsync("create-duplicate-409", async check =>
        {
            var address = NewAddress();
            var poolId = PoolId;
            var first = await check.SendAsync(HttpMethod.Post, "inboxes", NewItem(address, poolId).ToJsonString(), cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(first, 200);
            var result = check.ReadCreateResult(first, total: 1, created: 1);
            check.ExpectCreated(result.Items[0], address, 0);
            var pool = check.ExpectAutoCreatedPool(result, poolId, this);

            var again = await check.SendAsync(HttpMethod.Post, "inboxes", NewItem(address, pool.Id).ToJsonString(), cancellationToken: cancellationToken).ConfigureAwait(false);
            check.ExpectStatus(again, 409);

            var copies = await check.CountInPoolAsync(pool.Id, address, cancellationToken).ConfigureAwait(false);
            check.Expect(copies == 1, $"exactly one inbox {address} in pool {pool.Id}", () => copies.ToString(CultureInfo.InvariantCulture));
            return $"{address}: 200 then 409 {Quote(again.Json.GetProperty("error").GetString())}; one inbox listed";
        });

    public void Dispose()
    {
        _http.Dispose();
        _writeGate.Dispose();
    }

    // ---------------------------------------------------------------- plumbing

    private async Task<ContractCheckResult> RunCheckAsync(string name, Func<CheckRun, Task<string>> body)
    {
        var clock = Stopwatch.StartNew();
        var run = new CheckRun(name, this);
        try
        {
            var summary = await body(run).ConfigureAwait(false);
            return new ContractCheckResult(name, true, summary, clock.Elapsed);
        }
        catch (ContractCheckException)
        {
            throw;
        }
        catch (ContractViolationException exception)
        {
            throw new ContractCheckException(name, $"the response does not match the contract.{Environment.NewLine}{exception.Message}", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new ContractCheckException(name, $"the request failed: {exception.Message}", exception);
        }
        catch (TaskCanceledException exception) when (exception.InnerException is TimeoutException)
        {
            throw new ContractCheckException(name, $"the request timed out after {_options.RequestTimeout.TotalSeconds:0} s", exception);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ContractCheckException(name, $"the response could not be read as documented: {exception.Message}", exception);
        }
    }

    private async Task<ContractCheckResult> RunWriteCheckAsync(string name, Func<CheckRun, Task<string>> body)
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            return await RunCheckAsync(name, body).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private string NewAddress()
    {
        var address = NewTestAddress(_options.TestAddressDomain);
        lock (_createdAddresses)
        {
            _createdAddresses.Add(address);
        }
        return address;
    }

    private static JsonObject NewItem(string address, string? poolId)
    {
        var item = new JsonObject
        {
            ["emailAddress"] = address,
            ["imapPassword"] = TestPassword,
            ["provider"] = "google",
            ["dailySendingLimit"] = TestDailySendingLimit,
            ["skipConnectionTest"] = true,
        };
        if (poolId is not null)
        {
            item["poolId"] = poolId;
        }
        return item;
    }

    private static string RandomObjectId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    private static string Quote(string? text) => text is null ? "null" : JsonSerializer.Serialize(text);

    private static string DetailsText(JsonElement error) =>
        error.TryGetProperty("details", out var details)
            ? " (details: " + string.Join("; ", details.EnumerateArray().Select(d => $"{d.GetProperty("field").GetString()} {d.GetProperty("message").GetString()}")) + ")"
            : "";

    private enum Auth
    {
        Key,
        None,
        Invalid,
    }

    private sealed record Reply(string Request, int Status, string Body, JsonElement Json);

    private sealed record CreateResult(JsonElement Json, IReadOnlyList<JsonElement> Items);

    private sealed record PoolUse(string Id, string? AutoName);

    private sealed record Page(long Total, long Limit, long Skip, bool HasMore, IReadOnlyList<JsonElement> Inboxes, IReadOnlyList<string> Ids)
    {
        public static Page Read(JsonElement json)
        {
            var pagination = json.GetProperty("pagination");
            var inboxes = json.GetProperty("inboxes").EnumerateArray().ToList();
            return new Page(
                pagination.GetProperty("total").GetInt64(),
                pagination.GetProperty("limit").GetInt64(),
                pagination.GetProperty("skip").GetInt64(),
                pagination.GetProperty("hasMore").GetBoolean(),
                inboxes,
                [.. inboxes.Select(i => i.GetProperty("id").GetString()!)]);
        }
    }

    /// <summary>One run of one check: its name for messages, and the requests and expectations it makes.</summary>
    private sealed class CheckRun(string name, DeepLeadContractChecks owner)
    {
        public void Expect(bool condition, string expectation, Func<string> seen)
        {
            if (!condition)
            {
                throw new ContractCheckException(name, $"expected {expectation}, seen {seen()}");
            }
        }

        public void ExpectStatus(Reply reply, int status) =>
            Expect(reply.Status == status, $"status {status} from {reply.Request}", () => $"{reply.Status} with body {DeepLeadContract.Excerpt(reply.Body, 300)}");

        public void ExpectConsistent(Page page, string request)
        {
            Expect(page.Ids.Count <= page.Limit, $"at most limit={page.Limit} inboxes from {request}", () => page.Ids.Count.ToString(CultureInfo.InvariantCulture));
            var expectedCount = Math.Max(0, Math.Min(page.Limit, page.Total - page.Skip));
            Expect(page.Ids.Count == expectedCount, $"{expectedCount} inbox(es) from {request} (total {page.Total}, skip {page.Skip}, limit {page.Limit})", () => page.Ids.Count.ToString(CultureInfo.InvariantCulture));
            var hasMore = page.Skip + page.Ids.Count < page.Total;
            Expect(page.HasMore == hasMore, $"hasMore {hasMore.ToString().ToLowerInvariant()} from {request} (skip + returned < total)", () => page.HasMore.ToString().ToLowerInvariant());
        }

        public CreateResult ReadCreateResult(Reply reply, int total, int created)
        {
            var json = reply.Json;
            var items = json.GetProperty("results").EnumerateArray().ToList();
            var summary = json.GetProperty("summary");
            var (t, c, f) = (summary.GetProperty("total").GetInt64(), summary.GetProperty("created").GetInt64(), summary.GetProperty("failed").GetInt64());
            Expect(t == total && c == created && f == total - created, $"summary total {total}, created {created}, failed {total - created}", () => $"total {t}, created {c}, failed {f}");
            Expect(items.Count == total, $"{total} result(s), one per item in request order", () => items.Count.ToString(CultureInfo.InvariantCulture));
            var succeeded = items.Count(i => i.GetProperty("success").GetBoolean());
            Expect(succeeded == created, $"{created} result(s) with success true", () => succeeded.ToString(CultureInfo.InvariantCulture));
            var success = json.GetProperty("success").GetBoolean();
            Expect(success == (created == total), $"success {(created == total).ToString().ToLowerInvariant()} (true only when every item was created)", () => success.ToString().ToLowerInvariant());
            return new CreateResult(json, items);
        }

        public void ExpectCreated(JsonElement item, string address, int index)
        {
            Expect(item.GetProperty("success").GetBoolean(), $"results[{index}] ({address}) created", () => item.GetRawText());
            Expect(item.TryGetProperty("emailAddress", out var email) && string.Equals(email.GetString(), address, StringComparison.OrdinalIgnoreCase),
                $"results[{index}].emailAddress {address}", () => item.GetRawText());
            Expect(item.TryGetProperty("inboxId", out _), $"results[{index}].inboxId", () => item.GetRawText());
        }

        public PoolUse ExpectAutoCreatedPool(CreateResult result, string? poolId, DeepLeadContractChecks checks)
        {
            var hasAuto = result.Json.TryGetProperty("autoCreatedPool", out var auto);
            if (poolId is not null)
            {
                Expect(!hasAuto, $"no autoCreatedPool when poolId {poolId} was given", () => auto.GetRawText());
                return new PoolUse(poolId, null);
            }
            Expect(hasAuto, "autoCreatedPool when no poolId was given", () => "none");
            var id = auto.GetProperty("id").GetString()!;
            checks._autoCreatedPoolId ??= id;
            return new PoolUse(id, auto.GetProperty("name").GetString());
        }

        public void ExpectListedAsSent(JsonElement inbox, string address, string poolId)
        {
            Expect(string.Equals(inbox.GetProperty("emailAddress").GetString(), address, StringComparison.OrdinalIgnoreCase), $"emailAddress {address} listed", () => inbox.GetRawText());
            Expect(inbox.GetProperty("poolId").GetString() == poolId, $"poolId {poolId} listed", () => inbox.GetRawText());
            Expect(inbox.GetProperty("dailySendingLimit").GetInt64() == TestDailySendingLimit, $"dailySendingLimit {TestDailySendingLimit} listed (as sent)", () => inbox.GetRawText());
        }

        public async Task<JsonElement?> FindInboxAsync(string poolId, string inboxId, CancellationToken cancellationToken)
        {
            JsonElement? found = null;
            await WalkPoolAsync(poolId, inbox =>
            {
                if (inbox.GetProperty("id").GetString() == inboxId)
                {
                    found = inbox;
                    return false;
                }
                return true;
            }, cancellationToken).ConfigureAwait(false);
            return found;
        }

        public async Task<int> CountInPoolAsync(string poolId, string address, CancellationToken cancellationToken)
        {
            var count = 0;
            await WalkPoolAsync(poolId, inbox =>
            {
                if (string.Equals(inbox.GetProperty("emailAddress").GetString(), address, StringComparison.OrdinalIgnoreCase))
                {
                    count++;
                }
                return true;
            }, cancellationToken).ConfigureAwait(false);
            return count;
        }

        private async Task WalkPoolAsync(string poolId, Func<JsonElement, bool> visit, CancellationToken cancellationToken)
        {
            long skip = 0;
            for (var pages = 0; pages < owner._options.MaxPages; pages++)
            {
                var reply = await SendAsync(HttpMethod.Get, $"inboxes?poolId={poolId}&limit=1000&skip={skip}", cancellationToken: cancellationToken).ConfigureAwait(false);
                ExpectStatus(reply, 200);
                var page = Page.Read(reply.Json);
                foreach (var inbox in page.Inboxes)
                {
                    if (!visit(inbox))
                    {
                        return;
                    }
                }
                if (!page.HasMore || page.Ids.Count == 0)
                {
                    return;
                }
                skip += page.Ids.Count;
            }
        }

        public async Task<Reply> SendAsync(HttpMethod method, string relative, string? json = null, Auth auth = Auth.Key, CancellationToken cancellationToken = default)
        {
            using var request = new HttpRequestMessage(method, relative);
            switch (auth)
            {
                case Auth.Key:
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner._apiKey);
                    break;
                case Auth.Invalid:
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "dl_contract_check_unknown_" + Guid.NewGuid().ToString("N"));
                    break;
            }
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }
            var description = $"{method.Method} {relative}";
            using var response = await owner._http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            return new Reply(description, (int)response.StatusCode, body, document.RootElement.Clone());
        }
    }

    /// <summary>Passes requests on but leaves the inner handler undisposed (it belongs to the caller).</summary>
    private sealed class KeepAliveHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing)
        {
            // The inner handler is the caller's: not disposed here.
        }
    }
}
