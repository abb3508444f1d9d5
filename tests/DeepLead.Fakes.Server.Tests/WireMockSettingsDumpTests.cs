using Newtonsoft.Json;
using WireMock.Admin.Mappings;
using WireMock.Admin.Settings;
using WireMock.Settings;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>
/// The stub makes Newtonsoft.Json skip WireMock.Net's settings object, which WireMock.Net's constructor serializes for a
/// debug line nobody reads (<see cref="WireMockSettingsDump"/>). Everything else must serialize exactly as by default:
/// WireMock.Net's admin API and mappings use the same library in the same process.
/// </summary>
public sealed class WireMockSettingsDumpTests
{
    private static readonly JsonSerializerSettings StubDefaults = new() { ContractResolver = new WireMockSettingsDump.Resolver() };

    [Fact]
    public void WireMock_Nets_settings_serialize_as_an_empty_object()
    {
        var settings = new WireMockServerSettings { Urls = ["http://127.0.0.1:0"], StartAdminInterface = true, MaxRequestLogCount = 0 };

        Assert.Equal(WireMockSettingsDump.SettingsTypeName, typeof(WireMockServerSettings).FullName);
        Assert.Equal("{}", JsonConvert.SerializeObject(settings, Formatting.Indented, StubDefaults));
        Assert.NotEqual("{}", JsonConvert.SerializeObject(settings, Formatting.Indented));
    }

    public static TheoryData<string> Others => ["mapping", "settings model", "anonymous", "dictionary", "list of dates"];

    [Theory]
    [MemberData(nameof(Others))]
    public void Every_other_type_serializes_and_reads_back_as_by_default(string kind)
    {
        object value = kind switch
        {
            "mapping" => new MappingModel
            {
                Guid = Guid.Parse("0b5e1c59-4a6a-4d0a-9d63-2f0c2c8f6a11"),
                Title = "pools",
                Priority = 3,
                Request = new RequestModel { Path = "/api/v1/pools", Methods = ["GET"] },
                Response = new ResponseModel { StatusCode = 200, Body = "{\"pools\":[]}", Headers = new Dictionary<string, object> { ["Content-Type"] = "application/json" } },
            },
            "settings model" => new SettingsModel { AllowPartialMapping = true, MaxRequestLogCount = 10, GlobalProcessingDelay = 5 },
            "anonymous" => new { name = "Main Pool", count = 10, nested = new { ok = true, missing = (string?)null } },
            "dictionary" => new Dictionary<string, object?> { ["a"] = 1, ["b"] = "two", ["c"] = null, ["d"] = new[] { 1.5, 2.5 } },
            _ => new List<DateTimeOffset> { new(2024, 1, 15, 10, 30, 0, TimeSpan.Zero), new(2024, 1, 15, 12, 0, 0, TimeSpan.FromHours(2)) },
        };

        var expected = JsonConvert.SerializeObject(value, Formatting.Indented);
        var actual = JsonConvert.SerializeObject(value, Formatting.Indented, StubDefaults);

        Assert.Equal(expected, actual);
        Assert.Equal(
            JsonConvert.SerializeObject(JsonConvert.DeserializeObject(expected, value.GetType())),
            JsonConvert.SerializeObject(JsonConvert.DeserializeObject(actual, value.GetType(), StubDefaults), StubDefaults));
    }
}
