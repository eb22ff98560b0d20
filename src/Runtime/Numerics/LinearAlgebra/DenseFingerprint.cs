using System.Security.Cryptography;
using ReproHeavyTails.Randomness;

namespace ReproHeavyTails.LinearAlgebra;

/// <summary>
/// A hash of the exact bits that the routines produce on a fixed problem of each size class — one below
/// <see cref="Dense.ExactWorkLimit"/> (managed code) and one above (the pinned native backend): two machines whose
/// fingerprints agree compute the same linear algebra, bit for bit, at both scales (`repro env` prints it).
/// </summary>
public static class DenseFingerprint
{
    public static (string Small, string Large) Compute() => (Of(64), Of(640));

    private static string Of(int n)
    {
        var rng = new Rng(0x5eed);
        var a = new Matrix(n, n);
        rng.FillGaussian(a.Data);
        var product = Dense.Multiply(a, a, transposeB: true);
        var (values, _) = Dense.SymmetricEigen(product);
        var bytes = new byte[(product.Data.Length + values.Length) * sizeof(double)];
        Buffer.BlockCopy(product.Data, 0, bytes, 0, product.Data.Length * sizeof(double));
        Buffer.BlockCopy(values, 0, bytes, product.Data.Length * sizeof(double), values.Length * sizeof(double));
        return Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
    }
}
