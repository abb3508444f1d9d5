using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepLead.Fakes.Shadowing;

/// <summary>
/// Runs each call against a live account (the upstream) and against a fake started from a snapshot of it, answers with
/// the upstream's answer, and records every difference: <see cref="GetReport"/>. Calls are handled one at a time so
/// both sides see them in the same order.
/// <code>
/// using var upstream = new HttpClient { BaseAddress = new Uri("https://app.deeplead.com/api/v1/") };
/// await using var shadow = await DeepLeadShadow.StartAsync(upstream, new ShadowOptions { ApiKey = key });
/// using var client = shadow.CreateClient();        // your code under test uses this client
/// // ... run your tests ...
/// await shadow.GetReport().WriteAsync("shadow-report.json");
/// </code>
/// </summary>
public sealed class DeepLeadShadow : IAsyncDisposable, IDisposable
{
    private readonly HttpClient _upstream;
    private readonly Uri _upstreamBase;
    private readonly ShadowOptions _options;
    private readonly Target _main;
    private readonly IReadOnlyList<Target> _variants;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ShadowReportBuilder _report;
    private bool _localWriteSeen;
    private int _disposed;

    private DeepLeadShadow(HttpClient upstream, ShadowOptions options, DeepLeadSnapshot snapshot, Target main, IReadOnlyList<Target> variants)
    {
        _upstream = upstream;
        _upstreamBase = PacedReader.ApiBase(upstream);
        _options = options;
        Snapshot = snapshot;
        _main = main;
        _variants = variants;
        _report = new ShadowReportBuilder(_upstreamBase.GetLeftPart(UriPartial.Path), options.ApiKey, options.ForwardWrites);
    }

    /// <summary>The snapshot the fake started from.</summary>
    public DeepLeadSnapshot Snapshot { get; }

    /// <summary>The fake compared with the upstream (its journal and coverage count every shadowed call).</summary>
    public DeepLeadFake Fake => _main.Fake;

