namespace ReproHeavyTails.Generators
{
    /// <summary>
    /// One literal parameter value. The parameter's <see cref="ScalarKind"/> says which field holds it: double and float
    /// in <see cref="Number"/> (a float widened, so it narrows back exactly), int, long, bool (0/1) and an enum's
    /// underlying value in <see cref="Integer"/>, a string in <see cref="Text"/>.
    /// </summary>
    internal sealed record ConstantModel(double Number, long Integer, string? Text)
    {
        public static ConstantModel OfNumber(double value) => new(value, 0, null);

        public static ConstantModel OfInteger(long value) => new(0, value, null);

        public static ConstantModel OfText(string value) => new(0, 0, value);
    }
}
