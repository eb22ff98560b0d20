namespace ReproHeavyTails.Experiments.NoiseEquilibrium;

/// <summary>Full-batch gradient descent (no gradient noise) or minibatch SGD.</summary>
public enum Method
{
    Gd,
    Sgd,
}
