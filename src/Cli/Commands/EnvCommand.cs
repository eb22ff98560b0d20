using System.CommandLine;
using System.Runtime.InteropServices;
using ReproHeavyTails.LinearAlgebra;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>
/// `repro env`: what decides whether this machine reproduces the stored bits (docs/determinism.md) — the linear
/// algebra in use with the fingerprints of a small and a large fixed problem, the elementary functions' variant and fingerprint, the CPU features glibc's libm (FMA)
/// and OpenBLAS (AVX2, AVX-512) select on, the runtime. Two machines whose fingerprints agree compute the same linear algebra, bit for bit.
/// </summary>
internal static class EnvCommand
{
    public static Command Create(ReproContext context)
    {
        var command = new Command("env", "Print what decides reproducibility on this machine: linear algebra and libm (with fingerprints), CPU features, runtime.");
        command.SetAction(_ =>
        {
            var (small, large) = DenseFingerprint.Compute();
            var output = context.Output;
            output.WriteLine($"linear algebra:   {Dense.BackendName}");
            output.WriteLine($"fingerprints:     small (managed) {small}, large {large}");
            output.WriteLine($"libm:             {LibmPin.Description}");
            output.WriteLine($"cpu:              {CpuFeatures.Model}; {string.Join(" ", new[] { "fma", "avx2", "avx512f" }.Select(f => (CpuFeatures.Has(f) ? "+" : "-") + f))}");
            output.WriteLine($"runtime:          {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}");
            return ExitCode.Ok;
        });
        return command;
    }
}
