using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ReproHeavyTails.LinearAlgebra;

/// <summary>
/// Fixes which implementation of the elementary functions (Math.Exp, Log, Sin, Tanh, Pow…) the process runs. glibc's
/// libm picks one per CPU when the process starts — an FMA variant where the CPU has FMA and AVX2, the baseline
/// x86-64 code elsewhere — and the two differ in the last bit for about one argument in 2,000 (docs/determinism.md).
/// The choice is made by the dynamic loader from GLIBC_TUNABLES before any managed code runs, so a process that was
/// not started with the setting re-executes itself with it (<see cref="EnsureForThisProcess"/>): every machine then runs
/// the baseline variant. REPRO_LIBM=native opts out (faster on FMA machines; results are then not the stored bits).
/// </summary>
public static unsafe class LibmPin
{
    /// <summary>Masks FMA, FMA4 and AVX2 from libm's selection; glibc up to 2.32 spells them with `_Usable`, later without.</summary>
    public const string Tunable = "glibc.cpu.hwcaps=-AVX2_Usable,-FMA_Usable,-FMA4_Usable,-AVX2,-FMA,-FMA4";

    private const string TunablesVariable = "GLIBC_TUNABLES", OptOutVariable = "REPRO_LIBM", ReexecMarker = "REPRO_LIBM_REEXEC";

    /// <summary>True when the process started with the masking tunable (or the platform has no glibc variants to pin).</summary>
    public static bool Active => !OperatingSystem.IsLinux() || StartedWithTunable(Environment.GetEnvironmentVariable(TunablesVariable));

    private static bool OptedOut => Environment.GetEnvironmentVariable(OptOutVariable) == "native";

    /// <summary>
    /// Call first in Main: when the process did not start with the tunable, replaces it (execve, same executable,
    /// same arguments) by one that did; a preset GLIBC_TUNABLES is kept and extended. Returns only when no restart is
    /// needed or the restart failed (then a warning goes to <paramref name="warnings"/> and the process runs unpinned).
    /// </summary>
    public static void EnsureForThisProcess(TextWriter warnings)
    {
        if (Active || OptedOut || Environment.GetEnvironmentVariable(ReexecMarker) is not null) return;
        var preset = Environment.GetEnvironmentVariable(TunablesVariable);
        Environment.SetEnvironmentVariable(TunablesVariable, string.IsNullOrEmpty(preset) ? Tunable : preset + ":" + Tunable);
        // The marker stops a loop on a system that drops GLIBC_TUNABLES (secure-execution mode).
        Environment.SetEnvironmentVariable(ReexecMarker, "1");
        var error = Reexecute();
        Environment.SetEnvironmentVariable(TunablesVariable, preset);
        warnings.WriteLine($"warning: could not restart with {TunablesVariable}={Tunable} ({error}); elementary functions run this CPU's libm variant, so results may differ from the stored ones in the last bits.");
    }

    /// <summary>What `repro env` and the artifact metadata record: the C library, whether the pin holds, the fingerprint.</summary>
    public static string Description =>
        $"{LibraryVersion.Value}, {(Active ? "baseline variants (FMA masked)" : OptedOut ? "this CPU's variants (REPRO_LIBM=native)" : "this CPU's variants (not pinned)")}, fingerprint {Fingerprint}";

    /// <summary>A hash of the exact bits of the elementary functions on fixed arguments: equal fingerprints, equal libm.</summary>
    public static string Fingerprint => LazyFingerprint.Value;

    private static readonly Lazy<string> LazyFingerprint = new(ComputeFingerprint);

    private static string ComputeFingerprint()
    {
        const int n = 1 << 14;
        var values = new double[8 * n];
        for (var i = 0; i < n; i++)
        {
            // 16,384 arguments over [-2π, 2π): about eight of them hit each function's last-bit difference between variants.
            var x = (i + 0.5) * Math.PI / 4096 - 2 * Math.PI;
            var o = 8 * i;
            values[o] = Math.Exp(x);
            values[o + 1] = Math.Log(Math.Abs(x) + 1e-3);
            values[o + 2] = Math.Sin(7 * x);
            values[o + 3] = Math.Cos(7 * x);
            values[o + 4] = Math.Tanh(x);
            values[o + 5] = Math.Pow(Math.Abs(x) + 0.5, 1.37);
            values[o + 6] = Math.Atan(x);
            values[o + 7] = Math.Exp(-x * x / 2);
        }
        return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan())))[..16];
    }

    private static readonly Lazy<string> LibraryVersion = new(() =>
        OperatingSystem.IsLinux() && LibC.TryGetExport("gnu_get_libc_version", out var version)
            ? "glibc " + Marshal.PtrToStringAnsi(((delegate* unmanaged<nint>)version)())
            : RuntimeInformation.OSDescription);

    private static bool StartedWithTunable(string? tunables) =>
        tunables is not null && tunables.Split(':').Contains(Tunable, StringComparer.Ordinal);

    /// <summary>execve("/proc/self/exe") with this process's own argv (read back from /proc) and .NET's environment.</summary>
    private static string Reexecute()
    {
        if (!OperatingSystem.IsLinux()) return "not Linux";
        if (!LibC.TryGetExport("execve", out var execve)) return "no execve";
        var argv = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}").ToArray();
        var handles = new List<GCHandle>();
        nint Pin(string s)
        {
            var handle = GCHandle.Alloc(System.Text.Encoding.UTF8.GetBytes(s + "\0"), GCHandleType.Pinned);
            handles.Add(handle);
            return handle.AddrOfPinnedObject();
        }
        nint[] Block(string[] strings) => [.. strings.Select(Pin), 0];
        var (path, args, env) = (Pin("/proc/self/exe"), Block(argv), Block(environment));
        fixed (nint* a = args, e = env)
            ((delegate* unmanaged<nint, nint*, nint*, int>)execve)(path, a, e);
        // Only reached when execve failed.
        var errno = Marshal.GetLastSystemError();
        foreach (var handle in handles) handle.Free();
        return $"execve failed, errno {errno}";
    }
}
