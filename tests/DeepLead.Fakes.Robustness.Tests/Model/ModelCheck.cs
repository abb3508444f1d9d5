using System.Text;
using DeepLead.Fakes.Robustness.Tests.Support;

namespace DeepLead.Fakes.Robustness.Tests.Model;

/// <summary>Runs and compares model and fake: every canonical response in order, then every account's final state.</summary>
internal static class ModelCheck
{
    public const int Accounts = 2;

    public static bool Equal(ActualWorld actual, ModelWorld model)
    {
        actual.LastDifference = Difference(actual, model);
        return actual.LastDifference is null;
    }

    /// <summary>The first difference between fake and model, or null when they agree.</summary>
    public static string? Difference(ActualWorld actual, ModelWorld model)
    {
        for (var i = 0; i < Math.Max(actual.Log.Count, model.Log.Count); i++)
        {
            var a = i < actual.Log.Count ? actual.Log[i] : "(none)";
            var m = i < model.Log.Count ? model.Log[i] : "(none)";
            if (a != m)
            {
                return $"response {i + 1} differs:\n  fake:  {a}\n  model: {m}";
            }
        }
        var actualState = actual.State();
        var modelState = model.State();
        for (var i = 0; i < Math.Max(actualState.Count, modelState.Count); i++)
        {
            var a = i < actualState.Count ? actualState[i] : "(none)";
            var m = i < modelState.Count ? modelState[i] : "(none)";
            if (a != m)
            {
                return $"final state differs:\n  fake:  {a}\n  model: {m}";
            }
        }
        return actual.PasswordsMatch(model, out var mismatch) ? null : mismatch;
    }

    public static string Print(ActualWorld actual)
    {
        var text = new StringBuilder($"FIRST DIFFERENCE: {actual.LastDifference}\nfake responses:\n");
        foreach (var line in actual.Log)
        {
            text.Append("  ").AppendLine(line);
        }
        return text.ToString();
    }

    public static string Print(ModelWorld model)
    {
        var text = new StringBuilder("model responses:\n");
        foreach (var line in model.Log)
        {
            text.Append("  ").AppendLine(line);
        }
        return text.ToString();
    }

    /// <summary>Replays a fixed sequence (a shrunk counterexample) and fails with the first difference.</summary>
    public static void Replay(DeepLeadFake fake, HttpClient client, params Op[] ops)
    {
        var actual = new ActualWorld(fake, client, Accounts);
        var model = new ModelWorld(Accounts);
        foreach (var op in ops)
        {
            actual.Run(op);
            model.Run(op);
        }
        if (Difference(actual, model) is { } difference)
        {
            throw new Xunit.Sdk.XunitException($"{difference}\n\noperations:\n  {string.Join("\n  ", ops.Select(o => o.ToString()))}");
        }
    }

    /// <summary>An item from (field, JSON) pairs, for readable counterexamples: <c>Item(("emailAddress", "\"a@gmail.com\""))</c>.</summary>
    public static ItemSpec Item(params (string Name, string Json)[] fields) =>
        new([.. fields.Select(f => new KeyValuePair<string, JVal>(f.Name, f.Json.StartsWith('"') ? new JStr(System.Text.Json.JsonSerializer.Deserialize<string>(f.Json)!) : f.Json.StartsWith("pool[", StringComparison.Ordinal) ? new JPool(f.Json[5] - '0', f.Json.EndsWith('^')) : new JRaw(f.Json)))]);
}

/// <summary>One shared fake per transport for the model-based and concurrency tests; each run works in tenants of its own.</summary>
public sealed class SharedFakes : IAsyncLifetime
{
    public DeepLeadFake InMemory { get; private set; } = null!;
    public DeepLeadFake WireMock { get; private set; } = null!;
    public HttpClient InMemoryClient { get; private set; } = null!;
    public HttpClient WireMockClient { get; private set; } = null!;

    public DeepLeadFake Fake(FakeTransport transport) => transport == FakeTransport.InMemory ? InMemory : WireMock;

    public HttpClient Client(FakeTransport transport) => transport == FakeTransport.InMemory ? InMemoryClient : WireMockClient;

    public async ValueTask InitializeAsync()
    {
        InMemory = await DeepLeadFake.StartAsync(ModelWorld.FakeOptions(FakeTransport.InMemory));
        WireMock = await DeepLeadFake.StartAsync(ModelWorld.FakeOptions(FakeTransport.WireMock));
        InMemoryClient = Wire.Client(InMemory);
        WireMockClient = Wire.Client(WireMock);
    }

    public async ValueTask DisposeAsync()
    {
        InMemoryClient.Dispose();
        WireMockClient.Dispose();
        await InMemory.DisposeAsync();
        await WireMock.DisposeAsync();
    }
}
