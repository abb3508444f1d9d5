using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace DeepLead.Fakes.ClientGeneration.Tests;

/// <summary>The document as Microsoft.OpenApi (the parser under Kiota and ASP.NET Core) reads it: no errors, no warnings.</summary>
public sealed class OpenApiParsingTests
{
    [Fact]
    public async Task The_shipped_document_parses_with_Microsoft_OpenApi_without_errors_or_warnings()
    {
        await using var stream = DeepLeadOpenApi.Open();

        var result = await OpenApiDocument.LoadAsync(stream, "json", new OpenApiReaderSettings(), TestContext.Current.CancellationToken);

        Assert.Empty(result.Diagnostic!.Errors.Select(e => e.ToString()));
        Assert.Empty(result.Diagnostic.Warnings.Select(e => e.ToString()));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, result.Diagnostic.SpecificationVersion);
        var document = result.Document!;
        Assert.Equal(["/pools", "/inboxes"], document.Paths.Keys);
        // The shape generators got wrong before: a nullable string id (it was a oneOf of a reference and null).
        var request = document.Components!.Schemas!["CreateInboxRequest"];
        Assert.Equal(JsonSchemaType.String | JsonSchemaType.Null, request.Properties!["poolId"].Type);
        Assert.Equal("^[0-9a-fA-F]{24}$", request.Properties["poolId"].Pattern);
    }
}
