namespace DeepLead.Fakes.Testcontainers.Tests;

/// <summary>The builder's checks, made where the mistake is (no Docker needed).</summary>
public sealed class DeepLeadFakeBuilderTests
{
    [Fact]
    public void A_scenario_that_is_neither_shipped_nor_a_file_is_refused_with_its_path()
    {
        var builder = new DeepLeadFakeBuilder("deeplead-fake:test");
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-scenario-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<ArgumentException>(() => builder.WithScenario(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("shipped:NAME", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => builder.WithScenario("shipped:"));
        Assert.Throws<ArgumentException>(() => builder.WithScenario("shipped:default;shipped:outage"));
        Assert.Throws<ArgumentException>(() => builder.WithScenario(" "));
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("tab\tinside")]
    [InlineData("caf\u00e9")]
    [InlineData("")]
    public void An_admin_token_that_cannot_travel_in_a_header_is_refused(string token)
    {
        Assert.Throws<ArgumentException>(() => new DeepLeadFakeBuilder("deeplead-fake:test").WithAdminToken(token));
    }
}
