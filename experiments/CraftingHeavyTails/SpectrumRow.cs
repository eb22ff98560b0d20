using ReproHeavyTails.Framework;
using ReproHeavyTails.LinearAlgebra;
using ReproHeavyTails.Experiments.CraftingHeavyTails.Model;

namespace ReproHeavyTails.Experiments.CraftingHeavyTails;

/// <summary>Full-batch GD or Adam (PyTorch semantics).</summary>
public enum Method
{
    Gd,
    Adam,
}

/// <summary>
/// One measurement of the first-layer weights W after <see cref="Step"/> steps: the training loss, WeightWatcher's
/// spectral metrics of WᵀW (<see cref="SpectrumMetrics"/>), the overlap of W's top right singular vector with the
/// teacher direction and the ridge readout on the probe set (λ = 0.01), with features as the paper defines them
/// (tanh(XWᵀ/√d)/√h) and as the official code computes them (tanh(XWᵀ/d)/√h, prefixed "Code"); then
/// WeightWatcher's metrics with its definitions (prefixed "Ww", <see cref="WeightWatcherMetrics"/>) and the
/// count of eigenvalues above the initialisation's Marchenko–Pastur edge (√h + √d)² in raw units, without a margin.
/// Three spike counts, by definition: <c>Spikes</c> (the project's moment fit of the bulk plus the Tracy–Widom
/// margin), <c>WwNumSpikes</c> (WeightWatcher's kernel-density fit plus the same margin) and <c>SpikesAboveInitialEdge</c>.
/// λ_min is known only to about ε·d·λ_max (an eigensolver's backward error; λ_max reaches 10¹¹ after huge steps),
/// but it is the same bits on every machine, like every column (docs/determinism.md).
/// </summary>
public sealed record SpectrumRow(
    int Step, double TrainingLoss, double LambdaMin, double LambdaMax, double SumLambda, double StableRank,
    double AlphaHill, double AlphaHillError, double AlphaKs, double AlphaKsError, double KsDistance, int KsTailCount, double AlphaWeighted,
    double BulkMin, double BulkMax, double BulkMaxTracyWidom, int Spikes, double Overlap,
    double ReadoutTrainLoss, double ReadoutTestLoss, double KernelTargetAlignment,
    double CodeReadoutTrainLoss, double CodeReadoutTestLoss, double CodeKernelTargetAlignment,
    double WwLogNorm, double WwLogSpectralNorm, double WwAlpha, double WwAlphaWeighted, double WwLogAlphaNorm, double WwEntropy,
    double WwSigmaMp, double WwBulkMax, int WwNumSpikes, double WwMpSoftRank, int SpikesAboveInitialEdge);

/// <summary>
/// Kothapalli et al.'s setting for one seed at input dimension d: h = 3d/2 hidden units, n = 2d training points
/// (unless given), a probe set of the same size and 200 test points, a fresh teacher and student per replicate —
/// shared by every cell of the replicate with the same size and noise (common random numbers across a sweep).
/// </summary>
internal sealed class SingleIndexSetting
{
    public const int TestPoints = 200;

    /// <summary>h = 3d/2, the published ratio 1500/1000.</summary>
    public static int HiddenUnits(int dimension) => 3 * dimension / 2;
    public const double ReadoutRidge = 0.01;

    public SingleIndexSetting(RunContext context, int dimension, double labelNoise = 0.3, int? samples = null)
    {
        var rng = context.SharedStream("setting", dimension, labelNoise, samples);
        Teacher = SingleIndexTeacher.Draw(dimension, labelNoise, rng);
        Train = Teacher.Sample(samples ?? 2 * dimension, rng);
        Probe = Teacher.Sample(samples ?? 2 * dimension, rng);
        Test = Teacher.Sample(TestPoints, rng);
        Student = TwoLayerStudent.Draw(HiddenUnits(dimension), dimension, rng);
    }

    public SingleIndexTeacher Teacher { get; }

    public LabelledData Train { get; }

    public LabelledData Probe { get; }

    public LabelledData Test { get; }

    public TwoLayerStudent Student { get; }

    public SpectrumRow Measure(int step, double trainingLoss, double ridge = ReadoutRidge)
    {
        var (values, vectors) = Esd.Decompose(Student.W, vectors: true);
        var m = Esd.Measure(values, Student.Hidden, Student.Dimension);
        var readout = ReadoutMetrics.Measure(Student, Probe, Test, ridge);
        var code = ReadoutMetrics.Measure(Student, Probe, Test, ridge, codeScaling: true);
        var ww = WeightWatcherMetrics.Of(values, Student.Hidden, Student.Dimension);
        var initialEdge = MarchenkoPasturFit.Predicted(Student.Hidden, Student.Dimension).Upper;
        return new SpectrumRow(step, trainingLoss, values[0], m.LambdaMax, m.SumLambda, m.StableRank,
            m.AlphaHill, m.AlphaHillError, m.AlphaKs, m.AlphaKsError, m.KsDistance, m.KsTailCount, m.AlphaWeighted,
            m.BulkMin, m.BulkMax, m.BulkMaxTracyWidom, m.Spikes, Esd.TopOverlap(vectors!, Teacher.Direction),
            readout.TrainLoss, readout.TestLoss, readout.KernelTargetAlignment, code.TrainLoss, code.TestLoss, code.KernelTargetAlignment,
            ww.LogNorm, ww.LogSpectralNorm, ww.Alpha, ww.AlphaWeighted, ww.LogAlphaNorm, ww.Entropy, ww.SigmaMp, ww.BulkMax, ww.NumSpikes,
            ww.MpSoftRank, values.Count(λ => λ > initialEdge));
    }

    /// <summary>Trains, measuring at step 0 and at every step in <paramref name="measureAt"/>.</summary>
    public IEnumerable<SpectrumRow> TrainAndMeasure(StudentTraining training, ISet<int> measureAt, RunContext context, double ridge = ReadoutRidge)
    {
        var rows = new List<SpectrumRow> { Measure(0, Student.Loss(Train), ridge) };
        training.Run(Student, Train, (step, _) =>
        {
            if (measureAt.Contains(step)) rows.Add(Measure(step, Student.Loss(Train), ridge));
            context.ReportProgress((double)step / training.Steps);
        }, context.Cancellation);
        return rows;
    }
}
