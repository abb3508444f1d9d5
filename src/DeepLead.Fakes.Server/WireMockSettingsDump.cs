using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace DeepLead.Fakes.Server;

/// <summary>
/// WireMock.Net's server constructor serializes its whole settings object with Newtonsoft.Json's defaults, for a debug
/// line that its null logger (the one the fake gives it) throws away: 55-65 ms of reflection on the stub's path to its
/// first answer, the largest single step of WireMock.Net's start (docs/performance.md, "Start"). The stub owns its
/// process, so it makes that one type serialize as an empty object; every other type serializes exactly as by default.
/// A library cannot do this: Newtonsoft.Json's defaults are process-wide, and a test process's code may set its own.
/// </summary>
internal static class WireMockSettingsDump
{
    internal const string SettingsTypeName = "WireMock.Settings.WireMockServerSettings";

    /// <summary>Sets Newtonsoft.Json's process-wide defaults, unless something in the process has set them already.</summary>
    public static void Skip()
    {
        if (JsonConvert.DefaultSettings is null)
        {
            var settings = new JsonSerializerSettings { ContractResolver = new Resolver() };
            JsonConvert.DefaultSettings = () => settings;
        }
    }

    /// <summary>Newtonsoft.Json's default resolver, but no members for WireMock.Net's settings.</summary>
    internal sealed class Resolver : DefaultContractResolver
    {
        protected override JsonContract CreateContract(Type objectType) =>
            string.Equals(objectType.FullName, SettingsTypeName, StringComparison.Ordinal)
                ? new JsonObjectContract(objectType)
                : base.CreateContract(objectType);
    }
}
