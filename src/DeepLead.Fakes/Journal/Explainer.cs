using System.Globalization;
using System.Text.Json;
using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Router;
using DeepLead.Fakes.World;

namespace DeepLead.Fakes.Explain;

/// <summary>
/// Builds a call's explanation from its journal entry and the trace the pipeline kept: on demand, so the hot path pays
/// only for the trace's few references. The steps follow <see cref="Pipeline.FakePipeline"/>'s order.
/// </summary>
internal static class Explainer
{
    /// <summary>Where docs/behaviour.md describes the fake's own decisions.</summary>
    public const string BehaviourLink = "docs/behaviour.md#behaviour-where-the-documentation-is-silent-this-is-what-the-fake-does";

    /// <summary>The documentation's status table, line by line (deeplead-api-docs.txt, "Status codes").</summary>
    private static readonly Dictionary<int, string> DocumentedStatuses = new()
    {
        [400] = "| 400 | Bad Request - Invalid input |",
        [401] = "| 401 | Unauthorized - Missing or invalid API key |",
        [403] = "| 403 | Forbidden - API key lacks required permissions |",
        [404] = "| 404 | Not Found - Pool or resource not found |",
        [409] = "| 409 | Conflict - Email already exists |",
        [500] = "| 500 | Internal Server Error |",
    };

    private enum Step
    {
        // In the pipeline's order: a call without a valid key, or to no route, never reaches the rate limit.
        Rules,
        Route,
        Auth,
        RateLimit,
        Permission,
        Query,
        Validation,
        Endpoint,
    }

    public static FakeCallExplanation Explain(FakeCall call)
    {
        var trace = call.Trace ?? new CallTrace();
        var decided = trace.DecidedBy;
        var outcome = trace.Outcome;
        var isCreate = trace.Operation == ApiRouter.CreateInboxes.Operation;
        var itemRuleDecided = decided == DecidedBy.Rule && trace.AnsweredBy is null && trace.Rule is null;
        var last = decided switch
        {
            DecidedBy.Rule or DecidedBy.Fault when !itemRuleDecided => Step.Rules,
            DecidedBy.RateLimit => Step.RateLimit,
            DecidedBy.Route => Step.Route,
            DecidedBy.Auth => Step.Auth,
            DecidedBy.Permission => Step.Permission,
            DecidedBy.Query => Step.Query,
            DecidedBy.Validation => Step.Validation,
            _ => Step.Endpoint,
        };
        // A call abandoned during a rule's delay, or broken by a fault inside the fake, stopped where it was.
        if (call.Abandoned && !trace.Routed)
        {
            last = Step.Rules;
        }

        var steps = new List<FakeExplanationStep>(10);
        foreach (var step in Enum.GetValues<Step>())
        {
            if (step > last)
            {
                break;
            }
            if (step == Step.Validation && !isCreate)
            {
                continue;
            }
            steps.Add(new FakeExplanationStep(StepName(step), Result(step, step == last, call, trace)));
        }
        steps.Add(new FakeExplanationStep("render", Rendered(call)));

        return new FakeCallExplanation(call, CallTrace.Name(decided), steps)
        {
            Rule = trace.Rule is { } rule ? new FakeExplanationRule(trace.RuleIndex + 1, Describe(rule, call.ForcedBy), trace.RuleTimesLeft) : null,
            Settings = last >= Step.Query || decided == DecidedBy.RateLimit ? Settings(call, trace) : [],
            RestsOn = RestsOn(call, trace),
            Hint = decided == DecidedBy.Route ? trace.Hint ?? RouteHints.For(call.Method, call.Path) : null,
            Items = outcome is CreateResult create ? Items(create) : [],
        };
    }

    private static string StepName(Step step) => step switch
    {
        Step.Rules => "rules",
        Step.RateLimit => "rateLimit",
        Step.Route => "route",
        Step.Auth => "auth",
        Step.Permission => "permission",
        Step.Query => "query",
        Step.Validation => "validation",
        _ => "endpoint",
    };

