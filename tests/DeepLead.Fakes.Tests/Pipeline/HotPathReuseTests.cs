using System.Reflection;
using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Rules;
using DeepLead.Fakes.World;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Pipeline;

/// <summary>
/// What the hot path shares between calls instead of making per call (issue 27, throughput): a plain call's trace is
/// reused by the next call on its thread, and a query string's parse by every call with the same query. Neither may
/// carry anything of one call into another.
/// </summary>
public sealed class HotPathReuseTests
{
    [Fact]
    public void A_reset_trace_equals_a_new_one_in_every_property()
    {
        var trace = new CallTrace();
        var properties = typeof(CallTrace).GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.GetSetMethod(nonPublic: true) is not null)
            .ToList();
        foreach (var property in properties)
        {
            property.SetValue(trace, NotDefault(property));
        }
        Assert.All(properties, p => Assert.NotEqual(p.GetValue(new CallTrace()), p.GetValue(trace)));

        trace.Reset();

        var fresh = new CallTrace();
        Assert.All(properties, p => Assert.Equal(p.GetValue(fresh), p.GetValue(trace)));
    }

    /// <summary>A value unlike a new trace's for each property type; a property of a type not listed here fails the test, so a new one cannot be missed by Reset.</summary>
    private static object NotDefault(PropertyInfo property)
    {
        var type = property.PropertyType;
        if (type == typeof(string))
        {
            return "set";
        }
        if (type == typeof(bool))
        {
            return true;
        }
        if (type == typeof(int))
        {
            return 7;
        }
        if (type == typeof(int?))
        {
            return (int?)3;
        }
        if (type == typeof(IReadOnlyList<string>))
        {
            return new List<string> { "a warning" };
        }
        if (type == typeof(IReadOnlyList<FieldError>))
        {
            return new List<FieldError> { new("limit", "must be a number") };
        }
        if (type == typeof(FakeRule))
        {
            return FakeRule.On("GET", "/pools").RespondWith(503, "Down");
        }
        if (type == typeof(ApiSettings))
        {
            return new ApiSettings();
        }
        if (type == typeof(DecidedBy))
        {
            return DecidedBy.Rule;
        }
        if (type == typeof(ApiOutcome))
        {
            return new ApiError(400, "Bad request");
        }
        throw new InvalidOperationException($"CallTrace.{property.Name} is of a type this test does not know ({type.Name}): add it here, and to CallTrace.Reset.");
    }

    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public async Task Calls_after_a_plain_call_explain_as_their_own_whatever_came_before(FakeTransport transport)
    {
        await using var fake = await StartAsync(o => o.Rules.Add(FakeRule.On("GET", "/pools").WhereQuery("outage", "1").RespondWith(503, "Down").Named("outage")), transport);
        using var client = fake.CreateClient();
        // Plain, then each kind of call that keeps its trace, each followed by a plain one: a trace reused after a call
        // that kept its own would show the earlier call's rule, warnings or errors here.
        string[] paths = ["inboxes?limit=2", "inboxes?limit=x", "inboxes?limit=2", "pools?outage=1", "pools", "inboxes?colour=red", "inboxes?limit=2", "nowhere", "pools"];
        foreach (var path in paths)
        {
            (await client.GetAsync(path, Ct)).Dispose();
        }

        var calls = fake.Journal.Calls.TakeLast(paths.Length).ToList();
        Assert.Equal(
            ["endpoint", "query", "endpoint", "rule", "endpoint", "endpoint", "endpoint", "route", "endpoint"],
            calls.Select(c => c.Explanation.DecidedBy));
        Assert.Equal([null, null, null, "outage", null, null, null, null, null], calls.Select(c => c.ForcedBy));
        Assert.Equal([0, 0, 0, 0, 0, 1, 0, 0, 0], calls.Select(c => c.Warnings.Count));
        // The plain calls to the same page explain alike, word for word after the line naming the call.
        static string Steps(FakeCall call) => string.Join('\n', call.Explanation.ToString().Split('\n').Skip(1));
        Assert.Equal(Steps(calls[0]), Steps(calls[2]));
        Assert.Equal(Steps(calls[0]), Steps(calls[6]));
    }

    [Fact]
    public void A_query_parsed_again_is_the_same_parse_and_reads_as_the_query()
    {
        var first = DeepLead.Fakes.Pipeline.QueryString.Parse("?limit=5&status=active");
        var again = DeepLead.Fakes.Pipeline.QueryString.Parse("?limit=5&status=active");

        Assert.Same(first, again);
        Assert.Equal(new Dictionary<string, string> { ["limit"] = "5", ["status"] = "active" }, first.Values);
        Assert.Null(first.Repeated);
    }

    [Fact]
    public void Past_the_parse_cache_bound_every_query_from_every_thread_still_reads_as_itself()
    {
        // More distinct queries than the cache holds, from several threads at once, twice each.
        Parallel.For(0, 8, thread =>
        {
            for (var round = 0; round < 2; round++)
            {
                for (var i = 0; i < 1_500; i++)
                {
                    var parsed = DeepLead.Fakes.Pipeline.QueryString.Parse($"?skip={i}&poolId=p{thread}&poolId=q{thread}");
                    Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), parsed.Values["skip"]);
                    Assert.Equal($"q{thread}", parsed.Values["poolId"]);
                    Assert.Equal(["poolId"], parsed.Repeated!);
                }
            }
        });
    }
}
