using System.Net;
using System.Text;
using System.Text.Json;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Scenarios;

/// <summary>
/// The scenario rule format read and written, compared character for character with
/// <c>Scenarios/golden-rule-format.txt</c>: for each input, as an admin upload (one rule or an array) and as a scenario
/// file's <c>rules</c>, either the rules as written back (admin JSON, and the stub client's upload) or the error with
/// its JSON path, line, column and message. The file was recorded from the engine that still read rules through
/// separate file types (before issue 13 made <see cref="FakeRule"/> the one rule model), so a change to what a rule
/// file means, or to any message about it, shows here as a diff. The reader that replaced them changed it only where
/// reviewed: two inputs that crashed (a <c>null</c> rule in a scenario file, header names differing only in case) are
/// now a located error and last-wins; keys of <c>query</c>, <c>body</c> and <c>headers</c> are written sorted (they
/// came out in hash order, different from run to run); and "give either ms or minMs and maxMs" is found while reading,
/// like every other problem of a rule's shape, so in a file with several problems it can now be the one reported.
/// Set <c>DEEPLEAD_GOLDEN_WRITE=1</c> to write the file afresh after a deliberate change, and review the diff.
/// </summary>
public sealed class RuleFormatGoldenTests
{
    /// <summary>Rule objects: valid ones with every property, and one of each way to get a rule wrong.</summary>
    private static readonly string[] Rules =
    [
        // Valid, every property at least once.
        """{ "name": "n", "match": { "method": "POST", "path": "/inboxes", "query": { "a": "b*" }, "body": { "emailAddress": "*@x.example", "dailySendingLimit": "5" }, "apiKey": "dl_*" }, "respond": { "status": 503, "error": "down", "headers": { "Retry-After": "2", "X-Two": "b" } }, "delay": { "minMs": 5, "maxMs": 10 }, "times": 2, "probability": 0.25 }""",
        """{ "respond": { "status": 200, "body": { "x": [1, 2.50, { "y": "é<>&\u00e9" }], "z": null, "t": true } } }""",
        """{ "respond": { "status": 202, "body": "text" } }""",
        """{ "delay": { "ms": 20 } }""",
        """{ "delay": { "minMs": 0, "maxMs": 300000 } }""",
        """{ "match": { "path": "/pools" }, "fault": "malformedChunk" }""",
        """{ "match": { "path": "/pools" }, "fault": "EmptyResponse" }""",
        """{ "match": { "method": "POST", "path": "/inboxes", "body": { "emailAddress": "bad*" } }, "failItem": { "error": "nope" } }""",
        """{ "match": { "method": "POST", "path": "/inboxes" }, "failItem": { "status": 422 } }""",
        """{ "match": { "method": "post", "path": "/api/v1/inbox*" }, "failConnectionTest": "IMAP login failed" }""",
        """{ "name": null, "match": null, "respond": { "status": 500, "error": null, "body": null, "headers": null }, "delay": null, "fault": null, "failItem": null, "failConnectionTest": null, "times": null, "probability": null }""",
        """{ "match": { "method": null, "path": null, "query": null, "body": null, "apiKey": null }, "respond": { "status": 500 } }""",
        """{ "match": { }, "respond": { "status": 500, }, /* a comment */ }""",
        """{ "times": 1, "respond": { "status": 500 }, "times": 3 }""",
        """{ "respond": { "status": 500 }, "probability": 1, "times": 2147483647 }""",
        """{ "respond": { "status": 500 }, "probability": 1E-3 }""",
        """{ "name": "é<&>", "respond": { "status": 500 } }""",
        """{ "re\u0073pond": { "status": 500 } }""",
        """{ "match": { "query": { "a": "1", "b": "x", "a": "2" } }, "respond": { "status": 500 } }""",
        """{ "match": { "path": "/a" }, "match": { "method": "GET" }, "respond": { "status": 500 } }""",
        """{ "match": { "path": "/a" }, "match": null, "respond": { "status": 500 } }""",
        """{ "respond": { "status": 500, "body": { "a": 1, "a": 2 } } }""",
        """{ "respond": { "status": 500, "body": { /* c */ "a": 1 } } }""",
        """{ "respond": { "status": 500, "body": 1.0e3 } }""",
        """{ "match": { "method": "POST", "path": "/inboxes" }, "failItem": { "status": null } }""",
        """{ "respond": { "status": 500, "headers": { "a": "1", "A": "2" } } }""",
        // Wrong types, at every level.
        """{ "name": 5, "respond": { "status": 500 } }""",
        """{ "match": 5, "respond": { "status": 500 } }""",
        """{ "match": [], "respond": { "status": 500 } }""",
        """{ "match": { "method": 5 }, "respond": { "status": 500 } }""",
        """{ "match": { "path": true }, "respond": { "status": 500 } }""",
        """{ "match": { "query": "a=b" }, "respond": { "status": 500 } }""",
        """{ "match": { "query": { "a": 1 } }, "respond": { "status": 500 } }""",
        """{ "match": { "query": { "a": null } }, "respond": { "status": 500 } }""",
        """{ "match": { "method": "POST", "path": "/inboxes", "body": { "emailAddress": true } }, "respond": { "status": 500 } }""",
        """{ "match": { "apiKey": [] }, "respond": { "status": 500 } }""",
        """{ "respond": "500" }""",
        """{ "respond": { "status": "500" } }""",
        """{ "respond": { "status": 500.5 } }""",
        """{ "respond": { "status": null } }""",
        """{ "respond": { "status": 500, "error": 5 } }""",
        """{ "respond": { "status": 500, "headers": [] } }""",
        """{ "respond": { "status": 500, "headers": { "Retry-After": 2 } } }""",
        """{ "delay": 5 }""",
        """{ "delay": { "ms": "5" } }""",
        """{ "delay": { "minMs": 1.5, "maxMs": 2 } }""",
        """{ "match": { "path": "/pools" }, "fault": 1 }""",
        """{ "match": { "path": "/pools" }, "fault": "boom" }""",
        """{ "match": { "method": "POST", "path": "/inboxes" }, "failItem": 500 }""",
        """{ "match": { "method": "POST", "path": "/inboxes" }, "failItem": { "status": "500" } }""",
        """{ "match": { "method": "POST", "path": "/inboxes" }, "failItem": { "error": false } }""",
        """{ "match": { "method": "POST", "path": "/inboxes" }, "failConnectionTest": 5 }""",
        """{ "respond": { "status": 500 }, "times": "2" }""",
        """{ "respond": { "status": 500 }, "times": 1.5 }""",
        """{ "respond": { "status": 500 }, "times": 99999999999 }""",
        """{ "respond": { "status": 500 }, "probability": "0.5" }""",
        """{ "respond": { "status": 500, "headers": { "X.Y": 5 } } }""",
        """{ "respond": { "status": 500, "headers": { "it's": 5 } } }""",
        """{ "respond": { "status": 1e2 } }""",
        """{ "respond": { "status": 500 }, "probability": 1e400 }""",
        """{ "respond": { "status": 500 }, "probability": null, "times": -5 }""",
        """{ "respond": { "status": 500 }, "probability": true }""",
        """{ "match": { "path": "/pools" }, "fault": null, "respond": { "status": 500 } }""",
        """{ "match": { "path": "/pools" }, "fault": "emptyResponse, malformedChunk" }""",
        """{ "match": { "path": "/pools" }, "fault": "0" }""",
        """{ "match": { "path": "/pools" }, "fault": " emptyResponse" }""",
        """{ "match": { "path": "/pools" }, "fault": "EMPTYRESPONSE" }""",
        """{ "delay": { "ms": null } }""",
        """{ "delay": { "ms": null, "minMs": 1, "maxMs": 2 } }""",
        // Unknown and missing properties.
        """{ "match": { "path": "/pools" }, "respnd": { "status": 500 } }""",
        """{ "match": { "methd": "GET" }, "respond": { "status": 500 } }""",
        """{ "respond": { "stauts": 500 } }""",
        """{ "respond": { } }""",
        """{ "respond": { "error": "x" } }""",
        """{ "delay": { "seconds": 1 } }""",
        """{ "Respond": { "status": 500 } }""",
        """{ "a b": 1 }""",
        """{ "respond": { "status": 500, "it's": 1 } }""",
        """{ "respond": { "status": 500 }, "match": { "path": "/x" }, "respnd": 1, "times": "x" }""",
        """{ "match": { "method": "POST", "path": "/inboxes" }, "failItem": { "code": 500 } }""",
        // The delay's own shape.
        """{ "delay": { "ms": 10, "minMs": 5 } }""",
        """{ "delay": { "ms": 10, "maxMs": 5 } }""",
        """{ "delay": { "minMs": 5 } }""",
        """{ "delay": { } }""",
        """{ "delay": { "ms": -1 } }""",
        """{ "delay": { "minMs": 10, "maxMs": 5 } }""",
        """{ "delay": { "ms": 300001 } }""",
        // What no single property can say.
        """{ "match": { "path": "/pools" } }""",
        """{ }""",
        """{ "match": { "path": "/pools" }, "respond": { "status": 700 } }""",
        """{ "respond": { "status": 500 }, "times": 0 }""",
        """{ "respond": { "status": 500 }, "probability": 0 }""",
        """{ "respond": { "status": 500 }, "probability": 2 }""",
        """{ "match": { "method": "FETCH" }, "respond": { "status": 500 } }""",
        """{ "match": { "method": "GET", "path": "/pools", "body": { "emailAddress": "*" } }, "respond": { "status": 500 } }""",
        """{ "match": { "method": "POST", "path": "/inboxes", "body": { "foo": "*" } }, "respond": { "status": 500 } }""",
        """{ "match": { "path": "/pools" }, "failItem": { "status": 500 } }""",
        """{ "match": { "method": "POST", "path": "/inboxes" }, "failItem": { "status": 200 } }""",
        """{ "match": { "method": "POST", "path": "/inboxes" }, "failConnectionTest": "" }""",
        """{ "match": { "path": "/pools" }, "respond": { "status": 500 }, "fault": "emptyResponse" }""",
        """{ "match": { "method": "POST", "path": "/inboxes" }, "respond": { "status": 500 }, "failItem": { } }""",
        """{ "match": { "method": "POST", "path": "/inboxes" }, "failItem": { }, "failConnectionTest": "x" }""",
        """{ "match": { "method": "POST", "path": "/inboxes" }, "delay": { "ms": 1 }, "failConnectionTest": "x" }""",
        // Located across lines.
        "{\n  \"match\": { \"path\": \"/pools\" },\n  \"respond\": {\n    \"status\": \"500\"\n  }\n}",
        "{\n  \"match\": {\n    \"path\": \"/pools\",\n    \"pathh\": \"/x\"\n  },\n  \"respond\": { \"status\": 500 }\n}",
        "{\n  \"respond\": { \"status\": 500 },\n  \"times\": 0\n}",
        "{\n  \"delay\": {\n    \"ms\": 10,\n    \"minMs\": 5\n  }\n}",
        "{\n  \"respond\": {\n    \"error\": \"x\"\n  }\n}",
        "{\n  \"respond\": {\n    \"status\": 500,\n    \"body\": { \"a\": [1, 2 }\n  }\n}",
        // Not JSON.
        """{ "respond": { "status": 500 }""",
        """{ "respond": { "status": 5x } }""",
        """{ "respond" 1 }""",
        """{ "name": "a""",
        """{ "match": { "query": { "a": "b", } , "respond": { "status": 500 } }""",
        """{ "match": { "query": { "a": 5x } }, "respond": { "status": 500 } }""",
        """{ "match": { "query": { "a": "b" "c": "d" } }, "respond": { "status": 500 } }""",
        """{ "match": { "path": "/a" "method": "GET" }, "respond": { "status": 500 } }""",
        """{ "match": { "path": "/a", }, "respond": { "status": 500 }, }""",
        """{ "respond": { "status": 500, "headers": { "a": "b", "c" } } }""",
        """{ "delay": { "ms": 1 "minMs": 2 } }""",
        """{ "respond": { "status": 500 } "times": 1 }""",
        """{ "match": { "query": { "a": "b" }""",
        """{ "respond": { "status": 500, "body": { "a": 1 """,
        """{ "respond": { "status": 500, "error": "x""",
        """{ "respond": { "status": 500, "error": "\x" } }""",
        "{ \"respond\": { \"status\": 500, \"body\": " + new string('[', 40) + new string(']', 40) + " } }",
    ];

