using DeepLead.Fakes.Contract.Checks;
using DeepLead.Fakes.Contract.Tests.Support;
using static DeepLead.Fakes.Contract.Tests.Support.TestFakes;

namespace DeepLead.Fakes.Contract.Tests;

/// <summary>
/// The contract suite (<see cref="DeepLeadContractChecks"/>) against the fake by default; against a real server when
/// DEEPLEAD_BASE_URL and DEEPLEAD_API_KEY are set (writes only with DEEPLEAD_CONTRACT_WRITES=1 as well). Against the
/// fake each test also pins what the default scenario makes certain.
/// </summary>
public sealed class ContractSuiteTests
{
    private static async Task<ContractCheckResult> RunAsync(ContractTarget target, Func<DeepLeadContractChecks, Task<ContractCheckResult>> check)
    {
        using var checks = target.CreateChecks();
        var result = await check(checks);
        TestContext.Current.TestOutputHelper?.WriteLine($"{target}: {result}");
        Assert.True(result.Passed, result.ToString());
        return result;
    }

    [Fact]
    public async Task List_pools()
    {
        await using var target = await ContractTarget.ForReadsAsync();

        var result = await RunAsync(target, c => c.ListPoolsAsync(Ct));

        if (target.Fake is not null)
        {
            Assert.StartsWith("1 pool(s) with 10 inbox(es)", result.Summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task List_inboxes_walks_every_page()
    {
        await using var target = await ContractTarget.ForReadsAsync();

        var result = await RunAsync(target, c => c.ListInboxesPaginationAsync(Ct));

        if (target.Fake is not null)
        {
            // 10 inboxes, pages of ceil(10 / 4) = 3: 3 + 3 + 3 + 1.
            Assert.StartsWith("walked 4 page(s) of 3: all 10 inbox(es) once each", result.Summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task List_inboxes_filters()
    {
        await using var target = await ContractTarget.ForReadsAsync();

        var result = await RunAsync(target, c => c.ListInboxesFiltersAsync(Ct));

        if (target.Fake is not null)
        {
            Assert.Contains("active 7, paused 1, deactivated 1, error 1", result.Summary, StringComparison.Ordinal);
            Assert.Contains("1 pool filter(s) match their inboxCount and add up to the total", result.Summary, StringComparison.Ordinal);
            Assert.Contains("(7 active in 507f1f77bcf86cd799439011)", result.Summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Error_400_has_the_documented_shape()
    {
        await using var target = await ContractTarget.ForReadsAsync();

        var result = await RunAsync(target, c => c.BadRequestErrorShapeAsync(Ct));

        if (target.Fake is not null)
        {
            Assert.StartsWith("400 \"Validation failed\" (details: status must be one of", result.Summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Error_401_has_the_documented_shape()
    {
        await using var target = await ContractTarget.ForReadsAsync();

        var result = await RunAsync(target, c => c.UnauthorizedErrorShapeAsync(Ct));

        Assert.StartsWith("no key: 401 ", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_404_has_the_documented_shape()
    {
        await using var target = await ContractTarget.ForReadsAsync();

        var result = await RunAsync(target, c => c.NotFoundErrorShapeAsync(Ct));

        if (target.Fake is not null)
        {
            Assert.EndsWith("404 \"Pool not found\"", result.Summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Create_single_inbox()
    {
        await using var target = await ContractTarget.ForWritesAsync();
        using var checks = target.CreateChecks();

        var result = await checks.CreateSingleInboxAsync(Ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"{target}: {result}");
        Assert.True(result.Passed, result.ToString());
        var address = Assert.Single(checks.TestAddresses);
        Assert.Matches("^contract-test-[0-9a-f]{32}@deeplead-contract\\.test$", address);
        Assert.NotNull(checks.PoolId);
        if (target.Fake is { } fake)
        {
            var inbox = Assert.Single(fake.Inboxes, i => i.EmailAddress == address);
            Assert.Equal(checks.PoolId, inbox.PoolId);
            Assert.Equal("google", inbox.Provider);
            Assert.True(inbox.HasImapPassword(DeepLeadContractChecks.TestPassword));
            Assert.Contains(fake.Pools, p => p.Id == checks.PoolId && p.Name == "API Pool - 2024-01-15" && p.InboxCount == 1);
        }
    }

    [Fact]
    public async Task Create_batch_with_a_failing_item()
    {
        await using var target = await ContractTarget.ForWritesAsync();
        using var checks = target.CreateChecks();

        var result = await checks.CreateBatchWithFailingItemAsync(Ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"{target}: {result}");
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(2, checks.TestAddresses.Count);
        if (target.Fake is { } fake)
        {
            Assert.Contains("failed with \"Pool not found\"", result.Summary, StringComparison.Ordinal);
            Assert.Single(fake.Inboxes, i => i.EmailAddress == checks.TestAddresses[0]);
            Assert.DoesNotContain(fake.Inboxes, i => i.EmailAddress == checks.TestAddresses[1]);
        }
    }

    [Fact]
    public async Task Create_duplicate_answers_409()
    {
        await using var target = await ContractTarget.ForWritesAsync();
        using var checks = target.CreateChecks();

        var result = await checks.DuplicateEmailConflictAsync(Ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"{target}: {result}");
        Assert.True(result.Passed, result.ToString());
        if (target.Fake is { } fake)
        {
            Assert.Contains("409 \"Email already exists\"", result.Summary, StringComparison.Ordinal);
            Assert.Single(fake.Inboxes, i => i.EmailAddress == checks.TestAddresses[0]);
        }
    }

    [Fact]
    public async Task Whole_suite_passes_in_order_and_reuses_one_pool_for_all_writes()
    {
        await using var reads = await ContractTarget.ForReadsAsync();
        await using var writes = await ContractTarget.ForWritesAsync();
        using var readChecks = reads.CreateChecks();
        using var writeChecks = writes.CreateChecks();

        var results = (await readChecks.RunReadChecksAsync(Ct)).Concat(await writeChecks.RunWriteChecksAsync(Ct)).ToList();

        foreach (var result in results)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(result.ToString());
        }
        Assert.Equal(
            ["list-pools", "list-inboxes-pagination", "list-inboxes-filters", "error-400-shape", "error-401-shape", "error-404-shape",
             "create-single", "create-batch-with-failing-item", "create-duplicate-409"],
            results.Select(r => r.Check));
        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
        if (writes.Fake is { } fake)
        {
            // One auto-created pool holds the 3 created test inboxes; the failed batch item left nothing.
            var pool = Assert.Single(fake.Pools, p => p.Id == writeChecks.PoolId);
            Assert.Equal(3, pool.InboxCount);
            Assert.Equal(2, fake.Pools.Count);
            Assert.Equal(3, fake.Inboxes.Count(i => DeepLeadContractChecks.IsTestAddress(i.EmailAddress)));
        }
    }

    [Fact]
    public async Task Write_checks_use_the_configured_pool_and_then_no_pool_is_auto_created()
    {
        // Always against the fake: it proves the PoolId option, whatever the environment says.
        await using var fake = await StartDefaultAsync();
        using var checks = new DeepLeadContractChecks(fake.BaseAddress, DocumentedApiKey, new DeepLeadContractCheckOptions { PoolId = DocumentedPoolId });

        var results = await checks.RunWriteChecksAsync(Ct);

        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
        Assert.Single(fake.Pools);
        Assert.Equal(13, fake.Pools[0].InboxCount);
    }

    [Fact]
    public async Task A_server_that_drifts_from_the_schema_fails_the_check_with_the_drift_in_the_message()
    {
        var stub = new StubHandler(200, """{"pools": [{"id": "507f1f77bcf86cd799439011", "name": "Main Pool", "createdAt": "2024-01-15T10:30:00Z"}]}""");
        using var checks = new DeepLeadContractChecks(new Uri("http://stub.invalid/api/v1"), "dl_x", new DeepLeadContractCheckOptions { InnerHandler = stub });

        var exception = await Assert.ThrowsAsync<ContractCheckException>(() => checks.ListPoolsAsync(Ct));

        Assert.Equal("list-pools", exception.Check);
        Assert.IsType<ContractViolationException>(exception.InnerException);
        Assert.Contains("Contract check 'list-pools' failed: the response does not match the contract.", exception.Message, StringComparison.Ordinal);
        Assert.Contains("missing field at /pools/0/inboxCount (Pool): expected integer >= 0, seen nothing", exception.Message, StringComparison.Ordinal);
        Assert.Equal(["GET /api/v1/pools"], stub.Requests);
    }

    [Fact]
    public async Task A_server_whose_pagination_lies_fails_the_walk_readably()
    {
        // Valid by the schema, wrong by the numbers: total 5 but no inbox on the first page.
        var stub = new StubHandler(200, """{"inboxes": [], "pagination": {"total": 5, "limit": 100, "skip": 0, "hasMore": false}}""");
        using var checks = new DeepLeadContractChecks(new Uri("http://stub.invalid/api/v1/"), "dl_x", new DeepLeadContractCheckOptions { InnerHandler = stub });

        var results = await DeepLeadContractChecks.RunAsync([checks.ReadChecks.Single(c => c.Name == "list-inboxes-pagination")], Ct);

        var result = Assert.Single(results);
        Assert.False(result.Passed);
        Assert.IsType<ContractCheckException>(result.Failure);
        Assert.Equal(
            "FAIL list-inboxes-pagination",
            result.ToString()[..result.ToString().IndexOf(" (", StringComparison.Ordinal)]);
        Assert.Contains("expected 5 inbox(es) from GET inboxes (total 5, skip 0, limit 100), seen 0", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_accepts_a_duplicate_fails_the_409_check()
    {
        // Every POST succeeds (in the documented shape) and every list is empty: the 409 never comes.
        var stub = new StubHandler(request => request.Method == HttpMethod.Post
            ? (200, "application/json", """
                {"success": true, "summary": {"total": 1, "created": 1, "failed": 0},
                 "autoCreatedPool": {"id": "65a5000000000000000000aa", "name": "API Pool - 2024-01-15"},
                 "results": [{"emailAddress": "%ADDRESS%", "success": true, "inboxId": "65a5000000000000000000ab"}]}
                """.Replace("%ADDRESS%", EmailIn(request), StringComparison.Ordinal))
            : (200, "application/json", """{"inboxes": [], "pagination": {"total": 0, "limit": 1000, "skip": 0, "hasMore": false}}"""));
        using var checks = new DeepLeadContractChecks(new Uri("http://stub.invalid/api/v1/"), "dl_x", new DeepLeadContractCheckOptions { InnerHandler = stub });

        var exception = await Assert.ThrowsAsync<ContractCheckException>(() => checks.DuplicateEmailConflictAsync(Ct));

        Assert.Contains("expected status 409 from POST inboxes, seen 200", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_addresses_are_unique_and_clearly_marked()
    {
        var addresses = Enumerable.Range(0, 50).Select(_ => DeepLeadContractChecks.NewTestAddress()).ToList();

        Assert.Equal(50, addresses.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(addresses, a => Assert.Matches("^contract-test-[0-9a-f]{32}@deeplead-contract\\.test$", a));
        Assert.All(addresses, a => Assert.True(DeepLeadContractChecks.IsTestAddress(a)));
        Assert.False(DeepLeadContractChecks.IsTestAddress("sales@company.com"));
    }

    [Fact]
    public void Environment_selects_the_fake_unless_url_and_key_are_set()
    {
        static Func<string, string?> Env(params (string Name, string Value)[] values) =>
            name => values.FirstOrDefault(v => v.Name == name).Value;

        Assert.Null(ContractTarget.RemoteFrom(Env(), writes: false));
        Assert.Null(ContractTarget.RemoteFrom(Env(), writes: true));

        var remote = Env((ContractTarget.BaseUrlVariable, "https://app.deeplead.com/api/v1"), (ContractTarget.ApiKeyVariable, "dl_real"));
        Assert.Equal((new Uri("https://app.deeplead.com/api/v1"), "dl_real"), ContractTarget.RemoteFrom(remote, writes: false));
        // Writes stay on the fake unless opted in with exactly "1".
        Assert.Null(ContractTarget.RemoteFrom(remote, writes: true));
        var optedOut = Env((ContractTarget.BaseUrlVariable, "https://app.deeplead.com/api/v1"), (ContractTarget.ApiKeyVariable, "dl_real"), (ContractTarget.WritesVariable, "true"));
        Assert.Null(ContractTarget.RemoteFrom(optedOut, writes: true));
        var optedIn = Env((ContractTarget.BaseUrlVariable, "https://app.deeplead.com/api/v1"), (ContractTarget.ApiKeyVariable, "dl_real"), (ContractTarget.WritesVariable, "1"));
        Assert.Equal((new Uri("https://app.deeplead.com/api/v1"), "dl_real"), ContractTarget.RemoteFrom(optedIn, writes: true));

        var halfSet = Assert.Throws<InvalidOperationException>(() => ContractTarget.RemoteFrom(Env((ContractTarget.BaseUrlVariable, "https://x.test/api/v1")), writes: false));
        Assert.Contains("Set both DEEPLEAD_BASE_URL and DEEPLEAD_API_KEY", halfSet.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ContractTarget.RemoteFrom(Env((ContractTarget.BaseUrlVariable, "app.deeplead.com"), (ContractTarget.ApiKeyVariable, "k")), writes: false));
    }

    private static string EmailIn(HttpRequestMessage request)
    {
        var body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
        return Parse(body).GetProperty("emailAddress").GetString()!;
    }
}