    private static string Result(Step step, bool deciding, FakeCall call, CallTrace trace)
    {
        var outcome = trace.Outcome;
        switch (step)
        {
            case Step.Rules:
                if (trace.Rule is null)
                {
                    return call.Abandoned ? "abandoned by the client before an answer" : "no rule matched";
                }
                var number = $"rule #{(trace.RuleIndex + 1).ToString(CultureInfo.InvariantCulture)}";
                var name = call.ForcedBy == number ? number : $"{number} ({call.ForcedBy})";
                return call.Abandoned ? $"{name} delayed the call; the client gave up"
                    : call.Fault is { } fault ? $"{name} broke the connection ({Camel(fault.ToString())})"
                    : deciding ? $"{name} answered {call.Status.ToString(CultureInfo.InvariantCulture)}"
                    : $"{name} delayed the call, then let it through";
            case Step.RateLimit:
                return trace.Settings?.RateLimit is not { } limit ? "off"
                    : deciding ? $"exceeded: at most {limit.Calls} calls per {limit.WindowSeconds} s"
                    : $"within {limit.Calls} calls per {limit.WindowSeconds} s";
            case Step.Route:
                return deciding ? $"no documented operation is {call.Method} {call.Path}" : trace.Operation ?? "?";
            case Step.Auth:
                return deciding ? Message(outcome) : $"key {call.ApiKey} accepted";
            case Step.Permission:
                return deciding ? Message(outcome) : $"{ApiRouter.Find(call.Method, call.Path)?.Permission} granted";
            case Step.Query:
                if (deciding && outcome is ApiError { Details: { Count: > 0 } details })
                {
                    return $"{Count(details.Count, "error")}: {string.Join("; ", details.Select(d => $"{d.Field} {d.Message}"))}";
                }
                var ignored = call.Warnings.Count(w => w.StartsWith("ignored query", StringComparison.Ordinal));
                return ignored > 0 ? $"accepted, {Count(ignored, "parameter")} ignored" : "accepted";
            case Step.Validation:
                return outcome switch
                {
                    ApiError error when deciding => error.Details is { Count: > 0 } d ? $"{Count(d.Count, "error")}: {string.Join("; ", d.Select(x => $"{x.Field} {x.Message}"))}" : error.Message,
                    CreateResult { IsBatch: false, Items: [{ Kind: CreateItemKind.Invalid } item] } => $"{Count(item.Details?.Count ?? 0, "error")}: {string.Join("; ", (item.Details ?? []).Select(x => $"{x.Field} {x.Message}"))}",
                    CreateResult { IsBatch: true } batch => $"{Count(batch.Items.Count, "item")}, {batch.Items.Count(i => i.Kind != CreateItemKind.Invalid)} valid",
                    _ => "valid",
                };
            default:
                return outcome switch
                {
                    ApiError { StatusCode: 500 } => "a fault inside the fake: 500",
                    ApiError error => $"{error.StatusCode.ToString(CultureInfo.InvariantCulture)} {error.Message}",
                    CreateResult { IsBatch: true } batch => $"batch of {batch.Items.Count}: {batch.CreatedCount} created, {batch.Items.Count - batch.CreatedCount} failed",
                    CreateResult { Items: [var item] } => item.Kind == CreateItemKind.Created
                        ? "created the inbox"
                        : $"{Camel(item.Kind.ToString())}: {item.Error}{(item.ForcedBy is { } rule ? $" (item rule {rule})" : "")}",
                    _ => call.Abandoned ? "abandoned by the client before an answer" : $"answered {call.Status.ToString(CultureInfo.InvariantCulture)}",
                };
        }
    }

    private static string Rendered(FakeCall call) =>
        call.Abandoned ? "nothing sent: the client gave up"
        : call.Fault is { } fault ? $"connection broken ({Camel(fault.ToString())})"
        : $"{call.Status.ToString(CultureInfo.InvariantCulture)}{(call.Warnings.Count > 0 ? $" with {Count(call.Warnings.Count, "warning")}" : "")}";

    private static string Message(ApiOutcome? outcome) => outcome switch
    {
        ApiError error => error.Message,
        ForcedAnswer forced => forced.ErrorMessage ?? "a rule's own body",
        _ => "?",
    };

