using System.Runtime.InteropServices;

namespace ReproHeavyTails.LinearAlgebra;

/// <summary>The C library's own functions (setenv, execve, gnu_get_libc_version), for what .NET does not reach.</summary>
internal static class LibC
{
    private static readonly Lazy<nint> Handle = new(() =>
        NativeLibrary.TryLoad("libc.so.6", out var libc) || NativeLibrary.TryLoad("libc", out libc) ? libc : 0);

    /// <summary>The address of <paramref name="name"/> in libc, or false where there is no libc or no such function.</summary>
    public static bool TryGetExport(string name, out nint address)
    {
        address = 0;
        return Handle.Value != 0 && NativeLibrary.TryGetExport(Handle.Value, name, out address);
    }
}
