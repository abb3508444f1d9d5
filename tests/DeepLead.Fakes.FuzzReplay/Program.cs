using System.Globalization;
using DeepLead.Fakes.Robustness.Tests.Fuzz;

// dotnet run --project tests/DeepLead.Fakes.FuzzReplay -- transcript SEED FIRST COUNT   the digest a fuzz run prints
// dotnet run --project tests/DeepLead.Fakes.FuzzReplay -- show SEED INDEX               one request, whole
const string Usage = "usage: transcript SEED FIRST COUNT | show SEED INDEX";

int Number(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

switch (args)
{
    case ["transcript", var seed, var first, var count]:
        Console.WriteLine(FuzzTranscript.LinePrefix + FuzzTranscript.Of(new FuzzGenerator(Number(seed), FuzzKeys.DefaultScenario), Number(first), Number(count)));
        return 0;
    case ["show", var seed, var index]:
        var request = new FuzzGenerator(Number(seed), FuzzKeys.DefaultScenario).Next(Number(index));
        Console.WriteLine($"{request.Method} {request.PathAndQuery}");
        Console.WriteLine($"Authorization: {request.Authorization ?? "(none)"}");
        Console.WriteLine($"Content-Type: {request.ContentType ?? "(none)"}");
        Console.WriteLine($"documented answers: {string.Join("/", request.Allowed)}" +
            (request.ServerRefusal is { } refusal ? $"; over the port the web server refuses it with {refusal}" : ""));
        Console.WriteLine($"body ({request.BodyKind}, {request.Body?.Length ?? 0} bytes, base64):");
        Console.WriteLine(request.Body is null ? "(none)" : Convert.ToBase64String(request.Body));
        return 0;
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}
