using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Rules;
using Microsoft.Extensions.Logging;
using DeepLead.Fakes.Endpoints;
using DeepLead.Fakes.World;
using DeepLead.Fakes.Rendering;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Router;

namespace DeepLead.Fakes.Pipeline;

/// <summary>
/// The documented API as plain C#: a request in, a response out, the same for every transport. One pass:
/// rules → route → auth → rate limit → permission → query policy → endpoint → render. The typed exchange that results goes to
/// the observers (journal, coverage, log); the pipeline itself records nothing.
/// </summary>
internal sealed class FakePipeline(
    ApiKeyRegistry keys,
    Account primary,
    ApiSettings settings,
    ApiRenderer renderer,
    TimeProvider time,
    CallSequence sequence,
    IReadOnlyList<IExchangeObserver> observers,
    ILogger logger)
{
    /// <summary>The name a rate-limited answer is marked with, in the rule header and the journal.</summary>
    public const string RateLimitName = CallTrace.RateLimitName;

    public ApiKeyRegistry Keys { get; } = keys;

    public IReadOnlyList<IExchangeObserver> Observers { get; } = observers;

    public async ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var number = sequence.Next();
        var grant = request.TryGetBearerKey(out var key) ? Keys.Find(key) : null;
        // Unauthenticated calls meet the primary account's rules, so an outage scenario fails them too.
        var account = grant?.Account ?? primary;
        // Set as soon as a rule is chosen, so a call abandoned during its delay is still attributed to it.
        var decision = t_spareTrace ?? new CallTrace();
        t_spareTrace = null;
        decision.Settings = settings;
        ApiOutcome outcome;
        try
        {
            outcome = await DecideAsync(request, grant, account, decision, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client gave up (during a delay, say): observed like any call, then the transport sees the cancellation.
            decision.Complete(null, request.Method);
            Notify(new Exchange(number, request, null, AbandonedResponse, decision.ForcedBy, [], Stopwatch.GetElapsedTime(started), account.JournalTag, account.Label) { Trace = decision });
            throw;
        }
#pragma warning disable CA1031 // The documented 500 shape is the contract for any fault; the fault itself is not the caller's business.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogError("{Method} {Path} failed inside the fake: {Error}", request.Method, request.Path, exception.GetType().Name);
            outcome = new ApiError(500, "Internal server error");
        }

        // The rule header names whoever decided the answer: a rule's or the rate limit's answer, or an item rule inside a create.
        var answeredBy = decision.AnsweredBy ?? (outcome as CreateResult)?.ForcedBy;
        var warnings = decision.Warnings;
        if (outcome is CreateResult { IgnoredFields.Count: > 0 } create)
        {
            warnings = [.. warnings, .. create.IgnoredFields];
        }
        // The call's number goes out with the answer (X-DeepLead-Fake-Call), so a test can ask why it was given.
        var response = renderer.Render(outcome, answeredBy, warnings) with { Call = number };
        decision.Complete(outcome, request.Method);
        Notify(new Exchange(number, request, outcome, response, decision.ForcedBy ?? answeredBy, warnings, Stopwatch.GetElapsedTime(started), account.JournalTag, account.Label) { Trace = decision });
        if (decision.IsPlain)
        {
            // No observer keeps a plain call's trace (the journal remakes it when read): the next call on this thread
            // takes it, so nearly every call makes none.
            decision.Reset();
            t_spareTrace = decision;
        }
        return response;
    }

    [ThreadStatic]
    private static CallTrace? t_spareTrace;

    /// <summary>What observers see for a call the client abandoned: no answer was sent.</summary>
    private static readonly ApiResponse AbandonedResponse = new(Exchange.AbandonedStatus, []);

    private void Notify(in Exchange exchange)
    {
        foreach (var observer in Observers)
        {
            try
            {
                observer.Observe(in exchange);
            }
#pragma warning disable CA1031 // Observing is bookkeeping: it must never turn an answer into a fault.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                logger.LogError("Could not record {Method} {Path}: {Error}", exchange.Request.Method, exchange.Request.Path, exception.GetType().Name);
            }
        }
    }

    private async ValueTask<ApiOutcome> DecideAsync(ApiRequest request, ApiKeyGrant? grant, Account account, CallTrace decision, CancellationToken cancellationToken)
    {
        var query = QueryString.Parse(request.RawQuery);
        // Looked up first (answered in its turn below), so telemetry names the operation a rule or rate limit answered for.
        var route = ApiRouter.Find(request.Method, request.Path);
        decision.Operation = route?.Operation;
        // Rules see the request only, parsed once; the endpoint runs inside this call, so the parse is released here.
        using var context = account.Rules.IsEmpty ? null : new RuleContext(request, query.Values);
        if (context is not null && account.Rules.DecideRequest(context) is { } ruling)
        {
            decision.ForcedBy = ruling.RuleName;
            (decision.Rule, decision.RuleIndex, decision.RuleTimesLeft) = (ruling.Rule, ruling.Index, ruling.TimesLeft);
            if (ruling.Delay > TimeSpan.Zero)
            {
                await Task.Delay(ruling.Delay, time, cancellationToken).ConfigureAwait(false);
            }
            if (ruling.Answer is { } answer)
            {
                decision.AnsweredBy = ruling.RuleName;
                return answer;
            }
        }

        decision.Routed = true;
        if (route is null)
        {
            return RouteHints.NotFound(request.Method, request.Path);
        }
        if (grant is null)
        {
            return Unauthorized(request.Authorization);
        }
        // After routing and auth: only a call a real key made counts, so a wrong key never uses up the right one's budget.
        if (settings.RateLimit is { } limit && account.RateWindowFor(grant.Key, limit.Per).Admit(limit, time) is { } retryAfter)
        {
            decision.ForcedBy = decision.AnsweredBy = RateLimitName;
            return RateLimited(limit, retryAfter);
        }
        if (!grant.Allows(route.Permission))
        {
            return new ApiError(403, $"API key lacks required permission: {route.Permission}");
        }

        var errors = new List<FieldError>();
        var warnings = new List<string>();
        var effective = QueryPolicy.Apply(query, route.Parameters, settings, errors, warnings);
        (decision.Warnings, decision.QueryErrors) = (warnings, errors);
        var call = new EndpointCall(
            account.Store,
            request,
            effective,
            errors,
            settings,
            time,
            ConnectionTests(cancellationToken),
            account.Rules.IsEmpty ? null : new ItemRules(account.Rules, context ?? new RuleContext(request, query.Values)));
        return await ApiRouter.InvokeAsync(route, call).ConfigureAwait(false);
    }

    /// <summary>Item rules as the create endpoint sees them: a decision per item, nothing more.</summary>
    private sealed class ItemRules(RuleSet rules, RuleContext context) : IItemRules
    {
        public ForcedItem? Decide(JsonElement item, bool skipConnectionTest) =>
            rules.DecideItem(context, item, skipConnectionTest) is { } decision
                ? new ForcedItem(decision.RuleName, decision.Failure?.Status, decision.Failure?.Error, decision.ConnectionTestFailure)
                : null;
    }

    private static ApiError RateLimited(RateLimit limit, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        var message = $"Rate limit exceeded: at most {limit.Calls} calls per {limit.WindowSeconds} s; retry after {seconds} s";
        // Beyond the documentation (which names no rate limit), so marked like a rule's answer for contract checks.
        return new ApiError(429, message)
        {
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture),
            },
        };
    }

    private readonly Random _delays = new(settings.Seed);

    /// <summary>
    /// The connection tests' wait, when the settings have one. The lambda is in a method of its own: its captures are an
    /// object made whenever the method that holds it runs, and <see cref="DecideAsync"/> runs on every call.
    /// </summary>
    private Func<int, ValueTask>? ConnectionTests(CancellationToken cancellationToken) =>
        settings.ConnectionTestDelay.MaxMs > 0 ? ConnectionTestsWait(cancellationToken) : null;

    private Func<int, ValueTask> ConnectionTestsWait(CancellationToken cancellationToken) => items => ConnectionTestsAsync(items, cancellationToken);

    /// <summary>Waits as long as <paramref name="items"/> connection tests take: each drawn from the configured range, seeded.</summary>
    private ValueTask ConnectionTestsAsync(int items, CancellationToken cancellationToken)
    {
        var (min, max) = settings.ConnectionTestDelay;
        long total = 0;
        lock (_delays)
        {
            for (var i = 0; i < items; i++)
            {
                total += _delays.Next(min, max + 1);
            }
        }
        return new ValueTask(Task.Delay(TimeSpan.FromMilliseconds(total), time, cancellationToken));
    }

    private static ApiError Unauthorized(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return new ApiError(401, "Missing API key: send 'Authorization: Bearer <key>'");
        }
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? new ApiError(401, "Invalid API key")
            : new ApiError(401, "Invalid authorization scheme: use 'Authorization: Bearer <key>'");
    }
}
