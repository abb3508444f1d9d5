using System.CommandLine;

namespace DeepLead.Fakes.Server;

internal sealed partial class StubCommandLine
{
    /// <summary><c>deeplead-fake schema &gt; scenario.schema.json</c>: the scenario schema, byte for byte, for editors and $schema.</summary>
    private static Command SchemaCommand()
    {
        var command = new Command("schema", "Write the JSON Schema of scenario files to standard output (deeplead-fake schema > scenario.schema.json).");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(ScenarioSchema.Json), cancellationToken);
            return Program.ExitOk;
        });
        return command;
    }
}
