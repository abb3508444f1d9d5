using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeepLead.Fakes.Protocol;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Contract;

/// <summary>
/// Issue 26, finding 11: the served schemas' "not blank" patterns and the engine's blank check agree, for every
/// character, read as ECMAScript (what JSON Schema names) and as .NET reads them.
/// </summary>
public sealed class BlankTextAgreementTests
{
    /// <summary>Every <c>pattern</c> in a document, with its JSON path.</summary>
    private static IEnumerable<(string Path, string Pattern)> Patterns(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "pattern" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return (path, property.Value.GetString()!);
                    }
                    foreach (var inner in Patterns(property.Value, $"{path}.{property.Name}"))
                    {
                        yield return inner;
                    }
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var inner in Patterns(item, $"{path}[{i++}]"))
                    {
                        yield return inner;
                    }
                }
                break;
        }
    }

    public static TheoryData<string> Documents() => ["openapi", "scenario"];

    [Theory]
    [MemberData(nameof(Documents))]
    public void No_served_pattern_uses_a_class_escape_whose_meaning_differs_by_dialect(string name)
    {
        using var document = JsonDocument.Parse(name == "openapi" ? DeepLeadOpenApi.Json : ScenarioSchema.Json);

        var patterns = Patterns(document.RootElement).ToList();

        Assert.NotEmpty(patterns);
        // \s, \S (and so \w, \b's neighbours) mean different sets in ECMAScript and .NET.
        Assert.All(patterns, p => Assert.DoesNotMatch(@"\\[sS]", p.Pattern));
    }

    [Fact]
    public void The_blank_patterns_of_both_schemas_are_the_engines_own()
    {
        using var openApi = JsonDocument.Parse(DeepLeadOpenApi.Json);
        using var scenario = JsonDocument.Parse(ScenarioSchema.Json);

        var blank = Patterns(openApi.RootElement).Where(p => p.Path.EndsWith("Password", StringComparison.Ordinal) || p.Path.EndsWith("Username", StringComparison.Ordinal)).ToList();
        var noSpace = Patterns(scenario.RootElement).Where(p => p.Pattern.Contains("\\u3000", StringComparison.Ordinal)).ToList();

        Assert.Equal(4, blank.Count);
        Assert.All(blank, p => Assert.Equal(BlankText.NotBlankPattern, p.Pattern));
        Assert.Equal(2, noSpace.Count);
        Assert.All(noSpace, p => Assert.Equal(BlankText.NoWhiteSpacePattern, p.Pattern));
    }

    [Fact]
    public void For_every_character_the_pattern_in_either_dialect_and_the_engine_agree()
    {
        var dotnet = new Regex(BlankText.NotBlankPattern, RegexOptions.CultureInvariant);
        var ecmaScript = new Regex(BlankText.NotBlankPattern, RegexOptions.ECMAScript);
        var disagreements = new List<string>();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }
            var text = ((char)c).ToString();
            var accepted = !BlankText.IsBlank(text);
            if (dotnet.IsMatch(text) != accepted || ecmaScript.IsMatch(text) != accepted)
            {
                disagreements.Add($"U+{c:X4}");
            }
        }

        Assert.Empty(disagreements);
    }

    public static TheoryData<string, bool> Reported() => new()
    {
        { "\ufeff", true },   // ECMAScript's \s has it, so "\S" refused what the engine accepts
        { "\u0085", false },  // ECMAScript's \s lacks it, so "\S" allowed what the engine refuses
        { " \u3000\t", false },
        { " x ", true },
    };

    [Theory]
    [MemberData(nameof(Reported))]
    public async Task A_password_the_schema_allows_is_one_the_fake_accepts(string password, bool accepted)
    {
        foreach (var transport in new[] { FakeTransport.InMemory, FakeTransport.WireMock })
        {
            await using var fake = await StartAsync(transport: transport);
            using var client = Validated(fake);

            using var response = await client.PostJsonAsync("inboxes", $$"""{"emailAddress": "a@gmail.com", "imapPassword": {{JsonSerializer.Serialize(password)}}}""");

            Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(accepted, new Regex(BlankText.NotBlankPattern, RegexOptions.ECMAScript).IsMatch(password));
        }
    }
}
