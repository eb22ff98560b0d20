using System.Runtime.InteropServices;

namespace ReproHeavyTails.LinearAlgebra;

/// <summary>A dense row-major matrix: the shape of the arrays the heavy linear algebra works on.</summary>
public sealed class Matrix(int rows, int columns, double[] data)
{
    public Matrix(int rows, int columns) : this(rows, columns, new double[rows * columns]) { }

    public int Rows { get; } = rows;

    public int Columns { get; } = columns;

    public double[] Data { get; } = data.Length == rows * columns ? data : throw new ArgumentException($"{data.Length} entries for a {rows}×{columns} matrix");

    public double this[int i, int j]
    {
        get => Data[i * Columns + j];
        set => Data[i * Columns + j] = value;
    }

    public Span<double> Row(int i) => Data.AsSpan(i * Columns, Columns);

    public Matrix Clone() => new(Rows, Columns, (double[])Data.Clone());
}

/// <summary>
/// The routines whose cost dominates spectra of trained networks — C = op(A)·op(B), Gram matrices AᵀA, the
/// eigen-decomposition of a symmetric matrix and positive-definite solves.
/// <para>
/// Which code runs is decided by the problem's size, never by the machine (docs/determinism.md, "Linear algebra"):
/// up to <see cref="ExactWorkLimit"/> multiply-adds the project's managed routines (MathNet.Numerics), whose
/// summation order depends on the shapes alone, so the result is the same bits on every CPU, SIMD width and core
/// count; above it the system's OpenBLAS through P/Invoke, pinned inside the process to one kernel and one thread
/// (<see cref="OpenBlasPin"/>) so that its summation order is fixed too wherever that kernel runs.
/// REPRO_LINEAR_ALGEBRA=managed sends every size to the managed routines (for machines without OpenBLAS).
/// </para>
/// </summary>
public static class Dense
{
    /// <summary>2²⁷ multiply-adds: every quick-profile problem (d ≤ 200) lies below it, every published-size one (d = 1000) above.</summary>
    public const long ExactWorkLimit = 1L << 27;

    private static readonly Lazy<IDenseBackend> ForLargeProblems = new(SelectForLargeProblems);

    /// <summary>What runs, for the artifacts' metadata: the managed routines below the limit and the backend above it.</summary>
    public static string BackendName => $"managed (MathNet.Numerics) up to 2^{System.Numerics.BitOperations.Log2((ulong)ExactWorkLimit)} multiply-adds, above: {ForLargeProblems.Value.Name}";

    public static IDenseBackend Native => NativeBackend.TryLoad() ?? throw new DllNotFoundException("no BLAS/LAPACK with cblas_dgemm and dsyevd_ found (install libopenblas0)");

    public static IDenseBackend Managed { get; } = new ManagedBackend();

    private static IDenseBackend SelectForLargeProblems()
    {
        if (Environment.GetEnvironmentVariable("REPRO_LINEAR_ALGEBRA") == "managed") return Managed;
        return NativeBackend.TryLoad() is { } native ? native : Managed;
    }

    private static IDenseBackend For(long multiplyAdds) => multiplyAdds <= ExactWorkLimit ? Managed : ForLargeProblems.Value;

    private static long Cube(int n) => (long)n * n * n;

    /// <summary>scale·op(A)·op(B), op = transpose where asked.</summary>
    public static Matrix Multiply(Matrix a, Matrix b, bool transposeA = false, bool transposeB = false, double scale = 1)
    {
        var (m, n, k) = Shapes.Of(a, b, transposeA, transposeB);
        return For((long)m * n * k).Multiply(a, b, transposeA, transposeB, scale);
    }

    /// <summary>The Gram matrix AᵀA (symmetric rank-k update: half the work of a general product).</summary>
    public static Matrix Gram(Matrix a) => For((long)a.Columns * a.Columns * a.Rows).Gram(a);

    /// <summary>Eigenvalues in ascending order of the symmetric matrix <paramref name="a"/>; with <paramref name="vectors"/>, row k of the returned matrix is the unit eigenvector of eigenvalue k.</summary>
    public static (double[] Values, Matrix? Vectors) SymmetricEigen(Matrix a, bool vectors = false) => For(Cube(a.Rows)).SymmetricEigen(a, vectors);

    /// <summary>x with A x = b for a symmetric positive-definite A (Cholesky).</summary>
    public static double[] SolvePositiveDefinite(Matrix a, double[] b) => For(Cube(a.Rows)).SolvePositiveDefinite(a, b);
}

