namespace ReproHeavyTails.Cli;

/// <summary>What every `repro` command's exit code means.</summary>
internal static class ExitCode
{
    /// <summary>Done, and everything matched or held.</summary>
    public const int Ok = 0;

    /// <summary>Done, but results differ from the references, a claim failed unexpectedly, or work is missing.</summary>
    public const int Differs = 1;

    /// <summary>A usage mistake or an input the command cannot use (a bad file, an unwritable folder): nothing was changed.</summary>
    public const int InputError = 2;

    /// <summary>Interrupted (Ctrl+C): completed work is kept.</summary>
    public const int Interrupted = 130;
}
