using System.Text.Json.Serialization;

namespace DeepLead.Fakes.Scenarios;

/// <summary>
/// Compile-time System.Text.Json metadata for the scenario file's types, keyed on the root type only (everything it
/// reaches is generated with it). Building the same metadata by reflection was the largest part of the stub's start-up.
/// The options that matter are <see cref="ScenarioLoader.Options"/>'s: this context only supplies the metadata.
/// </summary>
[JsonSerializable(typeof(ScenarioModel))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext;