public interface IDenseBackend
{
    string Name { get; }

    Matrix Multiply(Matrix a, Matrix b, bool transposeA, bool transposeB, double scale = 1);

    Matrix Gram(Matrix a);

    (double[] Values, Matrix? Vectors) SymmetricEigen(Matrix a, bool vectors);

    double[] SolvePositiveDefinite(Matrix a, double[] b);
}

internal static class Shapes
{
    public static (int M, int N, int K) Of(Matrix a, Matrix b, bool transposeA, bool transposeB)
    {
        var (m, k) = transposeA ? (a.Columns, a.Rows) : (a.Rows, a.Columns);
        var (k2, n) = transposeB ? (b.Columns, b.Rows) : (b.Rows, b.Columns);
        if (k != k2) throw new ArgumentException($"cannot multiply {m}×{k} by {k2}×{n}");
        return (m, n, k);
    }

    public static void RequireSquare(Matrix a)
    {
        if (a.Rows != a.Columns) throw new ArgumentException($"a symmetric matrix must be square, not {a.Rows}×{a.Columns}");
    }
}

internal sealed unsafe class NativeBackend : IDenseBackend
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112, Upper = 121;
    private static readonly string[] Candidates = ["libopenblas.so.0", "libopenblas.so", "libblas.so.3", "liblapack.so.3", "libopenblas.dylib", "libopenblas.dll"];
    private static readonly Lazy<NativeBackend?> Instance = new(Load);

    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemm;
    private readonly delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, void> _dsyevd;
    private readonly delegate* unmanaged<byte*, int*, int*, double*, int*, double*, int*, int*, void> _dposv;
    private readonly delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void> _dsyrk;

    private NativeBackend(string name, nint dgemm, nint dsyevd, nint dposv, nint dsyrk)
    {
        _dsyrk = (delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void>)dsyrk;
        _dposv = (delegate* unmanaged<byte*, int*, int*, double*, int*, double*, int*, int*, void>)dposv;
        Name = name;
        _dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm;
        _dsyevd = (delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, void>)dsyevd;
    }

    public string Name { get; }

    public static NativeBackend? TryLoad() => Instance.Value;

    private static NativeBackend? Load()
    {
        var pin = OpenBlasPin.BeforeLoad(); 
        nint dgemm = 0, dsyevd = 0, dposv = 0, dsyrk = 0;
        var used = new List<string>();
        var handles = new List<nint>();
        foreach (var candidate in Candidates)
        {
            if (!NativeLibrary.TryLoad(candidate, out var handle)) continue;
            handles.Add(handle);
            var found = false;
            if (dgemm == 0 && NativeLibrary.TryGetExport(handle, "cblas_dgemm", out dgemm)) found = true;
            if (dsyevd == 0 && NativeLibrary.TryGetExport(handle, "dsyevd_", out dsyevd)) found = true;
            if (dposv == 0 && NativeLibrary.TryGetExport(handle, "dposv_", out dposv)) found = true;
            if (dsyrk == 0 && NativeLibrary.TryGetExport(handle, "cblas_dsyrk", out dsyrk)) found = true;
            if (found) used.Add(candidate);
            if (dgemm != 0 && dsyevd != 0 && dposv != 0 && dsyrk != 0)
                return new NativeBackend($"native ({string.Join(", ", used)}; {pin.AfterLoad(handles)})", dgemm, dsyevd, dposv, dsyrk);
        }
        return null;
    }

    public Matrix Multiply(Matrix a, Matrix b, bool transposeA, bool transposeB, double scale = 1)
    {
        var (m, n, k) = Shapes.Of(a, b, transposeA, transposeB);
        var c = new Matrix(m, n);
        if (m == 0 || n == 0) return c;
        fixed (double* pa = a.Data, pb = b.Data, pc = c.Data)
            _dgemm(RowMajor, transposeA ? Trans : NoTrans, transposeB ? Trans : NoTrans, m, n, k, scale, pa, Math.Max(1, a.Columns), pb, Math.Max(1, b.Columns), 0.0, pc, Math.Max(1, n));
        return c;
    }

    public Matrix Gram(Matrix a)
    {
        var n = a.Columns;
        var c = new Matrix(n, n);
        if (n == 0) return c;
        fixed (double* pa = a.Data, pc = c.Data)
            _dsyrk(RowMajor, Upper, Trans, n, a.Rows, 1.0, pa, Math.Max(1, n), 0.0, pc, Math.Max(1, n));
        for (var i = 0; i < n; i++)
            for (var j = 0; j < i; j++) c[i, j] = c[j, i];     // syrk fills one triangle
        return c;
    }

    public (double[] Values, Matrix? Vectors) SymmetricEigen(Matrix a, bool vectors)
    {
        Shapes.RequireSquare(a);
        var n = a.Rows;
        var work = a.Clone();     // LAPACK overwrites its input (with the eigenvectors, column-major = rows here)
        var values = new double[n];
        if (n == 0) return (values, vectors ? work : null);
        byte jobz = (byte)(vectors ? 'V' : 'N'), uplo = (byte)'U';
        int lwork = -1, liwork = -1, info = 0, lda = n;
        double workSize = 0;
        int iworkSize = 0;
        fixed (double* pa = work.Data, pw = values)
        {
            _dsyevd(&jobz, &uplo, &n, pa, &lda, pw, &workSize, &lwork, &iworkSize, &liwork, &info);
            lwork = (int)workSize;
            liwork = iworkSize;
            var buffer = new double[lwork];
            var ibuffer = new int[liwork];
            fixed (double* pb = buffer)
            fixed (int* pi = ibuffer)
                _dsyevd(&jobz, &uplo, &n, pa, &lda, pw, pb, &lwork, pi, &liwork, &info);
        }
        if (info != 0) throw new InvalidOperationException($"dsyevd failed (info = {info})");
        return (values, vectors ? work : null);
    }

    public double[] SolvePositiveDefinite(Matrix a, double[] b)
    {
        Shapes.RequireSquare(a);
        var factor = a.Clone();
        var x = (double[])b.Clone();
        int n = a.Rows, nrhs = 1, lda = Math.Max(1, n), ldb = Math.Max(1, n), info = 0;
        byte uplo = (byte)'U';
        fixed (double* pa = factor.Data, pb = x)
            _dposv(&uplo, &n, &nrhs, pa, &lda, pb, &ldb, &info);
        if (info != 0) throw new InvalidOperationException($"dposv failed (info = {info}): the matrix is not positive definite");
        return x;
    }
}