    /// <summary>Admin uploads that are not a single rule object.</summary>
    private static readonly string[] Uploads =
    [
        """[ { "respond": { "status": 500 } }, { "match": { "path": "/pools" }, "fault": "emptyResponse" } ]""",
        """[ { "respond": { "status": 500 } }, { "delay": { "ms": 10, "minMs": 5 } } ]""",
        """[ { "respond": { "status": 500 } }, { "respond": { "status": "500" } } ]""",
        """[ { "respond": { "status": 500 } }, { "respnd": { } } ]""",
        """[ { "respond": { "status": 500 } }, { "times": 0, "respond": { "status": 500 } } ]""",
        """[ null ]""",
        """[ { "delay": { "ms": 1, "minMs": 1 } }, { "respond": { "status": "500" } } ]""",
        """[ { "respond": { "status": 500 }, "times": 0 }, { "respond": { "status": "500" } } ]""",
        """[ 5 ]""",
        """[ "x" ]""",
        """[ [] ]""",
        """[ ]""",
        """[ { "respond": { "status": 500 } },""",
        "\"respond\"",
        "5",
        "null",
        "",
        "{",
    ];

    /// <summary>Scenario files whose <c>rules</c> are not a list of rule objects.</summary>
    private static readonly string[] Scenarios =
    [
        """{ "rules": 5 }""",
        """{ "rules": { } }""",
        """{ "rules": [ 5 ] }""",
        """{ "rules": [ "x" ] }""",
        """{ "rules": [ [] ] }""",
        """{ "rules": null }""",
        """{ "rules": [ null ] }""",
        """{ "rules": [ { "respond": { "status": 500 } }, null ] }""",
        """{ "rules": [ { "delay": { "ms": 1, "minMs": 1 } }, { "respond": { "status": "500" } } ] }""",
        """{ "rules": [ { "respond": { "status": 500 } } ], "seed": "x" }""",
        """{ "rules": [ ] }""",
        """{ "rules": [ { "respond": { "status": 500 } }, { "respond": { "status": 500 }, "times": 0 } ] }""",
        """{ "pools": [ { "name": "" } ], "rules": [ { "respond": { "status": "500" } } ] }""",
        """{ "pools": [ { "name": "" } ], "rules": [ { "delay": { "ms": 1, "minMs": 1 } } ] }""",
        """{ "pools": [ { "name": "" } ], "rules": [ { "times": 0, "respond": { "status": 500 } } ] }""",
    ];

