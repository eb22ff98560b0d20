using ReproHeavyTails.Framework;

// The four papers the shipped experiments reproduce (reference/PAPERS.md), each once: an experiment names one by id
// ([Experiment(Paper = "...")], checked by the generator, RHT0021) and the report groups by it. The authors are written
// as the artifacts cite them (repro.paper: "Authors Year (arXiv id)").
[assembly: ReproducesPaper("jiao-keller-ressel-2024", "Jiao & Keller-Ressel", 2024,
    "Emergence of heavy tails in homogenized stochastic gradient descent", "2402.01382")]
[assembly: ReproducesPaper("kothapalli-2024", "Kothapalli et al.", 2024,
    "Crafting Heavy-Tails in Weight Matrix Spectrum without Gradient Noise", "2406.04657")]
[assembly: ReproducesPaper("ziyin-2024", "Ziyin, Wang, Li, Wu", 2024,
    "Parameter Symmetry and Noise Equilibrium of Stochastic Gradient Descent", "2402.07193")]
[assembly: ReproducesPaper("compagnoni-2024", "Compagnoni et al.", 2024,
    "Adaptive Methods through the Lens of SDEs: Theoretical Insights on the Role of Noise", "2411.15958")]
