using System.Net;

namespace DeepLead.Fakes.Server.Tests;

/// <summary><see cref="DeepLeadStubClient"/> against the real stub process: every admin operation through typed calls.</summary>
public sealed class AdminClientTests
{
    private const string Token = "admin-client-token";
    private static CancellationToken Ct => StubProcess.Ct;

    /// <summary>A stub with an admin token, plain HTTP for the API, and the client under test; disposed together.</summary>
    private sealed record Session(StubProcess Stub, StubHttp Http, DeepLeadStubClient Admin) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            Http.Dispose();
            await Stub.DisposeAsync();
        }
    }

    private static async Task<Session> StartAsync()
    {
        var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"), "--admin-token", Token);
        var api = await stub.WaitUntilReadyAsync();
        // The ready line's API address works as the client's address: it finds the stub's root itself.
        return new Session(stub, new StubHttp(api, Token), new DeepLeadStubClient(api, Token));
    }

    [Fact]
    public async Task Journal_state_and_reset_round_trip()
    {
        await using var session = await StartAsync();
        var (stub, http, admin) = session;

        using (var created = await http.ApiAsync(HttpMethod.Post, "inboxes", """{ "emailAddress": "admin-client@gmail.com", "imapPassword": "pw-admin-client" }"""))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }
        var journal = await admin.GetJournalAsync(cancellationToken: Ct);
        var state = await admin.GetStateAsync(Ct);
        await admin.ResetAsync(Ct);
        var afterReset = await admin.GetStateAsync(Ct);
        var since = await admin.GetJournalAsync(journal.Calls[^1].Sequence, Ct);
        await admin.ClearJournalAsync(Ct);
        var cleared = await admin.GetJournalAsync(cancellationToken: Ct);

        var call = Assert.Single(journal.Calls);
        Assert.Equal(("POST", "/api/v1/inboxes", 200), (call.Method, call.Path, call.Status));
        Assert.DoesNotContain("pw-admin-client", call.RequestBody, StringComparison.Ordinal);
        Assert.True(journal.Capacity > 0);
        var inbox = Assert.Single(state.Inboxes, i => i.EmailAddress == "admin-client@gmail.com");
        Assert.Equal(("google", "imap.gmail.com", 993, true), (inbox.Provider, inbox.ImapHost, inbox.ImapPort, inbox.HasImapPassword));
        Assert.Equal([new StubScenarioLayer(StubProcess.ScenarioPath("default"), "start")], state.Scenarios);
        Assert.Contains(state.ApiKeys, k => k.Permissions.Contains("inboxes:write"));
        Assert.DoesNotContain(state.ApiKeys, k => k.Key == "dl_your_api_key_here");
        Assert.DoesNotContain(afterReset.Inboxes, i => i.EmailAddress == "admin-client@gmail.com");
        Assert.Equal(state.Inboxes.Count - 1, afterReset.Inboxes.Count);
        Assert.Empty(since.Calls);
        Assert.Empty(cleared.Calls);
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task A_rule_with_a_fluent_header_forces_a_503_with_Retry_After_once()
    {
        await using var session = await StartAsync();
        var (stub, http, admin) = session;

        var inForce = await admin.AddRulesAsync(DeepLeadFakeAdmin.FormatRules([FakeRule.On("GET", "/pools").RespondWith(503, "Maintenance").WithHeader("Retry-After", "2").Times(1).Named("pools down")]), Ct);
        using var forced = await http.ApiAsync(HttpMethod.Get, "pools");
        using var next = await http.ApiAsync(HttpMethod.Get, "pools");
        var listed = await admin.GetRulesAsync(Ct);
        await admin.ClearRulesAsync(Ct);
        var afterClear = await admin.GetRulesAsync(Ct);
        var journal = await admin.GetJournalAsync(cancellationToken: Ct);

        var rule = Assert.Single(inForce);
        Assert.Equal("pools down", rule.GetProperty("name").GetString());
        Assert.Equal("2", rule.GetProperty("respond").GetProperty("headers").GetProperty("Retry-After").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, forced.StatusCode);
        Assert.Equal("2", Assert.Single(forced.Headers.GetValues("Retry-After")));
        Assert.Equal("Maintenance", (await StubHttp.ReadJsonAsync(forced)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Single(listed);
        Assert.Empty(afterClear);
        Assert.Equal(["pools down", null], journal.Calls.Select(c => c.ForcedBy));
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task Scenarios_load_layer_and_restore_and_a_bad_one_is_a_typed_400()
    {
        await using var session = await StartAsync();
        var (stub, http, admin) = session;

        var replaced = await admin.LoadScenarioAsync("""{ "apiKeys": [ { "key": "dl_replaced_key" } ], "pools": [ { "id": "bbbbbbbbbbbbbbbbbbbbbbbb", "name": "Replaced" } ] }""", "replacement", Ct);
        var layered = await admin.LayerScenarioAsync("""{ "pools": [ { "id": "cccccccccccccccccccccccc", "name": "Layered" } ] }""", cancellationToken: Ct);
        var pools = (await admin.GetStateAsync(Ct)).Pools.Select(p => p.Name).ToList();
        var bad = await Assert.ThrowsAsync<DeepLeadStubException>(() => admin.LayerScenarioAsync("""{ "pools": [ { "id": "nope" } ] }""", "bad", Ct));
        var restored = await admin.RestoreStartScenariosAsync(Ct);
        var current = await admin.GetScenariosAsync(Ct);

        Assert.Equal([new StubScenarioLayer("replacement", "admin")], replaced);
        Assert.Equal(["replacement", "uploaded scenario 1"], layered.Select(l => l.Name));
        Assert.Equal(["Replaced", "Layered"], pools);
        Assert.Equal((400, "Invalid scenario"), (bad.Status, bad.Error));
        Assert.StartsWith("$.pools[0]", Assert.Single(bad.Details).Field, StringComparison.Ordinal);
        Assert.Equal([new StubScenarioLayer(StubProcess.ScenarioPath("default"), "start")], restored);
        Assert.Equal(restored, current);
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task Without_the_admin_token_every_call_is_a_typed_401()
    {
        await using var session = await StartAsync();
        var (stub, http, admin) = session;
        using var noToken = new DeepLeadStubClient(admin.Address, adminToken: null);

        var refused = await Assert.ThrowsAsync<DeepLeadStubException>(() => noToken.ResetAsync(Ct));

        Assert.Equal(401, refused.Status);
        Assert.Equal(admin.ApiAddress, http.Api);
        Assert.Equal(0, await stub.StopAsync());
    }
}
