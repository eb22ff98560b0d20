using ReproHeavyTails.Framework;
using ReproHeavyTails.Randomness;
using Xunit;

namespace ReproHeavyTails.Runtime.Tests;

/// <summary>`repro plan`'s extrapolation (<see cref="CostEstimate"/>) on synthetic timings, and its measurement on a small experiment.</summary>
public class CostEstimateTests
{
    private static CostEstimate Estimate(int items, double[] cpuSeconds, long baseline = 100, long peak = 150) =>
        new("synthetic", items, cpuSeconds.Select((c, i) => new ItemTiming(i, c, c)).ToArray(), baseline, peak);

    [Fact]
    public void The_total_is_items_times_the_mean_item_with_the_standard_error_of_a_sample_without_replacement()
    {
        var e = Estimate(100, [1, 2, 3, 4]);
        Assert.Equal(2.5, e.MeanItemSeconds);
        Assert.Equal(250, e.CpuSeconds);
        // s² = 5/3 over 4 items, finite-population factor 1 − 4/100, relative to the mean 2.5.
        Assert.Equal(Math.Sqrt(5.0 / 3 / 4 * (1 - 4.0 / 100)) / 2.5, e.RelativeError, 12);
        Assert.Equal(0, Estimate(4, [1, 2, 3, 4]).RelativeError); // every item timed: no sampling error
        Assert.True(double.IsNaN(Estimate(100, [2]).RelativeError));
        Assert.Equal(0, Estimate(100, [2, 2, 2]).RelativeError);
    }

    /// <summary>
    /// Over many samples of 50 items from 200 of known cost (a quarter: the finite-population factor matters), the estimated total is unbiased and the mean squared standard
    /// error it reports equals the variance of the estimates (within the Monte Carlo error, a few per cent at 4000 draws).
    /// </summary>
    [Fact]
    public void The_reported_standard_error_matches_the_spread_of_the_estimates_over_repeated_samples()
    {
        var rng = new Rng(7);
        var population = Enumerable.Range(0, 200).Select(_ => 0.5 + 3 * rng.NextDouble() * rng.NextDouble()).ToArray();
        var truth = population.Sum();
        var totals = new List<double>();
        var squaredErrors = new List<double>();
        for (var draw = 0; draw < 4000; draw++)
        {
            var order = population.ToArray();
            for (var i = 0; i < 50; i++) // the first 50 of a Fisher–Yates shuffle: a sample without replacement
            {
                var j = i + rng.NextInt(order.Length - i);
                (order[i], order[j]) = (order[j], order[i]);
            }
            var e = Estimate(population.Length, order[..50]);
            totals.Add(e.CpuSeconds);
            squaredErrors.Add(Math.Pow(e.RelativeError * e.CpuSeconds, 2));
        }
        var mean = totals.Average();
        var variance = totals.Sum(t => (t - mean) * (t - mean)) / (totals.Count - 1);
        Assert.InRange(mean, truth - 3 * Math.Sqrt(variance / totals.Count), truth + 3 * Math.Sqrt(variance / totals.Count));
        Assert.InRange(squaredErrors.Average() / variance, 0.92, 1.08);
    }

    [Fact]
    public void Wall_time_is_rounds_of_the_mean_item_and_never_less_than_the_longest()
    {
        var e = Estimate(10, [1, 2, 3]);
        Assert.Equal(3 * 2, e.WallSeconds(4)); // ⌈10/4⌉ = 3 rounds of 2 s
        Assert.Equal(10 * 2, e.WallSeconds(1));
        Assert.Equal(3, e.WallSeconds(100)); // one round of the mean is shorter than the longest item
    }

    [Fact]
    public void Memory_adds_each_items_increase_for_every_item_in_flight()
    {
        Assert.Equal(100 + 4 * 50, Estimate(10, [1], baseline: 100, peak: 150).PeakBytesAt(4));
        Assert.Equal(100 + 2 * 50, Estimate(2, [1], baseline: 100, peak: 150).PeakBytesAt(4)); // only two items exist
    }

    [Fact]
    public void The_recommendation_follows_time_memory_and_the_allocation()
    {
        const long plenty = 1L << 40;
        Assert.Equal("local", Estimate(100, [1, 2]).Recommend(2, plenty, null));
        var big = Estimate(1000, [60, 60]); // 1000 minutes of CPU: 500 min on 2 cores, 16 min on 64
        Assert.Equal("cluster", big.Recommend(2, plenty, 64));
        Assert.StartsWith("cluster, or local in shards", big.Recommend(2, plenty, null));
        Assert.StartsWith("local in shards (--shard k/N) over sittings: the allocation is not twice as fast", big.Recommend(2, plenty, 3));
        // Each item adds 500 bytes to a baseline of 100: 1000 bytes hold one item, not two.
        Assert.Equal("local; memory holds 1 items at once here: --threads 1", Estimate(100, [1, 2], 100, 600).Recommend(2, 1000, null));
        Assert.Equal("cluster: one item needs more memory than this machine has", Estimate(100, [1, 2], 100, 600).Recommend(2, 500, null));
    }

    [Fact]
    public void Measuring_times_the_sample_items_one_at_a_time()
    {
        var walk = SampleWalk.Definition;
        var timed = new List<int>();
        var e = CostEstimate.Measure(walk, Profile.Quick, 4, t => timed.Add(t.Item));
        var sample = ItemSelection.Sample(4).Resolve(walk, walk.CreateGrid(Profile.Quick), walk.Replicates(Profile.Quick));
        Assert.Equal(sample, timed);
        Assert.Equal(sample, e.Timed.Select(t => t.Item));
        Assert.Equal(180, e.Items);
        Assert.All(e.Timed, t => Assert.True(t.CpuSeconds >= 0 && t.WallSeconds > 0));
        Assert.True(e.PeakBytes >= e.BaselineBytes && e.BaselineBytes > 0);
    }
}