    [Fact]
    public async Task Rule_files_read_write_and_fail_exactly_as_recorded()
    {
        await GoldenFile.AssertMatchesAsync(await TranscriptAsync(), "Scenarios", "golden-rule-format.txt");
    }

    private static async Task<string> TranscriptAsync()
    {
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions { Transport = FakeTransport.InMemory, Clock = Now }, Ct);
        var text = new StringBuilder();
        foreach (var rule in Rules)
        {
            text.Append("rule ").Append(rule.ReplaceLineEndings("\\n")).Append('\n');
            Upload(fake, rule, text);
            Scenario(fake, "{\n  \"rules\": [\n    " + rule.ReplaceLineEndings("\n    ") + "\n  ]\n}", text);
        }
        foreach (var upload in Uploads)
        {
            text.Append("upload ").Append(upload).Append('\n');
            Upload(fake, upload, text);
        }
        foreach (var scenario in Scenarios)
        {
            text.Append("scenario ").Append(scenario).Append('\n');
            Scenario(fake, scenario, text);
        }
        text.Append("stub client upload\n  ").Append(await StubClientBodyAsync()).Append('\n');
        return text.ToString();
    }

    private static void Upload(DeepLeadFake fake, string json, StringBuilder text)
    {
        text.Append("  admin: ");
        IReadOnlyList<FakeRule> rules = [];
        if (Attempt(() => rules = DeepLeadFakeAdmin.ParseRules(Encoding.UTF8.GetBytes(json)), text))
        {
            fake.Admin.ClearRules();
            foreach (var rule in rules)
            {
                fake.AddRule(rule);
            }
            text.Append(WrittenRules(fake)).Append('\n');
        }
    }

    private static void Scenario(DeepLeadFake fake, string json, StringBuilder text)
    {
        text.Append("  scenario: ");
        if (Attempt(() => fake.Admin.Reload([ScenarioSource.Json(json, "s")]), text))
        {
            text.Append(WrittenRules(fake)).Append('\n');
        }
    }

    /// <summary>True when <paramref name="read"/> succeeds; otherwise its error, or any other exception (recorded, not hidden), goes in the transcript.</summary>
    private static bool Attempt(Action read, StringBuilder text)
    {
        try
        {
            read();
            return true;
        }
        catch (ScenarioException exception)
        {
            text.Append(GoldenFile.Describe(exception)).Append('\n');
        }
        catch (Exception exception) when (exception is not ScenarioException)
        {
            text.Append("crash: ").Append(exception.GetType().Name).Append(": ").Append(exception.Message).Append('\n');
        }
        return false;
    }

    private static string WrittenRules(DeepLeadFake fake) => DeepLeadFakeAdmin.FormatRules(fake.Admin.Rules);

    /// <summary>What <see cref="DeepLeadStubClient.AddRulesAsync"/> sends for rules built in code, every property used.</summary>
    private static async Task<string> StubClientBodyAsync()
    {
        using var handler = new CapturingHandler();
        using var http = new HttpClient(handler);
        using var client = new DeepLeadStubClient(http, new Uri("http://127.0.0.1:1"), adminToken: null);
        await client.AddRulesAsync(DeepLeadFakeAdmin.FormatRules(
        [
            FakeRule.On("POST", "/inboxes").WhereQuery("q", "v*").WhereBody("emailAddress", "*@x.example").WithApiKey("dl_*")
                .RespondWith(503, "down <&>").WithHeader("Retry-After", "2").DelayBetween(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10))
                .Times(2).WithProbability(0.25).Named("all"),
            FakeRule.On("GET", "/pools").RespondWithJson(200, """{ "a" : [ 1, 2.50 ], "é": "<>" }"""),
            FakeRule.On("GET", "/pools").DelayBy(TimeSpan.FromMilliseconds(7)).BreakConnection(FakeFault.MalformedChunk),
            FakeRule.On("POST", "/inboxes").FailItem(422, "bad"),
            FakeRule.On("POST", "/inboxes").FailItem(500),
            FakeRule.OnAnyRequest().FailConnectionTest("IMAP"),
            new FakeRule { Delay = new FakeDelay(TimeSpan.FromMilliseconds(1.5), TimeSpan.FromMilliseconds(2.9)) },
        ]),
        Ct);
        return handler.Body!;
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Body = await request.Content!.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent("""{ "rules": [] }""") };
        }
    }
}
