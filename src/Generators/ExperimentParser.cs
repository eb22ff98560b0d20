using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReproHeavyTails.Generators
{
    /// <summary>
    /// Turns an [Experiment] class symbol into a <see cref="ParseResult"/>: the values the emitter needs, and the
    /// diagnostics with their locations kept apart from them. Symbols never leave this class.
    /// </summary>
    internal sealed class ExperimentParser
    {
        private static readonly Regex IdPattern = new("^[a-z0-9]+(-[a-z0-9]+)*$");
        private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
            .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private readonly List<DiagnosticInfo> _diagnostics = new();
        private readonly INamedTypeSymbol _type;
        private readonly Compilation _compilation;
        private readonly CancellationToken _cancellation;

        private ExperimentParser(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellation)
        {
            _type = type;
            _compilation = compilation;
            _cancellation = cancellation;
        }

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellation) =>
            new ExperimentParser((INamedTypeSymbol)context.TargetSymbol, context.SemanticModel.Compilation, cancellation).Parse(context.Attributes[0]);

        private ParseResult Parse(AttributeData experiment)
        {
            var name = _type.Name;
            var location = _type.Locations.FirstOrDefault();
            if (!_type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_cancellation) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword)))
                Report(Diagnostics.NotPartial, location, name);
            if (_type.IsAbstract || _type.IsStatic || _type.IsGenericType || _type.TypeKind != TypeKind.Class)
                Report(Diagnostics.BadExperimentShape, location, name, "it must be a non-abstract, non-static, non-generic class");
            else if (!_type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility != Accessibility.Private))
                Report(Diagnostics.BadExperimentShape, location, name, "it needs a parameterless constructor (one instance is made per cell)");

            var id = experiment.ConstructorArguments.Length > 0 ? experiment.ConstructorArguments[0].Value as string ?? "" : "";
            var version = Named<int?>(experiment, FrameworkNames.VersionArgument) ?? 1;
            var attributeLocation = LocationInfo.From(experiment.ApplicationSyntaxReference?.GetSyntax(_cancellation).GetLocation()) ?? LocationInfo.From(location);
            if (!IdPattern.IsMatch(id))
                Report(Diagnostics.InvalidIdOrVersion, attributeLocation, name, $"id \"{id}\" must be lower-case letters and digits separated by single dashes");
            if (version < 1)
                Report(Diagnostics.InvalidIdOrVersion, attributeLocation, name, $"version {version} must be 1 or more");

            var fullName = _type.ToDisplayString(FullyQualified);
            var (quickReplicates, paperReplicates) = Replicates(location);
            var parameters = Parameters(fullName);
            var (runMethod, takesContext, sequence, rowType) = RunMethod(location);
            var (rowTypeName, columns, constructor) = rowType is null ? ("object", new List<ColumnModel>(), new List<string>()) : Row(rowType, runMethod!, parameters);
            if (rowType is not null) parameters = BindHorizons(parameters, columns, location);
            var claims = Claims(rowType);
            var figures = Figures(rowType);

            var paperId = Named<string>(experiment, FrameworkNames.PaperArgument) ?? "";
            var model = _diagnostics.Count > 0 ? null : new ExperimentModel(
                _type.ContainingNamespace.IsGlobalNamespace ? null : _type.ContainingNamespace.ToDisplayString(),
                new EquatableArray<ContainingTypeModel>(ContainingTypes()),
                name,
                fullName,
                id, version,
                Named<string>(experiment, FrameworkNames.TitleArgument) ?? "",
                paperId,
                Named<string>(experiment, FrameworkNames.AspectArgument) ?? "",
                Named<string>(experiment, FrameworkNames.CreditArgument) ?? "",
                quickReplicates, paperReplicates,
                new EquatableArray<ParameterModel>(parameters),
                rowTypeName,
                new EquatableArray<ColumnModel>(columns),
                new EquatableArray<string>(constructor),
                runMethod?.Name ?? "",
                takesContext, sequence,
                new EquatableArray<ClaimModel>(claims),
                new EquatableArray<FigureModel>(figures));
            return new ParseResult(model, new EquatableArray<DiagnosticInfo>(_diagnostics), new ExperimentIdentity(id, fullName, paperId, attributeLocation));
        }

        private IEnumerable<ContainingTypeModel> ContainingTypes()
        {
            var stack = new Stack<ContainingTypeModel>();
            for (var t = _type.ContainingType; t is not null; t = t.ContainingType)
                stack.Push(new ContainingTypeModel(t.Name, t.IsRecord, t.TypeKind == TypeKind.Struct));
            return stack;
        }

        private (int, int) Replicates(Location? location)
        {
            var attribute = Attribute(_type, FrameworkNames.Replicates);
            if (attribute is null || attribute.ConstructorArguments.Length != 2) return (1, 1);
            var quick = attribute.ConstructorArguments[0].Value as int? ?? 1;
            var paper = attribute.ConstructorArguments[1].Value as int? ?? 1;
            foreach (var n in new[] { quick, paper })
                if (n < 1) Report(Diagnostics.BadReplicates, location, _type.Name, n.ToString(CultureInfo.InvariantCulture));
            return (quick, paper);
        }

        private List<ParameterModel> Parameters(string experimentName)
        {
            var result = new List<ParameterModel>();
            var literalCounts = new List<(string Name, string? Zip, int? Quick, int? Paper, Location? Location)>();
            foreach (var property in _type.GetMembers().OfType<IPropertySymbol>())
            {
                var values = Attribute(property, FrameworkNames.Values);
                var quick = Attribute(property, FrameworkNames.Quick);
                var paper = Attribute(property, FrameworkNames.Paper);
                var from = Attribute(property, FrameworkNames.ValuesFrom);
                if (values is null && quick is null && paper is null && from is null) continue;
                var location = property.Locations.FirstOrDefault();
                var zip = Attribute(property, FrameworkNames.Zip)?.ConstructorArguments.FirstOrDefault().Value as string;

                var type = property.Type;
                var kind = ScalarKindOf(type);
                if (ColumnKindOf(type) is null || kind is null)
                {
                    Report(Diagnostics.UnsupportedParameterType, location, property.Name, type.ToDisplayString());
                    continue;
                }
                if (property.IsStatic || property.SetMethod is null)
                {
                    Report(Diagnostics.BadExperimentShape, location, _type.Name, $"parameter '{property.Name}' must be an instance property with a setter or init accessor");
                    continue;
                }
                var source = from is null ? null : ValuesFrom(property, from.ConstructorArguments.FirstOrDefault().Value as string ?? "", type, location);

                ValuesModel? Literals(AttributeData? a, out int? count)
                {
                    count = null;
                    if (a is null || a.ConstructorArguments.Length == 0) return null;
                    var items = a.ConstructorArguments[0].Kind == TypedConstantKind.Array ? a.ConstructorArguments[0].Values : ImmutableArray.Create(a.ConstructorArguments[0]);
                    count = items.Length;
                    return ValuesModel.Of(new EquatableArray<ConstantModel>(items.Select(v => Constant(v, type, kind.Value, property.Name, location)).Where(c => c is not null).Select(c => c!)));
                }

                var all = Literals(values, out var allCount);
                var quickValues = Literals(quick, out var quickCount) ?? all ?? source;
                var paperValues = Literals(paper, out var paperCount) ?? all ?? source;
                quickCount ??= quick is null ? allCount : quickCount;
                paperCount ??= paper is null ? allCount : paperCount;
                if (quickValues is null) Report(Diagnostics.MissingProfileValues, location, property.Name, ArtifactConventions.QuickProfile, "Quick");
                if (paperValues is null) Report(Diagnostics.MissingProfileValues, location, property.Name, ArtifactConventions.PaperProfile, "Paper");
                if (quickCount == 0) Report(Diagnostics.EmptyGrid, location, property.Name, ArtifactConventions.QuickProfile);
                if (paperCount == 0) Report(Diagnostics.EmptyGrid, location, property.Name, ArtifactConventions.PaperProfile);
                literalCounts.Add((property.Name, zip, from is null || quick is not null || values is not null ? quickCount : null,
                    from is null || paper is not null || values is not null ? paperCount : null, location));
                var (horizonProperty, spotCheck) = Horizon(property, kind.Value, location);
                if (quickValues is not null && paperValues is not null)
                    result.Add(new ParameterModel(property.Name, type.ToDisplayString(FullyQualified), kind.Value, zip, quickValues, paperValues, horizonProperty, spotCheck));
            }

            foreach (var group in literalCounts.Where(p => p.Zip is not null).GroupBy(p => p.Zip))
            {
                foreach (var (profile, counts) in new[]
                {
                    (ArtifactConventions.QuickProfile, group.Select(p => (p.Name, p.Quick))),
                    (ArtifactConventions.PaperProfile, group.Select(p => (p.Name, p.Paper))),
                })
                {
                    var known = counts.Where(c => c.Item2 is not null).ToList();
                    if (known.Select(c => c.Item2).Distinct().Count() > 1)
                        Report(Diagnostics.ZipLengthMismatch, group.First().Location, group.Key!, profile,
                            string.Join(", ", known.Select(c => $"{c.Name} ({c.Item2})")));
                }
            }
            return result;
        }

        /// <summary>A [Horizon]'s row property and spot-check value, checked as far as the parameter alone allows.</summary>
        private (string? RowProperty, int SpotCheck) Horizon(IPropertySymbol property, ScalarKind kind, Location? location)
        {
            var attribute = Attribute(property, FrameworkNames.Horizon);
            if (attribute is null || attribute.ConstructorArguments.Length != 2) return (null, 0);
            var rowProperty = attribute.ConstructorArguments[0].Value as string ?? "";
            var spotCheck = attribute.ConstructorArguments[1].Value as int? ?? 0;
            if (kind != ScalarKind.Int32) Report(Diagnostics.BadHorizon, location, property.Name, "a horizon is an int parameter (a number of steps)");
            else if (spotCheck < 1) Report(Diagnostics.BadHorizon, location, property.Name, $"the spot-check horizon {spotCheck} must be 1 or more");
            return (rowProperty, spotCheck);
        }

        /// <summary>Each horizon names an int row property; the model keeps that property's column.</summary>
        private List<ParameterModel> BindHorizons(List<ParameterModel> parameters, List<ColumnModel> columns, Location? location)
        {
            if (parameters.Where(p => p.HorizonColumn is not null).Skip(1).FirstOrDefault() is { } second)
                Report(Diagnostics.BadHorizon, location, second.Name, "an experiment has at most one horizon");
            return parameters.Select(p =>
            {
                if (p.HorizonColumn is null) return p;
                var column = columns.FirstOrDefault(c => c.Property == p.HorizonColumn);
                if (column is not { Kind: "Int32", Nullable: false })
                    Report(Diagnostics.BadHorizon, location, p.Name, $"the row has no int column '{p.HorizonColumn}' (name it with nameof, e.g. nameof(Row.Step))");
                return p with { HorizonColumn = column?.Column };
            }).ToList();
        }

        private ValuesModel? ValuesFrom(IPropertySymbol property, string member, ITypeSymbol type, Location? location)
        {
            var profile = _compilation.GetTypeByMetadataName(FrameworkNames.Profile);
            foreach (var candidate in _type.GetMembers(member))
            {
                if (!candidate.IsStatic) continue;
                switch (candidate)
                {
                    case IMethodSymbol m when m.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, profile) && YieldsSequenceOf(m.ReturnType, type):
                        return ValuesModel.From(member, takesProfile: true);
                    case IPropertySymbol p when YieldsSequenceOf(p.Type, type):
                    case IFieldSymbol f when YieldsSequenceOf(f.Type, type):
                        return ValuesModel.From(member, takesProfile: false);
                }
            }
            Report(Diagnostics.BadValuesFrom, location, property.Name, member, type.ToDisplayString());
            return null;
        }

        private static bool YieldsSequenceOf(ITypeSymbol sequence, ITypeSymbol element)
        {
            if (sequence is IArrayTypeSymbol array) return SymbolEqualityComparer.Default.Equals(array.ElementType, element);
            bool IsEnumerableOf(INamedTypeSymbol t) => t.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                && SymbolEqualityComparer.Default.Equals(t.TypeArguments[0], element);
            return sequence is INamedTypeSymbol named && (IsEnumerableOf(named) || named.AllInterfaces.Any(IsEnumerableOf));
        }

        private (IMethodSymbol?, bool, bool, ITypeSymbol?) RunMethod(Location? location)
        {
            var runs = _type.GetMembers().OfType<IMethodSymbol>().Where(m => Attribute(m, FrameworkNames.Run) is not null).ToList();
            if (runs.Count == 0) { Report(Diagnostics.NoRunMethod, location, _type.Name); return (null, false, false, null); }
            if (runs.Count > 1) { Report(Diagnostics.SeveralRunMethods, runs[1].Locations.FirstOrDefault(), _type.Name, runs.Count.ToString(CultureInfo.InvariantCulture)); return (null, false, false, null); }
            var run = runs[0];
            var runLocation = run.Locations.FirstOrDefault();
            var runContext = _compilation.GetTypeByMetadataName(FrameworkNames.RunContext);
            string? problem = null;
            if (run.IsStatic) problem = "it is static";
            else if (run.IsGenericMethod) problem = "it is generic";
            else if (run.ReturnsVoid) problem = "it returns nothing";
            else if (run.Parameters.Length > 1 || run.Parameters.Length == 1 && !SymbolEqualityComparer.Default.Equals(run.Parameters[0].Type, runContext))
                problem = "its parameters must be () or (RunContext context)";
            else if (run.IsAsync || run.ReturnType.Name is "Task" or "ValueTask") problem = "it must be synchronous";
            if (problem is not null) { Report(Diagnostics.BadRunSignature, runLocation, run.Name, problem); return (null, false, false, null); }

            var returnType = run.ReturnType;
            var sequence = SequenceElement(returnType);
            return (run, run.Parameters.Length == 1, sequence is not null, sequence ?? returnType);
        }

        private static ITypeSymbol? SequenceElement(ITypeSymbol type)
        {
            if (type.SpecialType == SpecialType.System_String) return null;
            if (type is IArrayTypeSymbol array) return array.ElementType;
            if (type is not INamedTypeSymbol named) return null;
            if (named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) return named.TypeArguments[0];
            return named.AllInterfaces.FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)?.TypeArguments[0];
        }

        private (string, List<ColumnModel>, List<string>) Row(ITypeSymbol row, IMethodSymbol run, List<ParameterModel> parameters)
        {
            var rowName = row.ToDisplayString(FullyQualified.WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes));
            var columns = new List<ColumnModel>();
            var properties = new List<IPropertySymbol>();
            for (var t = row; t is not null && t.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); t = t.BaseType)
                properties.InsertRange(0, t.GetMembers().OfType<IPropertySymbol>()
                    .Where(p => !p.IsStatic && !p.IsIndexer && p.DeclaredAccessibility == Accessibility.Public && p.GetMethod is not null));
            var taken = new HashSet<string>(parameters.Select(p => ColumnNaming.SnakeCase(p.Name)).Concat(ArtifactConventions.ColumnsAfterParameters));
            var ok = true;
            foreach (var property in properties)
            {
                var location = property.Locations.FirstOrDefault() ?? run.Locations.FirstOrDefault();
                var type = property.Type;
                var nullable = false;
                if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n)
                {
                    nullable = true;
                    type = n.TypeArguments[0];
                }
                else if (type.SpecialType == SpecialType.System_String && property.NullableAnnotation == NullableAnnotation.Annotated)
                    nullable = true;
                var kind = ColumnKindOf(type);
                if (kind is null)
                {
                    Report(Diagnostics.UnsupportedColumnType, location, property.Name, row.Name, property.Type.ToDisplayString());
                    ok = false;
                    continue;
                }
                var column = ColumnNaming.SnakeCase(property.Name);
                if (!taken.Add(column))
                {
                    Report(Diagnostics.ColumnNameClash, location, column, row.Name);
                    ok = false;
                    continue;
                }
                // A column is exact unless it states a tolerance: absolute, relative, then the error bound it comes from.
                var tolerance = Attribute(property, FrameworkNames.Tolerance) is { ConstructorArguments.Length: >= 2 } stated
                    ? new ToleranceModel((double)stated.ConstructorArguments[0].Value!, (double)stated.ConstructorArguments[1].Value!)
                    : null;
                columns.Add(new ColumnModel(property.Name, column, kind, type.ToDisplayString(FullyQualified), type.TypeKind == TypeKind.Enum, nullable, tolerance));
            }

            // Rows are rebuilt through a constructor whose parameters match the properties (records), else an initializer.
            var constructor = new List<string>();
            if (ok && row is INamedTypeSymbol rowType)
            {
                var byName = columns.ToDictionary(c => c.Property.ToLowerInvariant(), c => c.Property);
                var match = rowType.InstanceConstructors.FirstOrDefault(c => c.DeclaredAccessibility == Accessibility.Public
                    && c.Parameters.Length == columns.Count && c.Parameters.All(p => byName.ContainsKey(p.Name.ToLowerInvariant())));
                if (match is not null) constructor.AddRange(match.Parameters.Select(p => byName[p.Name.ToLowerInvariant()]));
                var positional = match is not null;
                var settable = (rowType.IsValueType || rowType.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length == 0))
                    && properties.All(p => p.SetMethod is { DeclaredAccessibility: Accessibility.Public });
                if (!positional && !settable) Report(Diagnostics.RowNotReconstructible, run.Locations.FirstOrDefault(), row.Name);
            }
            return (rowName, columns, constructor);
        }

        private List<ClaimModel> Claims(ITypeSymbol? row) =>
            Annotated(row, FrameworkNames.Claim, FrameworkNames.ClaimResult, Diagnostics.BadClaimSignature,
                (method, attribute) =>
                {
                    var profile = Named<string>(attribute, FrameworkNames.KnownToFailInArgument);
                    if (profile is not null && profile != ArtifactConventions.QuickProfile && profile != ArtifactConventions.PaperProfile)
                        Report(Diagnostics.BadKnownFailureProfile, method.Locations.FirstOrDefault(), method.Name, profile);
                    return new ClaimModel(method.Name, attribute.ConstructorArguments.FirstOrDefault().Value as string ?? "",
                        Named<bool>(attribute, FrameworkNames.KnownToFailArgument), profile);
                });

        private List<FigureModel> Figures(ITypeSymbol? row) =>
            Annotated(row, FrameworkNames.Figure, FrameworkNames.FigureType, Diagnostics.BadFigureSignature,
                (method, attribute) => new FigureModel(attribute.ConstructorArguments.FirstOrDefault().Value as string ?? method.Name, method.Name));

        /// <summary>
        /// The methods carrying the attribute that are static and take ResultTable&lt;experiment, row&gt; to the given
        /// return type; the others are reported.
        /// </summary>
        private List<T> Annotated<T>(ITypeSymbol? row, string attributeName, string returnType, DiagnosticDescriptor badSignature, Func<IMethodSymbol, AttributeData, T> model)
        {
            var found = new List<T>();
            var expectedReturn = _compilation.GetTypeByMetadataName(returnType);
            var resultTable = _compilation.GetTypeByMetadataName(FrameworkNames.ResultTable);
            foreach (var method in _type.GetMembers().OfType<IMethodSymbol>())
            {
                var attribute = Attribute(method, attributeName);
                if (attribute is null) continue;
                var parameter = method.Parameters.Length == 1 ? method.Parameters[0].Type as INamedTypeSymbol : null;
                var valid = method.IsStatic && !method.IsGenericMethod
                    && expectedReturn is not null && SymbolEqualityComparer.Default.Equals(method.ReturnType, expectedReturn)
                    && parameter is { Arity: 2 } && resultTable is not null && SymbolEqualityComparer.Default.Equals(parameter.OriginalDefinition, resultTable)
                    && SymbolEqualityComparer.Default.Equals(parameter.TypeArguments[0], _type)
                    && (row is null || SymbolEqualityComparer.Default.Equals(parameter.TypeArguments[1], row));
                if (!valid)
                {
                    Report(badSignature, method.Locations.FirstOrDefault(), method.Name, _type.Name, row?.Name ?? "TRow");
                    continue;
                }
                found.Add(model(method, attribute));
            }
            return found;
        }

        /// <summary>An attribute argument as a value of the parameter's type, or null (reported) when it is not one.</summary>
        private ConstantModel? Constant(TypedConstant value, ITypeSymbol target, ScalarKind kind, string parameter, Location? location)
        {
            var v = value.Value;
            var constant = kind switch
            {
                ScalarKind.Double when IsNumber(v) => ConstantModel.OfNumber(Convert.ToDouble(v, CultureInfo.InvariantCulture)),
                ScalarKind.Single when IsNumber(v) => ConstantModel.OfNumber(Convert.ToSingle(v, CultureInfo.InvariantCulture)),
                ScalarKind.Int32 when v is int or short or byte or sbyte or ushort => ConstantModel.OfInteger(Convert.ToInt32(v, CultureInfo.InvariantCulture)),
                ScalarKind.Int64 when v is int or long or short or byte or sbyte or ushort or uint => ConstantModel.OfInteger(Convert.ToInt64(v, CultureInfo.InvariantCulture)),
                ScalarKind.Boolean when v is bool b => ConstantModel.OfInteger(b ? 1 : 0),
                ScalarKind.String when v is string s => ConstantModel.OfText(s),
                ScalarKind.Enum when SymbolEqualityComparer.Default.Equals(value.Type, target) => ConstantModel.OfInteger(Convert.ToInt64(v, CultureInfo.InvariantCulture)),
                _ => null,
            };
            if (constant is null)
                Report(Diagnostics.ValueTypeMismatch, location, value.IsNull ? "null" : value.ToCSharpString(), parameter, target.ToDisplayString());
            return constant;
        }

        private static bool IsNumber(object? v) => v is double or float or int or long or short or byte or sbyte or ushort or uint;

        private static ScalarKind? ScalarKindOf(ITypeSymbol type) => type.TypeKind == TypeKind.Enum ? ScalarKind.Enum : type.SpecialType switch
        {
            SpecialType.System_Double => ScalarKind.Double,
            SpecialType.System_Single => ScalarKind.Single,
            SpecialType.System_Int32 => ScalarKind.Int32,
            SpecialType.System_Int64 => ScalarKind.Int64,
            SpecialType.System_Boolean => ScalarKind.Boolean,
            SpecialType.System_String => ScalarKind.String,
            _ => null,
        };

        /// <summary>The column kind by the shared map (<see cref="ArtifactConventions.KindOf"/>), or null when the type cannot be a column.</summary>
        private static string? ColumnKindOf(ITypeSymbol type) =>
            ArtifactConventions.KindOf(type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName,
                type.TypeKind == TypeKind.Enum);

        private static AttributeData? Attribute(ISymbol symbol, string metadataName) =>
            symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == metadataName);

        private static T? Named<T>(AttributeData attribute, string name)
        {
            foreach (var kv in attribute.NamedArguments)
                if (kv.Key == name && kv.Value.Value is T value) return value;
            return default;
        }

        private void Report(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
            Report(descriptor, LocationInfo.From(location), arguments);

        private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
            _diagnostics.Add(new DiagnosticInfo(descriptor.Id, location, new EquatableArray<string>(arguments)));
    }
}
