using System.Reflection.Metadata.Ecma335;
using DocumentHandle = System.Reflection.Metadata.DocumentHandle;
using HandleKind = System.Reflection.Metadata.HandleKind;
using MetadataReaderProvider = System.Reflection.Metadata.MetadataReaderProvider;
using MetadataStreamOptions = System.Reflection.Metadata.MetadataStreamOptions;
using TypeDefinitionHandle = System.Reflection.Metadata.TypeDefinitionHandle;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace DeepLead.Fakes.Tests.Architecture;

/// <summary>
/// The engine as its folders draw it: every type of a compiled assembly placed in the folder of the source file that
/// defines it (read from the portable PDB, whatever the namespace says), and every type-to-type dependency in the IL
/// (signatures, fields, attributes, method bodies) lifted to folder-to-folder edges.
/// </summary>
internal sealed class FolderGraph
{
    /// <summary>What a file directly under the project folder is called.</summary>
    public const string RootFolder = "(root)";

    private FolderGraph(IReadOnlyDictionary<string, string> folderOfType, IReadOnlyList<Edge> edges, IReadOnlyList<string> problems, IReadOnlyList<string> files)
    {
        FolderOfType = folderOfType;
        Edges = edges;
        Problems = problems;
        Files = files;
    }

    /// <summary>Each type's folder, by full name (nested types as <c>Outer/Inner</c>).</summary>
    public IReadOnlyDictionary<string, string> FolderOfType { get; }

    /// <summary>Every dependency of a type on a type in another folder.</summary>
    public IReadOnlyList<Edge> Edges { get; }

    /// <summary>Types that cannot be placed in one folder (none of their code has a file, or files in two folders).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The project-relative source files the PDB names.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>One type using another across folders.</summary>
    public sealed record Edge(string FromFolder, string FromType, string ToFolder, string ToType)
    {
        public override string ToString() => $"{FromFolder} → {ToFolder} ({FromType} uses {ToType})";
    }

    /// <summary>Reads an assembly and its portable PDB; <paramref name="projectFolder"/> is how the project's folder appears in the PDB's paths (e.g. <c>src/DeepLead.Fakes/</c>).</summary>
    public static FolderGraph Read(Stream assembly, Stream pdb, string projectFolder)
    {
        var (documentsOfType, documentsOfMethod, files) = ReadDocuments(pdb, projectFolder);
        assembly.Position = 0;
        using var module = ModuleDefinition.ReadModule(assembly, new ReaderParameters { ReadSymbols = false });
        foreach (var type in module.GetTypes())
        {
            foreach (var method in type.Methods)
            {
                if (documentsOfMethod.TryGetValue(method.MetadataToken.ToInt32(), out var methodFiles))
                {
                    if (!documentsOfType.TryGetValue(type.MetadataToken.ToInt32(), out var typeFiles))
                    {
                        documentsOfType[type.MetadataToken.ToInt32()] = typeFiles = [];
                    }
                    typeFiles.AddRange(methodFiles);
                }
            }
        }

        // The compiler's own top-level types (<Module>, <PrivateImplementationDetails>, collection-expression helpers) have no folder.
        var types = module.GetTypes().Where(t => !Outermost(t).Name.StartsWith('<')).ToList();
        var folderOfType = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        // Outer types first, so a nested type with no code of its own (an enum, a record's parts) takes its outer type's folder.
        foreach (var type in types.OrderBy(t => Depth(t)))
        {
            var folders = FoldersOf(type, documentsOfType);
            if (folders.Count == 0 && type.DeclaringType is { } outer && folderOfType.TryGetValue(outer.FullName, out var outerFolder))
            {
                folders.Add(outerFolder);
            }
            switch (folders.Count)
            {
                case 1:
                    folderOfType[type.FullName] = folders[0];
                    break;
                case 0:
                    problems.Add($"{type.FullName}: no source file in the PDB names it");
                    break;
                default:
                    problems.Add($"{type.FullName}: defined in files of several folders ({string.Join(", ", folders.Order(StringComparer.Ordinal))})");
                    break;
            }
        }

        var edges = new List<Edge>();
        foreach (var type in types)
        {
            if (!folderOfType.TryGetValue(type.FullName, out var from))
            {
                continue;
            }
            foreach (var used in Dependencies(type, module))
            {
                if (folderOfType.TryGetValue(used.FullName, out var to) && to != from)
                {
                    edges.Add(new Edge(from, type.FullName, to, used.FullName));
                }
            }
        }
        return new FolderGraph(folderOfType, edges, problems, files);
    }

    private static TypeDefinition Outermost(TypeDefinition type) => type.DeclaringType is null ? type : Outermost(type.DeclaringType);

    /// <summary>
    /// The folders of a type's own files; for a type whose code is all in nested types (an async method's state
    /// machine, a lambda's closure), theirs. Generated files (obj/: regex and logging source generators) do not count.
    /// </summary>
    private static List<string> FoldersOf(TypeDefinition type, Dictionary<int, List<string>> documentsOfType)
    {
        IEnumerable<string> Files(TypeDefinition t) => documentsOfType.GetValueOrDefault(t.MetadataToken.ToInt32(), []).Where(f => !f.StartsWith("obj/", StringComparison.Ordinal));
        var own = Files(type).ToList();
        if (own.Count == 0)
        {
            own = [.. type.NestedTypes.SelectMany(Files)];
        }
        return [.. own.Select(FolderOf).Distinct(StringComparer.Ordinal)];
    }

    private static int Depth(TypeDefinition type) => type.DeclaringType is null ? 0 : 1 + Depth(type.DeclaringType);

