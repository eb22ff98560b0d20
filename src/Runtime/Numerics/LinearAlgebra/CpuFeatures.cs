using System.Runtime.InteropServices;

namespace ReproHeavyTails.LinearAlgebra;

/// <summary>
/// The CPU as the kernel reports it (/proc/cpuinfo), not as .NET sees it: DOTNET_EnableAVX2=0 hides AVX2 from .NET
/// but not from OpenBLAS or glibc, whose choices of kernels and libm variants are what change results.
/// </summary>
public static class CpuFeatures
{
    private static readonly Lazy<(string Model, HashSet<string> Flags)> Info = new(Read);

    public static string Model => Info.Value.Model;

    public static bool Has(string flag) => Info.Value.Flags.Contains(flag);

    private static (string, HashSet<string>) Read()
    {
        string Field(IEnumerable<string> lines, string key) =>
            lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal)) is { } line ? line[(line.IndexOf(':') + 1)..].Trim() : "";
        if (!File.Exists("/proc/cpuinfo")) return (RuntimeInformation.ProcessArchitecture.ToString(), []);
        var lines = File.ReadLines("/proc/cpuinfo").Take(64).ToArray();
        return (Field(lines, "model name") is { Length: > 0 } model ? model : RuntimeInformation.ProcessArchitecture.ToString(),
            Field(lines, "flags").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
    }
}
