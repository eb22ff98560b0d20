using System.CommandLine;
using System.Runtime.InteropServices;
using ReproHeavyTails.LinearAlgebra;

namespace ReproHeavyTails.Cli.Commands;

/// <summary>
/// `repro env`: what decides whether this machine reproduces the stored bits (docs/determinism.md) — the linear
/// algebra in use with the fingerprints of a small and a large fixed problem, the CPU features glibc's libm and
/// OpenBLAS select on, the runtime. Two machines whose lines agree compute the same numbers.
/// </summary>
internal static class EnvCommand
{
    public static Command Create(ReproContext context)
    {
        var command = new Command("env", "Print what decides reproducibility on this machine: linear algebra (with fingerprints), CPU features, runtime.");
        command.SetAction(_ =>
        {
            var (small, large) = DenseFingerprint.Compute();
            var output = context.Output;
            output.WriteLine($"linear algebra:   {Dense.BackendName}");
            output.WriteLine($"fingerprints:     small (managed) {small}, large {large}");
            output.WriteLine($"cpu:              {CpuModel()}; {string.Join(" ", CpuFeatures())}");
            output.WriteLine($"runtime:          {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}");
            return ExitCode.Ok;
        });
        return command;
    }

    private static IEnumerable<string> CpuInfo(string key) =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").Where(l => l.StartsWith(key, StringComparison.Ordinal)).Take(1).Select(l => l[(l.IndexOf(':') + 1)..].Trim())
            : [];

    private static string CpuModel() => CpuInfo("model name").FirstOrDefault() ?? RuntimeInformation.ProcessArchitecture.ToString();

    /// <summary>The features that change results: FMA selects glibc's libm variants, AVX2/AVX-512 OpenBLAS's kernels.</summary>
    private static IEnumerable<string> CpuFeatures()
    {
        var flags = CpuInfo("flags").FirstOrDefault()?.Split(' ') ?? [];
        return new[] { "fma", "avx2", "avx512f" }.Select(f => (flags.Contains(f) ? "+" : "-") + f);
    }
}
