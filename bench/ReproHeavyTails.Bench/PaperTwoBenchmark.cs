using System.Diagnostics;
using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Randomness;
using ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

namespace ReproHeavyTails.Bench;

/// <summary>
/// Paper 2 at its published size (d = 1000, h = 1500, n = 2000). (1) The two kernels — a 2000×1000 by
/// 1000×1500 product and all eigenvalues of a symmetric 1000×1000 matrix — by MathNet's managed routines, by
/// the native BLAS/LAPACK the runtime calls, and by NumPy. (2) Ten full-batch Adam steps and the ESD of WᵀW,
/// by the runtime and by a NumPy implementation of the same computation, and the steps' time as a ratio to the time
/// their matrix products take at the native GEMM's FLOP rate measured here.
/// </summary>
internal static class PaperTwoBenchmark
{
    private const int D = 1000, H = 1500, N = 2000, Steps = 10;

    public static void Run()
    {
        Console.WriteLine($"  runtime backend: {Dense.BackendName}");
        using var peer = Peer.NumPy("single_index.py", $"{D}", $"{H}", $"{N}", $"{Steps}", "1");
        double? NumPy(string part) => peer?.RootElement.GetProperty("seconds").GetProperty(part).GetDouble();

        var rng = new Rng(1);
        Matrix Gaussian(int r, int c)
        {
            var m = new Matrix(r, c);
            for (var k = 0; k < m.Data.Length; k++) m.Data[k] = rng.NextGaussian();
            return m;
        }
        var (a, b, s) = (Gaussian(2000, 1000), Gaussian(1000, 1500), Gaussian(1000, 1000));
        var symmetric = Dense.Gram(s);
        var native = Dense.Native;
        Console.WriteLine($"  {"kernel",-38} {"managed (s)",12} {"native (s)",11} {"NumPy (s)",10}");
        Console.WriteLine($"  {"2000×1000 · 1000×1500",-38} {Time(() => Dense.Managed.Multiply(a, b, false, false)),12:0.000} {Time(() => native.Multiply(a, b, false, false)),11:0.000} {Show(NumPy("gemm")),10}");
        // The native GEMM's FLOP rate at this size (best of three, in CPU time like the steps' ratio below, so that other
        // work on the machine slows neither): the rate the training steps' products could reach.
        var gemmFlops = 2.0 * 2000 * 1000 * 1500 / Enumerable.Range(0, 3).Min(_ => Measure(() => native.Multiply(a, b, false, false)).Cpu);
        Console.WriteLine($"  {"eigenvalues of a symmetric 1000×1000",-38} {Time(() => Dense.Managed.SymmetricEigen(symmetric, false)),12:0.000} {Time(() => native.SymmetricEigen(symmetric, false)),11:0.000} {Show(NumPy("eigvalsh")),10}");

        var teacher = SingleIndexTeacher.Draw(D, 0.3, rng);
        var train = teacher.Sample(N, rng);
        var student = TwoLayerStudent.Draw(H, D, rng);
        var (trainSeconds, trainCpu) = Measure(() => new StudentTraining(Adam: true, LearningRate: 1, Steps).Run(student, train));
        var esdSeconds = Time(() => Esd.Eigenvalues(student.W));
        Console.WriteLine();
        Console.WriteLine($"  {"full size, Adam η = 1",-38} {"C# (s)",12} {"NumPy (s)",11} {"NumPy / C#",10}");
        Console.WriteLine($"  {$"{Steps} full-batch steps",-38} {trainSeconds,12:0.00} {Show(NumPy("train")),11} {Ratio(NumPy("train"), trainSeconds),10}");
        Console.WriteLine($"  {"ESD of WᵀW (eigenvalues)",-38} {esdSeconds,12:0.00} {Show(NumPy("esd")),11} {Ratio(NumPy("esd"), esdSeconds),10}");
        // Each step's two products, XWᵀ forward and (∂L/∂Z)ᵀX backward, are 2·(2·n·d·h) FLOPs; tanh and Adam's elementwise work are not in the bound.
        var bound = Steps * 4.0 * N * D * H / gemmFlops;
        Console.WriteLine($"  {$"{Steps} steps' products at {gemmFlops / 1e9:0} GFLOP/s",-38} {bound,12:0.00} {"",11} {"",10} "
                          + $"steps: {trainCpu / bound:0.00}× the FLOP-bound time (CPU time {trainCpu:0.00} s)");
        // NumPy's steps against the same bound, in its process's CPU time (its BLAS may run threads of its own).
        if (peer?.RootElement.GetProperty("cpu_seconds").GetProperty("train").GetDouble() is { } numpyCpu)
            Console.WriteLine($"  {"",-38} {"",12} {"",11} {"",10} NumPy steps: {numpyCpu / bound:0.00}× (CPU time {numpyCpu:0.00} s)");
        Console.WriteLine($"  {"total",-38} {trainSeconds + esdSeconds,12:0.00} {Show(NumPy("train") + NumPy("esd")),11} {Ratio(NumPy("train") + NumPy("esd"), trainSeconds + esdSeconds),10}");
    }

    private static double Time(Action action) => Measure(action).Wall;

    /// <summary>Wall time and the process's CPU time (the native BLAS runs on one thread, the caller's).</summary>
    private static (double Wall, double Cpu) Measure(Action action)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        process.Refresh();
        return (watch.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static string Show(double? seconds) => seconds is { } x ? $"{x:0.000}" : "—";

    private static string Ratio(double? peer, double ours) => peer is { } x ? $"{x / ours:0.00}×" : "";
}