internal sealed class ManagedBackend : IDenseBackend
{
    public string Name => "managed (MathNet.Numerics)";

    // A row-major r×c array is the column-major storage of the c×r transpose, so no copies are needed:
    // C = op(A)op(B) is computed as Cᵀ = op(B)ᵀop(A)ᵀ.
    public Matrix Multiply(Matrix a, Matrix b, bool transposeA, bool transposeB, double scale = 1)
    {
        var (m, n, _) = Shapes.Of(a, b, transposeA, transposeB);
        var at = new MathNet.Numerics.LinearAlgebra.Double.DenseMatrix(a.Columns, a.Rows, a.Data);
        var bt = new MathNet.Numerics.LinearAlgebra.Double.DenseMatrix(b.Columns, b.Rows, b.Data);
        var left = transposeB ? bt.Transpose() : bt;
        var right = transposeA ? at.Transpose() : at;
        var product = left.Multiply(right);
        var ct = (MathNet.Numerics.LinearAlgebra.Double.DenseMatrix)(scale == 1 ? product : product.Multiply(scale));
        return new Matrix(m, n, ct.Values);
    }

    public Matrix Gram(Matrix a) => Multiply(a, a, transposeA: true, transposeB: false);

    public (double[] Values, Matrix? Vectors) SymmetricEigen(Matrix a, bool vectors)
    {
        Shapes.RequireSquare(a);
        var n = a.Rows;
        var evd = new MathNet.Numerics.LinearAlgebra.Double.DenseMatrix(n, n, (double[])a.Data.Clone()).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(z => z.Real).ToArray();
        var order = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
        Matrix? rows = null;
        if (vectors)
        {
            rows = new Matrix(n, n);
            for (var k = 0; k < n; k++)
                for (var j = 0; j < n; j++) rows[k, j] = evd.EigenVectors[j, order[k]];
        }
        return (order.Select(i => values[i]).ToArray(), rows);
    }

    public double[] SolvePositiveDefinite(Matrix a, double[] b)
    {
        Shapes.RequireSquare(a);
        var m = new MathNet.Numerics.LinearAlgebra.Double.DenseMatrix(a.Rows, a.Rows, (double[])a.Data.Clone());
        return m.Cholesky().Solve(MathNet.Numerics.LinearAlgebra.Double.DenseVector.OfArray(b)).ToArray();
    }
}
