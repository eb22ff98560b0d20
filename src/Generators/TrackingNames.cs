namespace ReproHeavyTails.Generators
{
    /// <summary>The pipeline's step names, for tests that check which steps ran again after an edit.</summary>
    public static class TrackingNames
    {
        /// <summary>Each [Experiment] class parsed: model, diagnostics and identity (these carry locations).</summary>
        public const string Parse = "Parse";

        /// <summary>The model alone (no locations): the emitter's only input.</summary>
        public const string Model = "Model";

        public const string Diagnostics = "Diagnostics";

        /// <summary>Duplicate experiment ids across the assembly, as diagnostics.</summary>
        public const string DuplicateIds = "DuplicateIds";

        /// <summary>The assembly's paper catalogue ([assembly: ReproducesPaper]) as values.</summary>
        public const string Papers = "Papers";

        /// <summary>Experiments naming a paper the catalogue does not hold, as diagnostics.</summary>
        public const string UnknownPapers = "UnknownPapers";

        /// <summary>Each model with the catalogue entry of its paper.</summary>
        public const string ModelWithPaper = "ModelWithPaper";

        public const string CatalogueEntries = "CatalogueEntries";

        public const string Catalogue = "Catalogue";
    }
}
