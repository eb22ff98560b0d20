using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReproHeavyTails.Generators
{
    /// <summary>Turns an [Experiment] class symbol into an <see cref="ExperimentModel"/> plus its diagnostics.</summary>
    internal sealed class ExperimentParser
    {
        private const string Ns = "ReproHeavyTails.Framework.";
        private static readonly Regex IdPattern = new("^[a-z0-9]+(-[a-z0-9]+)*$");
        private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
            .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);
        private static readonly string[] KeyColumns = { "replicate", "row", "diverged", "diverged_reason" };

        private readonly List<DiagnosticInfo> _diagnostics = new();
        private readonly INamedTypeSymbol _type;
        private readonly CancellationToken _cancellation;

        private ExperimentParser(INamedTypeSymbol type, CancellationToken cancellation)
        {
            _type = type;
            _cancellation = cancellation;
        }

        public static ExperimentModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellation) =>
            new ExperimentParser((INamedTypeSymbol)context.TargetSymbol, cancellation).Parse(context.Attributes[0]);

        private ExperimentModel Parse(AttributeData experiment)
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
            var version = Named<int?>(experiment, "Version") ?? 1;
            var attributeLocation = LocationInfo.From(experiment.ApplicationSyntaxReference?.GetSyntax(_cancellation).GetLocation()) ?? LocationInfo.From(location);
            if (!IdPattern.IsMatch(id))
                Report(Diagnostics.InvalidIdOrVersion, attributeLocation, name, $"id \"{id}\" must be lower-case letters and digits separated by single dashes");
            if (version < 1)
                Report(Diagnostics.InvalidIdOrVersion, attributeLocation, name, $"version {version} must be 1 or more");

            var (quickReplicates, paperReplicates) = Replicates(location);
            var parameters = Parameters();
            var (runMethod, takesContext, sequence, rowType) = RunMethod(location);
            var (rowTypeName, columns, constructor) = rowType is null ? ("object", new List<ColumnModel>(), new List<string>()) : Row(rowType, runMethod!, parameters);
            var claims = Claims(rowType);
            var figures = Figures(rowType);

            return new ExperimentModel(
                _type.ContainingNamespace.IsGlobalNamespace ? null : _type.ContainingNamespace.ToDisplayString(),
                new EquatableArray<string>(ContainingTypes()),
                name,
                _type.ToDisplayString(FullyQualified),
                id, version,
                Named<string>(experiment, "Title") ?? "",
                Named<string>(experiment, "Paper") ?? "",
                quickReplicates, paperReplicates,
                new EquatableArray<ParameterModel>(parameters),
                rowTypeName,
                new EquatableArray<ColumnModel>(columns),
                new EquatableArray<string>(constructor),
                runMethod?.Name ?? "",
                takesContext, sequence,
                new EquatableArray<ClaimModel>(claims),
                new EquatableArray<FigureModel>(figures),
                attributeLocation,
                new EquatableArray<DiagnosticInfo>(_diagnostics));
        }

        private IEnumerable<string> ContainingTypes()
        {
            var stack = new Stack<string>();
            for (var t = _type.ContainingType; t is not null; t = t.ContainingType)
                stack.Push($"partial {(t.IsRecord ? "record " : "")}{(t.TypeKind == TypeKind.Struct ? "struct" : "class")} {t.Name}");
            return stack;
        }

        private (int, int) Replicates(Location? location)
        {
            var attribute = Attribute(_type, "ReplicatesAttribute");
            if (attribute is null || attribute.ConstructorArguments.Length != 2) return (1, 1);
            var quick = attribute.ConstructorArguments[0].Value as int? ?? 1;
            var paper = attribute.ConstructorArguments[1].Value as int? ?? 1;
            foreach (var n in new[] { quick, paper })
                if (n < 1) Report(Diagnostics.BadReplicates, location, _type.Name, n.ToString(CultureInfo.InvariantCulture));
            return (quick, paper);
        }

        private List<ParameterModel> Parameters()
        {
            var result = new List<ParameterModel>();
            var literalCounts = new List<(string Name, string? Zip, int? Quick, int? Paper, Location? Location)>();
            foreach (var property in _type.GetMembers().OfType<IPropertySymbol>())
            {
                var values = Attribute(property, "ValuesAttribute");
                var quick = Attribute(property, "QuickAttribute");
                var paper = Attribute(property, "PaperAttribute");
                var from = Attribute(property, "ValuesFromAttribute");
                if (values is null && quick is null && paper is null && from is null) continue;
                var location = property.Locations.FirstOrDefault();
                var zip = Attribute(property, "ZipAttribute")?.ConstructorArguments.FirstOrDefault().Value as string;

                var type = property.Type;
                var isEnum = type.TypeKind == TypeKind.Enum;
                if (!IsScalar(type))
                {
                    Report(Diagnostics.UnsupportedParameterType, location, property.Name, type.ToDisplayString());
                    continue;
                }
                if (property.IsStatic || property.SetMethod is null)
                {
                    Report(Diagnostics.BadExperimentShape, location, _type.Name, $"parameter '{property.Name}' must be an instance property with a setter or init accessor");
                    continue;
                }
                var typeName = type.ToDisplayString(FullyQualified);
                string? fromExpression = null;
                if (from is not null) fromExpression = ValuesFrom(property, from.ConstructorArguments.FirstOrDefault().Value as string ?? "", type, location);

                string? Literal(AttributeData? a, out int? count)
                {
                    count = null;
                    if (a is null || a.ConstructorArguments.Length == 0) return null;
                    var items = a.ConstructorArguments[0].Kind == TypedConstantKind.Array ? a.ConstructorArguments[0].Values : ImmutableArrayOf(a.ConstructorArguments[0]);
                    count = items.Length;
                    var rendered = items.Select(v => Render(v, type, property.Name, location)).ToList();
                    return $"new {typeName}[] {{ {string.Join(", ", rendered)} }}";
                }

                var all = Literal(values, out var allCount);
                var quickExpr = Literal(quick, out var quickCount) ?? all ?? fromExpression?.Replace("{profile}", "profile");
                var paperExpr = Literal(paper, out var paperCount) ?? all ?? fromExpression?.Replace("{profile}", "profile");
                quickCount ??= quick is null ? allCount : quickCount;
                paperCount ??= paper is null ? allCount : paperCount;
                if (quickExpr is null) Report(Diagnostics.MissingProfileValues, location, property.Name, "quick", "Quick");
                if (paperExpr is null) Report(Diagnostics.MissingProfileValues, location, property.Name, "paper", "Paper");
                if (quickCount == 0) Report(Diagnostics.EmptyGrid, location, property.Name, "quick");
                if (paperCount == 0) Report(Diagnostics.EmptyGrid, location, property.Name, "paper");
                literalCounts.Add((property.Name, zip, from is null || quick is not null || values is not null ? quickCount : null,
                    from is null || paper is not null || values is not null ? paperCount : null, location));
                result.Add(new ParameterModel(property.Name, typeName, isEnum, zip, quickExpr ?? "null!", paperExpr ?? "null!"));
            }

            foreach (var group in literalCounts.Where(p => p.Zip is not null).GroupBy(p => p.Zip))
            {
                foreach (var (profile, counts) in new[] { ("quick", group.Select(p => (p.Name, p.Quick))), ("paper", group.Select(p => (p.Name, p.Paper))) })
                {
                    var known = counts.Where(c => c.Item2 is not null).ToList();
                    if (known.Select(c => c.Item2).Distinct().Count() > 1)
                        Report(Diagnostics.ZipLengthMismatch, group.First().Location, group.Key!, profile,
                            string.Join(", ", known.Select(c => $"{c.Name} ({c.Item2})")));
                }
            }
            return result;
        }

        private static System.Collections.Immutable.ImmutableArray<TypedConstant> ImmutableArrayOf(TypedConstant c) =>
            System.Collections.Immutable.ImmutableArray.Create(c);

        private string? ValuesFrom(IPropertySymbol property, string member, ITypeSymbol type, Location? location)
        {
            foreach (var candidate in _type.GetMembers(member))
            {
                if (!candidate.IsStatic) continue;
                var full = _type.ToDisplayString(FullyQualified) + "." + member;
                switch (candidate)
                {
                    case IMethodSymbol m when m.Parameters.Length == 1 && m.Parameters[0].Type.ToDisplayString() == Ns + "Profile" && YieldsSequenceOf(m.ReturnType, type):
                        return full + "({profile})";
                    case IPropertySymbol p when YieldsSequenceOf(p.Type, type):
                    case IFieldSymbol f when YieldsSequenceOf(f.Type, type):
                        return full;
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
            var runs = _type.GetMembers().OfType<IMethodSymbol>().Where(m => Attribute(m, "RunAttribute") is not null).ToList();
            if (runs.Count == 0) { Report(Diagnostics.NoRunMethod, location, _type.Name); return (null, false, false, null); }
            if (runs.Count > 1) { Report(Diagnostics.SeveralRunMethods, runs[1].Locations.FirstOrDefault(), _type.Name, runs.Count.ToString(CultureInfo.InvariantCulture)); return (null, false, false, null); }
            var run = runs[0];
            var runLocation = run.Locations.FirstOrDefault();
            string? problem = null;
            if (run.IsStatic) problem = "it is static";
            else if (run.IsGenericMethod) problem = "it is generic";
            else if (run.ReturnsVoid) problem = "it returns nothing";
            else if (run.Parameters.Length > 1 || run.Parameters.Length == 1 && run.Parameters[0].Type.ToDisplayString() != Ns + "RunContext")
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
            var taken = new HashSet<string>(parameters.Select(p => ColumnNaming.SnakeCase(p.Name)).Concat(KeyColumns));
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
                var kind = KindOf(type);
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
                var tolerance = Attribute(property, "ToleranceAttribute");
                // A column is exact unless it states a tolerance (with the error bound it comes from).
                var (absolute, relative) = tolerance is { ConstructorArguments.Length: >= 2 }
                    ? ((double)tolerance.ConstructorArguments[0].Value!, (double)tolerance.ConstructorArguments[1].Value!)
                    : (0d, 0d);
                columns.Add(new ColumnModel(property.Name, column, kind, type.ToDisplayString(FullyQualified), type.TypeKind == TypeKind.Enum, nullable, absolute, relative));
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
            Annotated(row, "ClaimAttribute", "ClaimResult", Diagnostics.BadClaimSignature,
                (method, attribute) =>
                {
                    var profile = Named<string>(attribute, "KnownToFailIn");
                    if (profile is not null && profile != "quick" && profile != "paper")
                        Report(Diagnostics.BadKnownFailureProfile, method.Locations.FirstOrDefault(), method.Name, profile);
                    return new ClaimModel(method.Name, attribute.ConstructorArguments.FirstOrDefault().Value as string ?? "", Named<bool>(attribute, "KnownToFail"), profile);
                });

        private List<FigureModel> Figures(ITypeSymbol? row) =>
            Annotated(row, "FigureAttribute", "global::ReproHeavyTails.Figures.Figure", Diagnostics.BadFigureSignature,
                (method, attribute) => new FigureModel(attribute.ConstructorArguments.FirstOrDefault().Value as string ?? method.Name, method.Name));

        /// <summary>
        /// The methods carrying the attribute that are static and take ResultTable&lt;experiment, row&gt; to the given
        /// return type (a name in the framework namespace, or fully qualified); the others are reported.
        /// </summary>
        private List<T> Annotated<T>(ITypeSymbol? row, string attributeName, string returnType, DiagnosticDescriptor badSignature, Func<IMethodSymbol, AttributeData, T> model)
        {
            var found = new List<T>();
            var expectedReturn = returnType.StartsWith("global::", StringComparison.Ordinal) ? returnType.Substring("global::".Length) : Ns + returnType;
            foreach (var method in _type.GetMembers().OfType<IMethodSymbol>())
            {
                var attribute = Attribute(method, attributeName);
                if (attribute is null) continue;
                var parameter = method.Parameters.Length == 1 ? method.Parameters[0].Type as INamedTypeSymbol : null;
                var valid = method.IsStatic && !method.IsGenericMethod
                    && method.ReturnType.ToDisplayString() == expectedReturn
                    && parameter is { Arity: 2 } && parameter.OriginalDefinition.ToDisplayString() == Ns + "ResultTable<TExperiment, TRow>"
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

        private string Render(TypedConstant value, ITypeSymbol target, string parameter, Location? location)
        {
            var v = value.Value;
            string? text = target.SpecialType switch
            {
                SpecialType.System_Double when IsNumber(v) => Double(Convert.ToDouble(v, CultureInfo.InvariantCulture)),
                SpecialType.System_Single when IsNumber(v) => Single(Convert.ToSingle(v, CultureInfo.InvariantCulture)),
                SpecialType.System_Int32 when v is int or short or byte or sbyte or ushort => Convert.ToInt32(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                SpecialType.System_Int64 when v is int or long or short or byte or sbyte or ushort or uint => Convert.ToInt64(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "L",
                SpecialType.System_Boolean when v is bool b => b ? "true" : "false",
                SpecialType.System_String when v is string s => SymbolDisplay.FormatLiteral(s, quote: true),
                _ when target.TypeKind == TypeKind.Enum && SymbolEqualityComparer.Default.Equals(value.Type, target) =>
                    $"({target.ToDisplayString(FullyQualified)})({Convert.ToInt64(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)})",
                _ => null,
            };
            if (text is not null) return text;
            Report(Diagnostics.ValueTypeMismatch, location, value.IsNull ? "null" : value.ToCSharpString(), parameter, target.ToDisplayString());
            return "default!";
        }

        private static bool IsNumber(object? v) => v is double or float or int or long or short or byte or sbyte or ushort or uint;

        private static string Double(double d) =>
            double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
            : d.ToString("R", CultureInfo.InvariantCulture) + "d";

        private static string Single(float f) =>
            float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity"
            : f.ToString("R", CultureInfo.InvariantCulture) + "f";

        private static bool IsScalar(ITypeSymbol type) => KindOf(type) is not null;

        private static string? KindOf(ITypeSymbol type) => type.TypeKind == TypeKind.Enum ? "String" : type.SpecialType switch
        {
            SpecialType.System_Double => "Double",
            SpecialType.System_Single => "Float",
            SpecialType.System_Int32 => "Int32",
            SpecialType.System_Int64 => "Int64",
            SpecialType.System_Boolean => "Boolean",
            SpecialType.System_String => "String",
            _ => null,
        };

        private static AttributeData? Attribute(ISymbol symbol, string name) =>
            symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == Ns + name);

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
