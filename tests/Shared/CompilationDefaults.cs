namespace DeepLead.Fakes.Tests.Shared;

/// <summary>What tests that compile code in memory (generated clients, docs snippets) give it, as a consumer's project would.</summary>
internal static class CompilationDefaults
{
    /// <summary>What an SDK-style project with <c>ImplicitUsings</c> enabled imports.</summary>
    public const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
