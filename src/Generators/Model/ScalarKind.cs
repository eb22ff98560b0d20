namespace ReproHeavyTails.Generators
{
    /// <summary>The CLR types a parameter may have; says which field of a <see cref="ConstantModel"/> holds a value.</summary>
    internal enum ScalarKind
    {
        Double,
        Single,
        Int32,
        Int64,
        Boolean,
        String,
        Enum,
    }
}
