namespace ReproHeavyTails.Framework.Claims;

/// <summary>
/// How often each claim of an experiment holds when the experiment is re-run at other master seeds: a claim of
/// agreement should pass at least 1 − α of the time under its own assumptions, a claim of difference or trend
/// should pass nearly always (its power). Runs go into a scratch folder, never into the artifact store.
/// </summary>
public static class ClaimCalibration
{
    /// <summary>One claim over the seeds: its procedure and level, how many runs it passed, and its deciding p-value per run.</summary>
    public sealed record ClaimRecord(string Experiment, string Claim, string Statement, string? Procedure, double? Level, bool KnownToFail,
        bool TestsAgreement, int Runs, int Passed, IReadOnlyList<double> PValues)
    {
        public double PassRate => Runs == 0 ? double.NaN : (double)Passed / Runs;

        /// <summary>
        /// An agreement claim (not a recorded failure) that failed more often than its level allows: under its own
        /// assumptions at most α of runs fail, and this many failures or more would happen with probability below 1 %.
        /// </summary>
        public bool FailsTooOften =>
            TestsAgreement && !KnownToFail && Level is > 0 and < 1 && Runs > Passed
            && 1 - MathNet.Numerics.Distributions.Binomial.CDF(Level.Value, Runs, Runs - Passed - 1) < 0.01;

        /// <summary>The q-quantile of the p-values (NaN when the procedure has none).</summary>
        public double PValueQuantile(double q)
        {
            var p = PValues.Where(double.IsFinite).Order().ToArray();
            return p.Length == 0 ? double.NaN : p[(int)Math.Clamp(Math.Round(q * (p.Length - 1)), 0, p.Length - 1)];
        }
    }

    /// <summary>
    /// Runs <paramref name="definition"/> at <paramref name="seeds"/> master seeds from <paramref name="firstSeed"/> on,
    /// each into its own folder under <paramref name="scratch"/>: deleted after its claims are checked, or, with
    /// <paramref name="keepRuns"/>, kept so that a later calibration over the same folder reads the finished runs
    /// and only re-checks the claims.
    /// </summary>
    public static IReadOnlyList<ClaimRecord> Run(ExperimentDefinition definition, int seeds, ulong firstSeed, string scratch, Profile profile = Profile.Quick,
        int threads = 0, Action<int, IReadOnlyList<ClaimOutcome>>? afterSeed = null, bool keepRuns = false, CancellationToken cancellation = default)
    {
        if (seeds < 1) throw new ExperimentException($"--seeds must be at least 1 (got {seeds}).");
        var outcomes = new List<IReadOnlyList<ClaimOutcome>>();
        for (var k = 0; k < seeds; k++)
        {
            var folder = Path.Combine(scratch, $"{definition.Id}-seed-{firstSeed + (ulong)k}");
            try
            {
                var results = Path.Combine(ArtifactLayout.RunDirectory(folder, definition, profile), ArtifactLayout.ResultsFile);
                if (!(keepRuns && File.Exists(results)))
                {
                    var request = new RunRequest(profile, folder) { Seed = firstSeed + (ulong)k, Threads = threads > 0 ? threads : Environment.ProcessorCount };
                    results = ExperimentHost.Run(definition, request, null, cancellation).ResultsFile!;
                }
                var checkedClaims = ClaimCheck.Check(definition, results);
                outcomes.Add(checkedClaims);
                afterSeed?.Invoke(k, checkedClaims);
            }
            finally
            {
                if (!keepRuns && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        }
        var records = new List<ClaimRecord>();
        for (var i = 0; i < definition.Claims.Count; i++)
        {
            var claim = definition.Claims[i];
            var runs = outcomes.Select(o => o[i]).ToArray();
            records.Add(Record(claim.Name, runs.Select(r => (r.Passed, r.Result)).ToArray()));
            // A claim of several tests: each part's own pass rate and p-values too, e.g. an agreement part beside its level.
            var parts = runs.Select(r => r.Result?.Parts ?? []).ToArray();
            if (parts.All(p => p.Count > 0 && p.Count == parts[0].Count))
                for (var k = 0; k < parts[0].Count; k++)
                    records.Add(Record($"{claim.Name} · part {k + 1}", parts.Select(p => (p[k].Passed, (ClaimResult?)p[k])).ToArray()));

            ClaimRecord Record(string name, (bool Passed, ClaimResult? Result)[] seen)
            {
                var first = seen.FirstOrDefault(r => r.Result?.Procedure is not null).Result;
                return new ClaimRecord(definition.Id, name, claim.Statement, first?.Procedure, first?.Level, claim.KnownToFailAt(profile),
                    first?.TestsAgreement ?? false, seen.Length, seen.Count(r => r.Passed), seen.Select(r => r.Result?.PValue ?? double.NaN).ToArray());
            }
        }
        return records;
    }
}
