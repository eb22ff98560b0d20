using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ReproHeavyTails.Generators
{
    /// <summary>
    /// RHT0022: an unordered collection (a hash set, a dictionary, its keys or values, a concurrent bag …) enumerated
    /// where the order reaches the result — by foreach, a spread into an ordered collection, string.Join/Concat, a copy
    /// into a list, JSON serialization, or a LINQ operator whose result depends on order. Order-insensitive operators (Count, Contains, Any,
    /// All, Min, Max, Single, integer Sum, ToHashSet, ToDictionary) and ordering (OrderBy …) pass; operators that keep
    /// the elements and only pass the order on (Where, Select …) leave the decision to what consumes their result.
    /// docs/determinism.md gives the lists and the reason.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnorderedEnumerationAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Classes whose enumeration order is not part of their contract; a class derived from one is unordered too.</summary>
        private static readonly string[] UnorderedClasses =
        {
            "System.Collections.Generic.HashSet`1", "System.Collections.Generic.Dictionary`2",
            "System.Collections.Generic.Dictionary`2+KeyCollection", "System.Collections.Generic.Dictionary`2+ValueCollection",
            "System.Collections.Concurrent.ConcurrentDictionary`2", "System.Collections.Concurrent.ConcurrentBag`1",
            "System.Collections.Immutable.ImmutableHashSet`1", "System.Collections.Immutable.ImmutableDictionary`2",
            "System.Collections.Frozen.FrozenSet`1", "System.Collections.Frozen.FrozenDictionary`2",
            "System.Collections.Hashtable",
        };

        /// <summary>Interfaces that promise no order (a sorted implementation's static type is its own, not these).</summary>
        private static readonly string[] UnorderedInterfaces =
        {
            "System.Collections.Generic.ISet`1", "System.Collections.Generic.IReadOnlySet`1",
            "System.Collections.Generic.IDictionary`2", "System.Collections.Generic.IReadOnlyDictionary`2",
            "System.Collections.Immutable.IImmutableSet`1", "System.Collections.Immutable.IImmutableDictionary`2",
        };

        /// <summary>Ordered collections that copying an unordered one into would fix its arbitrary order.</summary>
        private static readonly string[] OrderedCopies =
        {
            "System.Collections.Generic.List`1", "System.Collections.Generic.Queue`1", "System.Collections.Generic.Stack`1",
            "System.Collections.Generic.LinkedList`1",
        };

        /// <summary>Enumerable operators whose result does not depend on the source's order (integer Sum and Average: see <see cref="IsOrderInsensitive"/>).</summary>
        private static readonly ImmutableHashSet<string> OrderInsensitive = ImmutableHashSet.Create(
            "Count", "LongCount", "TryGetNonEnumeratedCount", "Contains", "Any", "All", "Min", "Max", "Single", "SingleOrDefault",
            "ToHashSet", "ToDictionary", "OrderBy", "OrderByDescending", "Order", "OrderDescending");

        /// <summary>Enumerable operators whose result holds the same elements whatever the order, in an order taken from the source.</summary>
        private static readonly ImmutableHashSet<string> PassOrderOn = ImmutableHashSet.Create(
            "Where", "Select", "SelectMany", "Cast", "OfType", "Distinct", "Union", "Intersect", "Except", "Concat",
            "Append", "Prepend", "GroupBy", "AsEnumerable", "Reverse", "DefaultIfEmpty");

        /// <summary>Enumerable operators that combine two sequences in order, so either may carry an arbitrary order into the result.</summary>
        private static readonly ImmutableHashSet<string> TwoSources = ImmutableHashSet.Create("Concat", "Union", "UnionBy", "Zip", "SequenceEqual");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Diagnostics.UnorderedEnumeration);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                start.RegisterOperationAction(c => ForEach(c, types), OperationKind.Loop);
                start.RegisterOperationAction(c => Invocation(c, types), OperationKind.Invocation);
                start.RegisterOperationAction(c => Creation(c, types), OperationKind.ObjectCreation);
                start.RegisterOperationAction(c => Spread(c, types), OperationKind.Spread);
            });
        }

        private static void ForEach(OperationAnalysisContext context, KnownTypes types)
        {
            if (context.Operation is IForEachLoopOperation loop && Unordered(loop.Collection, types) is { } source)
                Report(context, loop.Collection, "foreach", source);
        }

        private static void Spread(OperationAnalysisContext context, KnownTypes types)
        {
            var spread = (ISpreadOperation)context.Operation;
            if (spread.Parent is ICollectionExpressionOperation target && types.IsUnordered(target.Type)) return;
            if (Unordered(spread.Operand, types) is { } source) Report(context, spread, "a spread '..'", source);
        }

        private static void Creation(OperationAnalysisContext context, KnownTypes types)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Constructor is not { } constructor || !types.IsOrderedCopy(constructor.ContainingType)) return;
            foreach (var argument in creation.Arguments)
                if (Unordered(argument.Value, types) is { } source) Report(context, argument, $"new {constructor.ContainingType.Name}", source);
        }

        private static void Invocation(OperationAnalysisContext context, KnownTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (types.IsEnumerable(method.ContainingType))
            {
                if (EnumerableSource(invocation, types) is not { } source || IsOrderInsensitive(method)) return;
                if (PassesOrderOn(method) && ConsumerDecides(invocation, types)) return;
                Report(context, invocation, method.Name, source);
            }
            else if (ChecksEveryArgument(method, types))
            {
                foreach (var argument in invocation.Arguments)
                    if (Unordered(argument.Value, types) is { } source) Report(context, argument, $"{method.ContainingType.Name}.{method.Name}", source);
            }
        }

        /// <summary>string.Join/Concat, List&lt;T&gt;.AddRange/InsertRange and JsonSerializer.Serialize*: write the elements in the order they enumerate them.</summary>
        private static bool ChecksEveryArgument(IMethodSymbol method, KnownTypes types) =>
            (method.ContainingType.SpecialType == SpecialType.System_String && method.Name is "Join" or "Concat")
            || (types.IsOrderedCopy(method.ContainingType) && method.Name is "AddRange" or "InsertRange")
            || (types.IsJsonSerializer(method.ContainingType) && method.Name.StartsWith("Serialize", System.StringComparison.Ordinal));

        private static bool IsOrderInsensitive(IMethodSymbol method) =>
            OrderInsensitive.Contains(method.Name)
            || (method.Name is "Sum" or "Average" && IsInteger(SummedType(method)));

        /// <summary>Where/Select/SelectMany with an index parameter number the elements in the arbitrary order.</summary>
        private static bool PassesOrderOn(IMethodSymbol method) =>
            PassOrderOn.Contains(method.Name)
            && !(method.Parameters.Length > 1 && method.Parameters[1].Type is INamedTypeSymbol { DelegateInvokeMethod: { Parameters.Length: 2 } invoke }
                 && invoke.Parameters[1].Type.SpecialType == SpecialType.System_Int32);

        /// <summary>The element type a Sum or Average adds: the selector's result, or the source's element type.</summary>
        private static ITypeSymbol? SummedType(IMethodSymbol method)
        {
            var last = method.Parameters.LastOrDefault()?.Type as INamedTypeSymbol;
            if (method.Parameters.Length == 2 && last?.DelegateInvokeMethod is { } selector) return selector.ReturnType;
            return (method.Parameters.FirstOrDefault()?.Type as INamedTypeSymbol)?.TypeArguments.FirstOrDefault();
        }

        /// <summary>Integer sums are exact in any order (unless they overflow, which throws).</summary>
        private static bool IsInteger(ITypeSymbol? type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
            return type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64;
        }

        /// <summary>The unordered sequence an Enumerable call reads: its source, or for the two-source operators either.</summary>
        private static ITypeSymbol? EnumerableSource(IInvocationOperation invocation, KnownTypes types)
        {
            var twoSources = TwoSources.Contains(invocation.TargetMethod.Name);
            return invocation.Arguments
                .Where(a => a.Parameter is { } p && (p.Ordinal == 0 || (twoSources && p.Ordinal == 1)))
                .Select(a => Unordered(a.Value, types)).FirstOrDefault(t => t is not null);
        }

        /// <summary>
        /// True when an order-passing operator's result goes straight into an operation this analyzer checks (another
        /// Enumerable operator, foreach, a spread, string.Join, a list), which then reports or accepts it; a result that
        /// goes anywhere else (a variable, a return, another method) is reported where it is made.
        /// </summary>
        private static bool ConsumerDecides(IOperation operation, KnownTypes types)
        {
            var parent = operation.Parent;
            while (parent is IConversionOperation) parent = parent.Parent;
            return parent switch
            {
                IForEachLoopOperation or ISpreadOperation => true,
                IArgumentOperation { Parent: IInvocationOperation call } =>
                    types.IsEnumerable(call.TargetMethod.ContainingType) || ChecksEveryArgument(call.TargetMethod, types),
                IArgumentOperation { Parent: IObjectCreationOperation { Constructor: { } constructor } } => types.IsOrderedCopy(constructor.ContainingType),
                _ => false,
            };
        }

        /// <summary>The type to name in the message if the operation's value is an unordered sequence, otherwise null.</summary>
        private static ITypeSymbol? Unordered(IOperation operation, KnownTypes types)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
            if (types.IsUnordered(operation.Type)) return operation.Type;
            return operation switch
            {
                IPropertyReferenceOperation { Property.Name: "Keys" or "Values", Instance: { } instance } when types.IsUnordered(instance.Type) => instance.Type,
                IInvocationOperation call when types.IsEnumerable(call.TargetMethod.ContainingType) && PassesOrderOn(call.TargetMethod) => EnumerableSource(call, types),
                _ => null,
            };
        }

        private static void Report(OperationAnalysisContext context, IOperation at, string use, ITypeSymbol source) =>
            context.ReportDiagnostic(Diagnostic.Create(Diagnostics.UnorderedEnumeration, at.Syntax.GetLocation(), use,
                source.ToDisplayString(TypeFormat)));

        /// <summary>Dictionary&lt;string, int&gt;.KeyCollection: the containing type names a nested collection.</summary>
        private static readonly SymbolDisplayFormat TypeFormat = new(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        /// <summary>The compilation's symbols for the lists above (a type the compilation does not reference is left out).</summary>
        private sealed class KnownTypes
        {
            private readonly HashSet<INamedTypeSymbol> classes, interfaces, orderedCopies;
            private readonly INamedTypeSymbol? enumerable, jsonSerializer;

            public KnownTypes(Compilation compilation)
            {
                classes = Resolve(compilation, UnorderedClasses);
                interfaces = Resolve(compilation, UnorderedInterfaces);
                orderedCopies = Resolve(compilation, OrderedCopies);
                enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
                jsonSerializer = compilation.GetTypeByMetadataName("System.Text.Json.JsonSerializer");
            }

            private static HashSet<INamedTypeSymbol> Resolve(Compilation compilation, IEnumerable<string> names) =>
                new(names.Select(compilation.GetTypeByMetadataName).Where(t => t is not null)!, SymbolEqualityComparer.Default);

            public bool IsEnumerable(INamedTypeSymbol type) => SymbolEqualityComparer.Default.Equals(type, enumerable);

            public bool IsJsonSerializer(INamedTypeSymbol type) => SymbolEqualityComparer.Default.Equals(type, jsonSerializer);

            public bool IsOrderedCopy(INamedTypeSymbol type) => orderedCopies.Contains(type.OriginalDefinition);

            public bool IsUnordered(ITypeSymbol? type)
            {
                if (type is INamedTypeSymbol { TypeKind: TypeKind.Interface } face) return interfaces.Contains(face.OriginalDefinition);
                for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
                    if (classes.Contains(t.OriginalDefinition)) return true;
                return false;
            }
        }
    }
}
