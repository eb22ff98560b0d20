using ReproHeavyTails.Cli;
using ReproHeavyTails.LinearAlgebra;

// Before anything else: restart with libm's baseline variants unless already running with them (docs/determinism.md).
LibmPin.EnsureForThisProcess(Console.Error);

// Ctrl+C stops a run after the cells in flight; completed cells are kept and the next run resumes.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return ReproCli.Run(args, Console.Out, Console.Error, ReproHeavyTails.Experiments.ExperimentCatalogue.All, cancellation.Token);
