namespace ReproHeavyTails.Framework;

/// <summary>Marks the method that runs one cell: an instance method taking a <see cref="RunContext"/> (or nothing) and returning a row or a sequence of rows.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RunAttribute : Attribute;
