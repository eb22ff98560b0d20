using System.Diagnostics;
using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Testing;
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

    /// <summary>
    /// The elementary functions give the same bits whether the CPU has FMA or not (simulated by masking it, as on a
    /// pre-2013 CPU) and whatever else GLIBC_TUNABLES holds. Measured before the pin: masking FMA changed the fingerprint.
    /// </summary>
    [Fact]
    public void Libm_fingerprint_does_not_depend_on_the_cpu_or_preset_tunables()
    {
        var unset = (string?)null;
        var fingerprints = new[] { unset, "glibc.cpu.hwcaps=-AVX2,-FMA", "glibc.malloc.arena_max=2" }
            .Select(tunables => Libm(("GLIBC_TUNABLES", tunables))).ToList();
        Assert.All(fingerprints, f => Assert.Contains("baseline variants", f));
        Assert.All(fingerprints, f => Assert.Equal(Fingerprint(fingerprints[0]), Fingerprint(f)));
        // The test host runs pinned too (tests/pinned.runsettings), so the suite's numbers are the CLI's numbers.
        Assert.True(LibmPin.Active, "the test host did not start with tests/pinned.runsettings");
        Assert.Equal(Fingerprint(fingerprints[0]), LibmPin.Fingerprint);
    }

    /// <summary>The pin is what makes them equal: unpinned, a CPU with FMA computes other bits (one without, the same).</summary>
    [Fact]
    public void Without_the_pin_an_fma_cpu_computes_other_bits()
    {
        var native = Libm(("GLIBC_TUNABLES", null), ("REPRO_LIBM", "native"));
        Assert.Contains("REPRO_LIBM=native", native);
        if (CpuFeatures.Has("fma") && CpuFeatures.Has("avx2")) Assert.NotEqual(LibmPin.Fingerprint, Fingerprint(native));
        else Assert.Equal(LibmPin.Fingerprint, Fingerprint(native));
    }

    [Fact]
    public void The_test_settings_use_the_pin_the_cli_uses()
    {
        var settings = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryPaths.Root, "tests", "pinned.runsettings"));
        Assert.Equal(LibmPin.Tunable, settings.Descendants("GLIBC_TUNABLES").Single().Value);
    }

    private static string Fingerprint(string libm) => libm[(libm.LastIndexOf("fingerprint ", StringComparison.Ordinal) + "fingerprint ".Length)..];

    private static string Libm(params (string Name, string? Value)[] environment) => Run(environment).Line("libm:");

    private static (string Backend, string Small, string Large) Env(params (string Name, string Value)[] environment)
    {
        var output = Run([.. environment.Select(e => (e.Name, (string?)e.Value))]);
        var prints = output.Line("fingerprints:").Split(',');
        return (output.Line("linear algebra:"), prints[0].Trim(), prints[1].Trim());
    }

    private sealed record EnvOutput(string Text)
    {
        public string Line(string key) => Text.Split('\n').Single(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim();
    }

    /// <summary>`repro env` in a fresh process; a null value removes the variable from the inherited environment.</summary>
    private static EnvOutput Run(params (string Name, string? Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "repro.dll"), "env"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        return new EnvOutput(output);
    }
}
