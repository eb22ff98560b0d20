using System.Runtime.InteropServices;

namespace ReproHeavyTails.LinearAlgebra;

/// <summary>
/// Fixes OpenBLAS's kernel and thread count before the library loads: both decide its summation order (measured on
/// one AMD EPYC: the SkylakeX, Haswell and Zen kernels and 1 or 2 threads give products that differ in the last
/// bits, which a trained network amplifies to 1e-5). OpenBLAS reads OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS from
/// the C environment when it loads; .NET's Environment.SetEnvironmentVariable does not reach that environment on
/// Unix, so they are set with libc's setenv. A value the machine preset is overridden and named in the record.
/// </summary>
internal sealed unsafe class OpenBlasPin
{
    /// <summary>AVX2 + FMA: the newest kernel that every x86-64 CPU since 2013 runs (Intel from Haswell, AMD from Zen).</summary>
    public const string Kernel = "Haswell";

    private readonly string? _preset;

    private OpenBlasPin(string? preset) => _preset = preset;

    public static OpenBlasPin BeforeLoad()
    {
        var preset = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE");
        if (CanRunKernel()) SetNativeEnvironment("OPENBLAS_CORETYPE", Kernel);
        SetNativeEnvironment("OPENBLAS_NUM_THREADS", "1");
        return new OpenBlasPin(preset);
    }

    /// <summary>Sets one thread (for builds that ignore the variable) and says which kernel actually runs.</summary>
    public string AfterLoad(IEnumerable<nint> handles)
    {
        string? kernel = null;
        foreach (var handle in handles)
        {
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var setThreads)) ((delegate* unmanaged<int, void>)setThreads)(1);
            if (NativeLibrary.TryGetExport(handle, "openblas_get_corename", out var coreName))
                kernel = Marshal.PtrToStringAnsi(((delegate* unmanaged<nint>)coreName)());
        }
        var overridden = !string.IsNullOrEmpty(_preset) && !string.Equals(_preset, kernel, StringComparison.OrdinalIgnoreCase) ? $", OPENBLAS_CORETYPE={_preset} overridden" : "";
        return $"kernel {kernel ?? "unknown"}, 1 thread{overridden}";
    }

    private static bool CanRunKernel() =>
        RuntimeInformation.ProcessArchitecture == Architecture.X64 && CpuFeatures.Has("avx2") && CpuFeatures.Has("fma");

    private static void SetNativeEnvironment(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (!LibC.TryGetExport("setenv", out var setenv)) return;
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name + "\0");
        var valueBytes = System.Text.Encoding.UTF8.GetBytes(value + "\0");
        fixed (byte* n = nameBytes, v = valueBytes)
            ((delegate* unmanaged<byte*, byte*, int, int>)setenv)(n, v, 1);
    }
}
