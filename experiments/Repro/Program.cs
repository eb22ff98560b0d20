// The host entry point lives in the library (ReproCli.Main) so that a user's experiment project starts exactly as this one does.
return ReproHeavyTails.Cli.ReproCli.Main(args, ReproHeavyTails.Experiments.ExperimentCatalogue.All);