    private static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    /// <summary>A rule's name, or what it matches and does when it has none.</summary>
    private static string Describe(FakeRule rule, string? journalName)
    {
        if (rule.Name is { } name)
        {
            return name;
        }
        var does = rule.Fault is { } fault ? Camel(fault.ToString())
            : rule.Response is { } response ? response.Status.ToString(CultureInfo.InvariantCulture)
            : rule.Delay is not null ? "delay"
            : "?";
        return $"{journalName}: {rule.Method ?? "*"} {rule.Path ?? "*"} -> {does}";
    }

    /// <summary>The settings whose value changed, or could have changed, this answer.</summary>
    private static List<KeyValuePair<string, string>> Settings(FakeCall call, CallTrace trace)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (trace.Settings is not { } settings)
        {
            return result;
        }
        void Add(string name, object value) => result.Add(new(name, value is Enum ? Camel(value.ToString()!) : Convert.ToString(value, CultureInfo.InvariantCulture)!));
        if (trace.DecidedBy == DecidedBy.RateLimit && settings.RateLimit is { } limit)
        {
            Add("rateLimit", $"{limit.Calls} calls per {limit.WindowSeconds} s");
            return result;
        }
        Add("unknownQueryParameters", settings.UnknownQueryParameters);
        Add("emptyQueryValues", settings.EmptyQueryValues);
        switch (trace.Operation)
        {
            case "GET /inboxes":
                if (call.Query.Contains("poolId=", StringComparison.Ordinal))
                {
                    Add("unknownPoolFilter", settings.UnknownPoolFilter);
                }
                Add("timestampPrecision", settings.TimestampPrecision);
                break;
            case "GET /pools":
                Add("timestampPrecision", settings.TimestampPrecision);
                break;
            case "POST /inboxes":
                Add("unknownFields", settings.UnknownFields);
                Add("emailUniqueness", settings.EmailUniqueness);
                if (trace.Outcome is CreateResult { IsBatch: true } || call.RequestBody?.TrimStart().StartsWith('[') == true)
                {
                    Add("maxBatchSize", settings.MaxBatchSize == int.MaxValue ? "none" : settings.MaxBatchSize);
                }
                Add("autoFilledFields", settings.AutoFilledFields);
                break;
        }
        return result;
    }

    private static string? RestsOn(FakeCall call, CallTrace trace)
    {
        if (call.Abandoned || (call.Status < 400 && call.Fault is null))
        {
            return null;
        }
        return trace.DecidedBy switch
        {
            DecidedBy.Rule or DecidedBy.Fault => $"not in the documentation: a rule of the test's own ({call.ForcedBy}) forced it",
            DecidedBy.RateLimit => $"not in the documentation: the fake's decision, settings.rateLimit ({BehaviourLink})",
            DecidedBy.Route => $"not in the documentation: the fake's decision, unknown paths and wrong methods are 404, never 405 ({BehaviourLink})",
            DecidedBy.NotFound when trace.Operation == "GET /inboxes" => $"the documentation: \"{DocumentedStatuses[404]}\"; a filter naming no pool is a guess, unknownPoolFilter ({BehaviourLink})",
            DecidedBy.Conflict => $"the documentation: \"{DocumentedStatuses[409]}\"; which addresses collide is a guess, emailUniqueness ({BehaviourLink})",
            _ when DocumentedStatuses.TryGetValue(call.Status, out var line) => $"the documentation: \"{line}\"",
            _ => $"not in the documentation: the fake's decision ({BehaviourLink})",
        };
    }

    private static List<FakeExplanationItem> Items(CreateResult create) =>
        [.. create.Items.Select((item, i) => new FakeExplanationItem(i, Camel(item.Kind.ToString()), item.Status)
        {
            EmailAddress = item.EmailAddress,
            Error = item.Error,
            FieldErrors = item.Details is { } details ? [.. details.Select(d => $"{(d.Field.Length == 0 ? "item" : d.Field)}: {d.Message}")] : [],
            Rule = item.ForcedBy,
        })];
}
