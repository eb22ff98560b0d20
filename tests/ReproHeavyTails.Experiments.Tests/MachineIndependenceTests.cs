using System.Diagnostics;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>
/// The linear algebra gives the same bits whatever OpenBLAS kernel or thread count the machine presets (measured on
/// main a3528fd: SkylakeX, Haswell, Sandybridge and 1 or 2 threads gave six different products). OpenBLAS reads its
/// settings when it loads, so each case is a fresh `repro env` process.
/// </summary>
public class MachineIndependenceTests
{
    [Fact]
    public void Fingerprints_do_not_depend_on_the_preset_kernel_or_thread_count()
    {
        var machines = new (string Kernel, string Threads)[] { ("Haswell", "1"), ("SkylakeX", "2"), ("Zen", "1"), ("Sandybridge", "2") };
        var fingerprints = machines.Select(m => Env(("OPENBLAS_CORETYPE", m.Kernel), ("OPENBLAS_NUM_THREADS", m.Threads)))
            .Select(e => (e.Small, e.Large)).ToList();
        Assert.All(fingerprints, f => Assert.Equal(fingerprints[0], f));
        Assert.Contains("kernel Haswell, 1 thread", Env(("OPENBLAS_CORETYPE", "SkylakeX")).Backend);
    }

    [Fact]
    public void Small_problems_are_the_same_bits_in_managed_and_native_configurations()
    {
        var native = Env();
        var managed = Env(("REPRO_LINEAR_ALGEBRA", "managed"), ("DOTNET_EnableAVX2", "0"));
        Assert.Equal(native.Small, managed.Small);
    }

    private static (string Backend, string Small, string Large) Env(params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "repro.dll"), "env"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        string Line(string key) => output.Split('\n').Single(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim();
        var prints = Line("fingerprints:").Split(',');
        return (Line("linear algebra:"), prints[0].Trim(), prints[1].Trim());
    }
}