    /// <summary>The folder of a project-relative path: its first segment, or the root for a file directly in the project.</summary>
    private static string FolderOf(string relativePath) =>
        relativePath.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? relativePath[..slash] : RootFolder;

    /// <summary>
    /// From the PDB: type token → the files of a code-less type's declaration; method token → the files of its body
    /// (the PDB's method rows line up with the assembly's); and every project-relative .cs file named.
    /// </summary>
    private static (Dictionary<int, List<string>> Types, Dictionary<int, List<string>> Methods, IReadOnlyList<string> Files) ReadDocuments(Stream pdb, string projectFolder)
    {
        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb, MetadataStreamOptions.LeaveOpen);
        var reader = provider.GetMetadataReader();
        string? Relative(DocumentHandle handle)
        {
            if (handle.IsNil)
            {
                return null;
            }
            var path = reader.GetString(reader.GetDocument(handle).Name).Replace('\\', '/');
            var at = path.IndexOf(projectFolder, StringComparison.Ordinal);
            return at < 0 ? null : path[(at + projectFolder.Length)..];
        }
        IReadOnlyList<string> files = [.. reader.Documents.Select(d => Relative(d)).OfType<string>()
            .Where(p => p.EndsWith(".cs", StringComparison.Ordinal) && !p.StartsWith("obj/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

        var result = new Dictionary<int, List<string>>();
        void Add(TypeDefinitionHandle type, string? file)
        {
            if (file is null || !file.EndsWith(".cs", StringComparison.Ordinal))
            {
                return;
            }
            var token = MetadataTokens.GetToken(type);
            if (!result.TryGetValue(token, out var list))
            {
                result[token] = list = [];
            }
            list.Add(file);
        }

        var methodDocuments = new Dictionary<int, List<string>>();
        foreach (var handle in reader.MethodDebugInformation)
        {
            var info = reader.GetMethodDebugInformation(handle);
            var documents = new List<string>();
            if (!info.Document.IsNil)
            {
                documents.Add(Relative(info.Document)!);
            }
            else if (!info.SequencePointsBlob.IsNil)
            {
                documents.AddRange(info.GetSequencePoints().Select(p => Relative(p.Document)).OfType<string>());
            }
            if (documents.Count > 0)
            {
                methodDocuments[0x06000000 | MetadataTokens.GetRowNumber(handle)] = documents;
            }
        }
        // Types with no method bodies (enums, interfaces, plain records' declarations) are named by this record instead.
        var typeDocumentsKind = new Guid("932E74BC-DBA9-4478-8D46-0F32A7BAB3D3");
        foreach (var handle in reader.CustomDebugInformation)
        {
            var info = reader.GetCustomDebugInformation(handle);
            if (info.Parent.Kind != HandleKind.TypeDefinition || reader.GetGuid(info.Kind) != typeDocumentsKind)
            {
                continue;
            }
            var blob = reader.GetBlobReader(info.Value);
            while (blob.RemainingBytes > 0)
            {
                Add((TypeDefinitionHandle)info.Parent, Relative(MetadataTokens.DocumentHandle(blob.ReadCompressedInteger())));
            }
        }
        return (result, methodDocuments, files);
    }

    /// <summary>Every type definition of <paramref name="module"/> that <paramref name="type"/> names anywhere.</summary>
    private static IEnumerable<TypeDefinition> Dependencies(TypeDefinition type, ModuleDefinition module)
    {
        var found = new HashSet<TypeDefinition>();
        void Visit(TypeReference? reference)
        {
            switch (reference)
            {
                case null:
                case GenericParameter:
                    return;
                case GenericInstanceType generic:
                    Visit(generic.ElementType);
                    foreach (var argument in generic.GenericArguments)
                    {
                        Visit(argument);
                    }
                    return;
                case TypeSpecification specification:
                    Visit(specification.ElementType);
                    return;
                case TypeDefinition definition when definition.Module == module:
                    found.Add(definition);
                    return;
            }
        }
        void VisitMethod(MethodReference? method)
        {
            if (method is null)
            {
                return;
            }
            Visit(method.DeclaringType);
            Visit(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Visit(parameter.ParameterType);
            }
            if (method is GenericInstanceMethod generic)
            {
                foreach (var argument in generic.GenericArguments)
                {
                    Visit(argument);
                }
            }
        }
        void VisitAttributes(Mono.Cecil.ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                VisitMethod(attribute.Constructor);
                foreach (var argument in attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument)))
                {
                    Visit(argument.Type);
                    Visit(argument.Value as TypeReference);
                }
            }
        }

        Visit(type.BaseType);
        VisitAttributes(type);
        foreach (var implemented in type.Interfaces)
        {
            Visit(implemented.InterfaceType);
        }
        foreach (var parameter in type.GenericParameters)
        {
            foreach (var constraint in parameter.Constraints)
            {
                Visit(constraint.ConstraintType);
            }
        }
        foreach (var field in type.Fields)
        {
            Visit(field.FieldType);
            VisitAttributes(field);
        }
        foreach (var property in type.Properties)
        {
            Visit(property.PropertyType);
            VisitAttributes(property);
        }
        foreach (var method in type.Methods)
        {
            VisitMethod(method);
            VisitAttributes(method);
            if (!method.HasBody)
            {
                continue;
            }
            foreach (var variable in method.Body.Variables)
            {
                Visit(variable.VariableType);
            }
            foreach (var handler in method.Body.ExceptionHandlers)
            {
                Visit(handler.CatchType);
            }
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference operand:
                        Visit(operand);
                        break;
                    case MethodReference operand:
                        VisitMethod(operand);
                        break;
                    case FieldReference operand:
                        Visit(operand.DeclaringType);
                        Visit(operand.FieldType);
                        break;
                }
            }
        }
        found.Remove(type);
        return found;
    }
}
