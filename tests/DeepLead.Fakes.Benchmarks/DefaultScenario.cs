namespace DeepLead.Fakes.Benchmarks;

/// <summary>
/// The 10-inbox default world: the repository's <c>scenarios/default.json</c> when it is there and loads,
/// else the same pool and inboxes seeded in code, so the benchmarks never depend on the file.
/// </summary>
internal static class DefaultScenario
{
    public const string PoolId = "507f1f77bcf86cd799439011";

    /// <summary>Where the options came from, for the log.</summary>
    public static string Describe(DeepLeadFakeOptions options) =>
        options.Scenarios.Count > 0 ? "scenario " + options.Scenarios[0].Description : "seeded in code (1 pool, 10 inboxes)";

    public static DeepLeadFakeOptions CreateOptions()
    {
        var file = FindFile();
        if (file is not null)
        {
            var fromFile = new DeepLeadFakeOptions().AddScenarioFile(file);
            try
            {
                // Build once to make sure the file loads (it may be mid-edit); the result is thrown away.
                _ = Options.OptionsLayer.Build(fromFile);
                return fromFile;
            }
            catch (ScenarioException exception)
            {
                Console.WriteLine($"// {file} does not load ({exception.Message}); seeding the default world in code instead.");
            }
        }
        return InCode();
    }

    private static string? FindFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeepLead.Fakes.sln")))
            {
                var path = Path.Combine(dir.FullName, "scenarios", "default.json");
                return File.Exists(path) ? path : null;
            }
        }
        return null;
    }

    private static DeepLeadFakeOptions InCode()
    {
        var clock = new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);
        var options = new DeepLeadFakeOptions { Clock = clock, Seed = 42 };
        options.Pools.Add(new PoolDefinition { Id = PoolId, Name = "Main Pool", CreatedAt = clock.AddMinutes(-90) });
        (string Email, InboxStatus Status)[] inboxes =
        [
            ("anna.berg@gmail.com", InboxStatus.Active),
            ("ben.okafor@outlook.com", InboxStatus.Active),
            ("carla.diaz@yahoo.com", InboxStatus.Active),
            ("dev.patel@zoho.com", InboxStatus.Paused),
            ("eve.martin@icloud.com", InboxStatus.Active),
            ("farid.haddad@gmail.com", InboxStatus.Deactivated),
            ("grace.lee@company.com", InboxStatus.Active),
            ("hugo.schmidt@company.com", InboxStatus.Error),
            ("ivy.nguyen@hotmail.com", InboxStatus.Active),
            ("jack.wilson@me.com", InboxStatus.Active),
        ];
        for (var i = 0; i < inboxes.Length; i++)
        {
            options.Inboxes.Add(new InboxDefinition
            {
                EmailAddress = inboxes[i].Email,
                PoolId = PoolId,
                Status = inboxes[i].Status,
                DailySendingLimit = 10 + (5 * i),
                CreatedAt = clock.AddMinutes(-89 + i),
            });
        }
        return options;
    }
}
