namespace ReproHeavyTails.Generators
{
    internal enum ValuesOrigin
    {
        /// <summary>[Values], [Quick] or [Paper].</summary>
        Literals,

        /// <summary>[ValuesFrom] naming a static method taking the profile.</summary>
        MethodTakingProfile,

        /// <summary>[ValuesFrom] naming a static property or field.</summary>
        Member,
    }
}
