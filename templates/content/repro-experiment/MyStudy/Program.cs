// This project is its own `repro` command: ExperimentCatalogue is generated from the [Experiment] classes it declares.
return ReproHeavyTails.Cli.ReproCli.Main(args, MyStudy.ExperimentCatalogue.All);
