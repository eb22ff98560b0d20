namespace ReproHeavyTails.Generators
{
    /// <summary>Where a profile's values of a parameter come from: literals in an attribute, or a static member of the experiment.</summary>
    internal sealed record ValuesModel(ValuesOrigin Origin, EquatableArray<ConstantModel> Literals, string? Member)
    {
        public static ValuesModel Of(EquatableArray<ConstantModel> literals) => new(ValuesOrigin.Literals, literals, null);

        public static ValuesModel From(string member, bool takesProfile) =>
            new(takesProfile ? ValuesOrigin.MethodTakingProfile : ValuesOrigin.Member, EquatableArray<ConstantModel>.Empty, member);
    }
}