    /// <summary>Takes a snapshot of the upstream (unless given one) and starts the fakes from it.</summary>
    public static async Task<DeepLeadShadow> StartAsync(HttpClient upstream, ShadowOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey);
        var snapshot = options.Snapshot ?? await DeepLeadSnapshot.TakeAsync(upstream, new SnapshotOptions
        {
            ApiKey = options.ApiKey,
            MaxRequestsPerSecond = options.MaxRequestsPerSecond,
            TimeProvider = options.TimeProvider,
            Progress = options.SnapshotProgress,
            Key = SnapshotKey.Writable,
            Name = "shadow",
        }, cancellationToken).ConfigureAwait(false);
        var scenario = snapshot.ToScenarioJson();
        var targets = new List<Target>();
        try
        {
            targets.Add(await Target.StartAsync("fake", scenario, options, variant: null, cancellationToken).ConfigureAwait(false));
            if (options.ExplainDifferences)
            {
                foreach (var variant in FakeVariants.All.Where(v => v.Setting != "default"))
                {
                    targets.Add(await Target.StartAsync(variant.ToString(), scenario, options, variant, cancellationToken).ConfigureAwait(false));
                }
            }
        }
        catch
        {
            targets.ForEach(t => t.Dispose());
            throw;
        }
        return new DeepLeadShadow(upstream, options, snapshot, targets[0], targets.Skip(1).ToList());
    }

    /// <summary>A handler that shadows every request sent through it (any host; the path after <c>/api/v1/</c> counts; other paths get 404).</summary>
    public HttpMessageHandler CreateHandler()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return new ShadowHandler(this);
    }

    /// <summary>A client for the code under test: the upstream's base address, the key given (the shadow's key by default).</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient(CreateHandler(), disposeHandler: true) { BaseAddress = _upstreamBase };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey ?? _options.ApiKey);
        return client;
    }

    /// <summary>Every difference so far, grouped, with the settings that explain them.</summary>
    public ShadowReport GetReport() => _report.Build();

    /// <summary>Shadows one request: the upstream's answer (or, for a write not forwarded, the fake's).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var relative = Relative(request.RequestUri);
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var isWrite = request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && request.Method != HttpMethod.Options;
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (relative is null)
            {
                // Not the API: nothing to compare, and nothing the upstream should be sent on the caller's behalf.
                _report.CountNotCompared();
                var notFound = JsonSerializer.SerializeToUtf8Bytes(new { error = "Not found: the shadow handles /api/v1 only" });
                return ToResponse(new CapturedAnswer(404, notFound, "application/json", []), request);
            }
            var forward = !isWrite || _options.ForwardWrites;
            CapturedAnswer? upstream = null;
            if (forward)
            {
                upstream = await SendUpstreamAsync(request, relative, body, cancellationToken).ConfigureAwait(false);
            }
            var fake = await SendFakeAsync(_main, request, relative, body, cancellationToken).ConfigureAwait(false);
            var variantAnswers = new List<(Target Target, CapturedAnswer Answer)>();
            foreach (var variant in _variants)
            {
                variantAnswers.Add((variant, await SendFakeAsync(variant, request, relative, body, cancellationToken).ConfigureAwait(false)));
            }
            var exchange = new ShadowRequestRecord(request.Method.Method, relative, body, request.Content?.Headers.ContentType?.MediaType, Bearer(request));
            if (upstream is null)
            {
                _localWriteSeen = true;
                _report.AddLocalWrite(exchange);
                return ToResponse(fake, request);
            }
            if (upstream.Status == UnreachableStatus)
            {
                _report.Add(exchange, [new Difference(DifferenceKinds.UpstreamUnreachable, "", ResponseComparer.Short(upstream.Body), fake.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))], [], _localWriteSeen);
                return ToResponse(upstream, request);
            }
            var differences = ResponseComparer.Compare(upstream, fake, _main.Ids);
            var explained = new List<(FakeVariant Variant, HashSet<(string, string)> Remaining)>();
            foreach (var (target, answer) in variantAnswers)
            {
                var remaining = ResponseComparer.Compare(upstream, answer, target.Ids).Select(d => d.Key).ToHashSet();
                explained.Add((target.Variant!, remaining));
            }
            _report.Add(exchange, differences, explained, _localWriteSeen);
            return ToResponse(upstream, request);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>The status standing for "the upstream could not be reached" (what a gateway answers).</summary>
    private const int UnreachableStatus = 502;

    private async Task<CapturedAnswer> SendUpstreamAsync(HttpRequestMessage original, string relative, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = Copy(original, new Uri(_upstreamBase, relative), body, map: null);
        try
        {
            using var response = await _upstream.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return await CaptureAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            var message = exception.Message.Replace(_options.ApiKey, "<key>", StringComparison.Ordinal);
            var error = JsonSerializer.SerializeToUtf8Bytes(new { error = $"Shadow: the upstream could not be reached ({message})" });
            return new CapturedAnswer(UnreachableStatus, error, "application/json", []);
        }
    }

    private static async Task<CapturedAnswer> SendFakeAsync(Target target, HttpRequestMessage original, string relative, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = Copy(original, new Uri(target.Fake.BaseAddress, Translate(relative, target.Ids)), body, target.Ids);
        using var response = await target.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await CaptureAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private static HttpRequestMessage Copy(HttpRequestMessage original, Uri uri, byte[]? body, IdMap? map)
    {
        var copy = new HttpRequestMessage(original.Method, uri);
        foreach (var header in original.Headers)
        {
            if (!string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        if (body is not null)
        {
            var bytes = map is null ? body : Encoding.UTF8.GetBytes(Translate(Encoding.UTF8.GetString(body), map));
            copy.Content = new ByteArrayContent(bytes);
            foreach (var header in original.Content!.Headers)
            {
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }
        return copy;
    }

    /// <summary>Upstream ids in a path, query or body replaced by the fake's (items created on both sides get different ids).</summary>
    private static string Translate(string text, IdMap map) =>
        ObjectIds.Replace(text, match => map.ToFake(match.Value));

    private static readonly System.Text.RegularExpressions.Regex ObjectIds = new("(?<![0-9a-fA-F])[0-9a-fA-F]{24}(?![0-9a-fA-F])", System.Text.RegularExpressions.RegexOptions.Compiled);

    private static async Task<CapturedAnswer> CaptureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = response.Headers.Select(h => new KeyValuePair<string, string[]>(h.Key, [.. h.Value])).ToList();
        return new CapturedAnswer((int)response.StatusCode, body, response.Content.Headers.ContentType?.ToString(), headers);
    }

    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase) { "Transfer-Encoding", "Connection", "Keep-Alive", "Date", "Server" };

    private static HttpResponseMessage ToResponse(CapturedAnswer answer, HttpRequestMessage request)
    {
        var response = new HttpResponseMessage((System.Net.HttpStatusCode)answer.Status) { RequestMessage = request, Content = new ByteArrayContent(answer.Body) };
        if (answer.ContentType is { } contentType)
        {
            response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        foreach (var (name, values) in answer.Headers)
        {
            if (!HopHeaders.Contains(name))
            {
                response.Headers.TryAddWithoutValidation(name, values);
            }
        }
        return response;
    }

    /// <summary>The part after <c>/api/v1/</c> (path and query), or null for a path outside the API.</summary>
    private static string? Relative(Uri? uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var pathAndQuery = uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
        const string Api = "/api/v1/";
        var at = pathAndQuery.IndexOf(Api, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : pathAndQuery[(at + Api.Length)..];
    }

    private static string? Bearer(HttpRequestMessage request) =>
        request.Headers.Authorization is { Scheme: var scheme, Parameter: { } key } && scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) ? key : null;

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _main.Dispose();
            foreach (var variant in _variants)
            {
                variant.Dispose();
            }
            _oneAtATime.Dispose();
        }
    }

    /// <summary>One fake the calls run against, with its client and its own id pairing.</summary>
    private sealed class Target(DeepLeadFake fake, FakeVariant? variant) : IDisposable
    {
        public DeepLeadFake Fake { get; } = fake;

        public FakeVariant? Variant { get; } = variant;

        public HttpClient Client { get; } = new(fake.CreateHandler(), disposeHandler: true);

        public IdMap Ids { get; } = new();

        public static async Task<Target> StartAsync(string name, string scenario, ShadowOptions shadow, FakeVariant? variant, CancellationToken cancellationToken)
        {
            var options = new DeepLeadFakeOptions { Transport = shadow.Transport };
            options.Scenarios.Add(ScenarioSource.Json(scenario, $"snapshot ({name})"));
            shadow.ConfigureFake?.Invoke(options);
            // A warning must reach the comparison as an answer, not as an exception.
            options.FailOnWarnings = false;
            if (variant is not null)
            {
                // The variants only explain differences: no coverage, no log, no port of their own.
                options.Transport = FakeTransport.InMemory;
                options.TrackCoverage = false;
                options.CoverageReportPath = null;
                options.Logger = null;
                variant.Apply(options);
            }
            var fake = await DeepLeadFake.StartAsync(options, cancellationToken).ConfigureAwait(false);
            return new Target(fake, variant);
        }

        public void Dispose()
        {
            Client.Dispose();
            Fake.Dispose();
        }
    }

    private sealed class ShadowHandler(DeepLeadShadow shadow) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            shadow.SendAsync(request, cancellationToken);
    }
}
