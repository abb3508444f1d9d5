using System.Net;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>The stub's clock through the admin API, and the lenient default and strict preset as a CI job meets them.</summary>
public sealed class StubFidelityTests
{
    private const string Clock = "/__admin/deeplead/clock";

    private static async Task<(StubProcess Stub, StubHttp Http)> StartAsync(params string[] scenarios)
    {
        var stub = StubProcess.Start(["--port", "0", .. scenarios.SelectMany(s => new[] { "--scenario", s })]);
        return (stub, new StubHttp(await stub.WaitUntilReadyAsync()));
    }

    private static async Task<string?> AutoPoolNameAsync(StubHttp http, string email)
    {
        using var response = await http.ApiAsync(HttpMethod.Post, "inboxes", $$"""{"emailAddress": "{{email}}", "imapPassword": "pw"}""");
        return (await StubHttp.ReadJsonAsync(response)).GetProperty("autoCreatedPool").GetProperty("name").GetString();
    }

    [Fact]
    public async Task The_clock_can_be_read_set_and_advanced_so_a_run_crosses_midnight()
    {
        var (stub, http) = await StartAsync("shipped:default");
        await using var _ = stub;
        using var __ = http;

        var initial = await http.AdminJsonAsync(HttpMethod.Get, Clock);
        var before = await AutoPoolNameAsync(http, "before@gmail.com");
        var set = await http.AdminJsonAsync(HttpMethod.Put, Clock, """{"now": "2024-01-15T23:59:30Z"}""");
        var advanced = await http.AdminJsonAsync(HttpMethod.Post, Clock, """{"advanceSeconds": 60}""");
        var after = await AutoPoolNameAsync(http, "after@gmail.com");

        Assert.Equal("2024-01-15T12:00:00.000Z", initial.GetProperty("now").GetString());
        Assert.Equal("API Pool - 2024-01-15", before);
        Assert.Equal("2024-01-15T23:59:30.000Z", set.GetProperty("now").GetString());
        Assert.Equal("2024-01-16T00:00:30.000Z", advanced.GetProperty("now").GetString());
        Assert.Equal("API Pool - 2024-01-16", after);
        Assert.Equal(0, await stub.StopAsync());
    }

    [Theory]
    [InlineData("PUT", """{"now": "tomorrow"}""", "now")]
    [InlineData("PUT", """{"now": "2024-01-16T00:00:00Z", "extra": 1}""", "now")]
    [InlineData("PUT", "[]", "now")]
    [InlineData("POST", """{"advanceSeconds": 1.5}""", "advanceSeconds")]
    [InlineData("POST", """{"advanceSeconds": 999999999999}""", "advanceSeconds")]
    [InlineData("POST", "not json", "advanceSeconds")]
    public async Task A_bad_clock_change_is_400_in_the_documented_shape_and_changes_nothing(string method, string body, string field)
    {
        var (stub, http) = await StartAsync("shipped:default");
        await using var _ = stub;
        using var __ = http;

        var error = await http.AdminJsonAsync(new HttpMethod(method), Clock, body, expectedStatus: 400);
        var now = await http.AdminJsonAsync(HttpMethod.Get, Clock);

        Assert.Equal(field, error.GetProperty("details")[0].GetProperty("field").GetString());
        Assert.Equal("2024-01-15T12:00:00.000Z", now.GetProperty("now").GetString());
    }

    [Fact]
    public async Task The_default_stub_ignores_and_reports_the_strict_preset_rejects()
    {
        var (lenient, lenientHttp) = await StartAsync("shipped:default");
        await using var _ = lenient;
        using var __ = lenientHttp;
        var (strict, strictHttp) = await StartAsync("shipped:default", "shipped:strict");
        await using var ___ = strict;
        using var ____ = strictHttp;

        using var ignored = await lenientHttp.ApiAsync(HttpMethod.Get, "pools?_=1700000000");
        using var rejected = await strictHttp.ApiAsync(HttpMethod.Get, "pools?_=1700000000");
        var journal = await lenientHttp.AdminJsonAsync(HttpMethod.Get, "/__admin/deeplead/journal");

        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        Assert.Equal("ignored query parameter \"_\" (not a parameter of this endpoint)", Assert.Single(ignored.Headers.GetValues("X-DeepLead-Fake-Warning")));
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        var logged = await lenient.WaitForLineAsync(new System.Text.RegularExpressions.Regex("^warn: GET /api/v1/pools: "));
        Assert.EndsWith("ignored query parameter \"_\" (not a parameter of this endpoint)", logged, StringComparison.Ordinal);
        Assert.Equal(
            ["ignored query parameter \"_\" (not a parameter of this endpoint)"],
            journal.GetProperty("calls").EnumerateArray().Single().GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }
}
