using System.Net;
using System.Text;
using ReproHeavyTails.Artifacts;
using ReproHeavyTails.Parquet;

namespace ReproHeavyTails.Framework;

/// <summary>
/// The reproduction report, drawn from stored artifacts alone (nothing is re-run): per paper and experiment its
/// figures, every claim with the statistical test that decided it (procedure, statistic, p-value and level), its
/// evidence and verdict, and the run manifest from the artifact metadata. Identity checks — numbers exact by
/// construction — are unit tests of the code, not claims of a paper, and are named apart. Writes
/// <c>index.html</c> (figures inline), <c>README.md</c> (figures linked) and <c>figures/&lt;id&gt;-&lt;name&gt;.svg</c>.
/// The output depends only on the artifacts and the code: the same inputs give the same bytes.
/// </summary>
public static class ReproductionReport
{
    internal sealed record Entry(ExperimentDefinition Definition, string? ResultsFile, IReadOnlyDictionary<string, string> Metadata,
        IReadOnlyList<ClaimOutcome> Claims, IReadOnlyList<(FigureInfo Info, string Svg)> Figures, string? Problem, bool Unreadable = false);

    /// <summary>Counts of one report: <c>Missing</c> experiments have no artifact at the profile, <c>Unreadable</c> ones have one that could not be read.</summary>
    public sealed record Summary(int Experiments, int Missing, int Unreadable, int Figures, int Passed, int KnownFailures, int Unexpected);

    /// <summary>
    /// Writes the report of <paramref name="profile"/> from <paramref name="artifactRoot"/> (stored references or a run
    /// folder). A paper-profile report also sets each claim beside its verdict at the quick profile, read from
    /// <paramref name="quickRoot"/> (default: the same root), so a fresh paper run is compared with the stored quick references.
    /// </summary>
    public static Summary Write(IReadOnlyList<ExperimentDefinition> catalogue, string artifactRoot, Profile profile, string outputFolder, string? quickRoot = null)
    {
        var ordered = catalogue.OrderBy(d => d.Paper?.Citation ?? "", StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal).ToArray();
        var entries = ordered.Select(d => Load(d, artifactRoot, profile)).ToArray();
        // The published-scale report sets each claim beside its verdict at the quick profile: which hold only at one scale.
        var scales = profile == Profile.Paper ? ScaleRows(ordered.Select(d => Load(d, quickRoot ?? artifactRoot, Profile.Quick, drawFigures: false)).ToArray(), entries) : [];
        var figuresFolder = Path.Combine(outputFolder, "figures");
        Directory.CreateDirectory(figuresFolder);
        foreach (var stale in Directory.GetFiles(figuresFolder, "*.svg")) File.Delete(stale);
        foreach (var e in entries)
            foreach (var (info, svg) in e.Figures)
                File.WriteAllText(Path.Combine(figuresFolder, FigureFile(e.Definition, info)), svg);
        var profileName = ArtifactLayout.ProfileName(profile);
        var claims = entries.SelectMany(e => e.Claims).ToArray();
        var summary = new Summary(entries.Length, entries.Count(e => e.ResultsFile is null && !e.Unreadable), entries.Count(e => e.Unreadable), entries.Sum(e => e.Figures.Count),
            claims.Count(c => c.Passed && c.AsExpected), claims.Count(c => !c.Passed && c.AsExpected), claims.Count(c => !c.AsExpected));
        File.WriteAllText(Path.Combine(outputFolder, "index.html"), Html(entries, scales, profileName, summary));
        File.WriteAllText(Path.Combine(outputFolder, "README.md"), Markdown(entries, scales, profileName, summary));
        return summary;
    }

    public static string FigureFile(ExperimentDefinition definition, FigureInfo figure) => $"{definition.Id}-{figure.Name}.svg";

    /// <summary>How to make the missing artifact, resuming from stored progress where there is some (docs/paper-scale.md, "Runs longer than a sitting").</summary>
    private static string MissingNote(ExperimentDefinition definition, string root, Profile profile, string file)
    {
        var run = $"repro run {definition.Id} --profile {ArtifactLayout.ProfileName(profile)}";
        var folder = ArtifactLayout.ProgressDirectory(root, definition, profile);
        if (!Directory.Exists(folder)) return $"no artifact at {file}: run `{run}`";
        try
        {
            var done = ExperimentHost.SavedItems(definition, new RunRequest(profile, root), folder);
            var total = definition.CreateGrid(profile).Cells.Count * definition.Replicates(profile);
            return $"no artifact at {file}: {done} of {total} work items are stored in {folder}; run `{run} --resume-from {folder}`";
        }
        catch (ExperimentException e) { return $"no artifact at {file}: run `{run}` (its stored progress cannot be used: {e.Message})"; }
    }

    /// <summary>An experiment's artifact with its claims checked and, unless only its verdicts are wanted, its figures drawn.</summary>
    private static Entry Load(ExperimentDefinition definition, string root, Profile profile, bool drawFigures = true)
    {
        var file = Path.Combine(ArtifactLayout.RunDirectory(root, definition, profile), ArtifactLayout.ResultsFile);
        if (!File.Exists(file)) return new Entry(definition, null, new Dictionary<string, string>(), [], [], MissingNote(definition, root, profile, file));
        try
        {
            var (table, metadata, fileProfile) = ClaimCheck.Read(definition, file);
            var figures = drawFigures ? definition.DrawFigures(table).Select(f => (f.Info, f.Figure.ToSvg())).ToArray() : [];
            return new Entry(definition, file, metadata, definition.CheckClaims(table, fileProfile), figures, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One unreadable artifact (a damaged file, a value its enum does not know, a claim that chokes on it)
            // is reported in its own section; the rest of the report goes on.
            var reason = e is ExperimentException or ArtifactException or ParquetFormatException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            return new Entry(definition, null, new Dictionary<string, string>(), [], [], $"unreadable artifact {file}: {reason}", Unreadable: true);
        }
    }

    /// <summary>What an experiment's claims say of its part of the paper at the report's profile (<see cref="StatusOf"/>).</summary>
    internal enum Status { Reproduced, Partial, Fails, FailsAsRecorded, NotClaimed, NoArtifact }

    /// <summary>
    /// Reproduced: every claim holds. Partial: some hold and the others are recorded known failures. Fails: a claim
    /// fails that is not recorded as failing. Fails as recorded: no claim holds, and each failure is recorded. Not
    /// claimed: the experiment states no claim. No artifact: nothing to check.
    /// </summary>
    internal static Status StatusOf(IReadOnlyList<ClaimOutcome> claims, bool hasArtifact)
    {
        if (!hasArtifact) return Status.NoArtifact;
        if (claims.Count == 0) return Status.NotClaimed;
        if (claims.Any(c => !c.Passed && !c.KnownToFail)) return Status.Fails;
        var held = claims.Count(c => c.Passed);
        return held == claims.Count ? Status.Reproduced : held > 0 ? Status.Partial : Status.FailsAsRecorded;
    }

    private static Status StatusOf(Entry e) => StatusOf(e.Claims, e.ResultsFile is not null);

    internal static string StatusText(Status status) => status switch
    {
        Status.Reproduced => "reproduced",
        Status.Partial => "partial",
        Status.Fails => "fails",
        Status.FailsAsRecorded => "fails as recorded",
        Status.NotClaimed => "not claimed",
        _ => "no artifact",
    };

    private const string StatusNote = "Each experiment's status is derived from its claims at this profile: reproduced — every claim holds; "
        + "partial — some hold and the others are recorded known failures; fails — a claim fails that is not recorded as failing; "
        + "fails as recorded — no claim holds and every failure is recorded; not claimed — the experiment records measurements "
        + "and states no claim; no artifact — nothing to check.";

    /// <summary>A paper's experiments counted by status, e.g. "2 reproduced, 1 partial, 1 not claimed".</summary>
    private static string StatusCounts(IEnumerable<Entry> paper) =>
        string.Join(", ", paper.GroupBy(StatusOf).OrderBy(g => g.Key).Select(g => $"{g.Count()} {StatusText(g.Key)}"));

    /// <summary>One row per experiment of a paper: id, title with the part of the paper, status, claims holding of all, known failures, unexpected outcomes.</summary>
    private static IEnumerable<string[]> StatusRows(IEnumerable<Entry> paper) => paper.Select(e => new[]
    {
        e.Definition.Id, e.Definition.Title + Part(e.Definition), StatusText(StatusOf(e)),
        $"{e.Claims.Count(c => c.Passed)} of {e.Claims.Count}", $"{e.Claims.Count(c => !c.Passed && c.KnownToFail)}", $"{e.Claims.Count(c => !c.AsExpected)}",
    });

    private static readonly string[] StatusColumns = ["experiment", "result of the paper it tests", "status", "claims holding", "known failures", "unexpected"];

    private static string Verdict(ClaimOutcome o) => o.AsExpected ? (o.Passed ? "pass" : "known failure") : o.Verdict;

    /// <summary>The procedure, statistic and p-value against the level, e.g. "Holm over 6 two-sided z-tests …: max |z| = 1.9, p = 0.31 (α = 0.05)".</summary>
    private static string Test(ClaimOutcome o) => o.Result?.Test ?? "—";

    private const string IdentityNote = "Identity checks (GD's conservation law, the orthogonality of scale-invariant steps, one-dimensional hSGD's "
        + "Student-t law, the monotonicity of the hSGD bounds, each tail estimator's coverage on the law it was derived for) hold by construction; "
        + "they are unit tests of the code (tests/ReproHeavyTails.Experiments.Tests/IdentityTests.cs), not claims of the papers. "
        + "Each claim's pass rate over master seeds is in docs/claims.md.";

    /// <summary>
    /// How a claim's verdicts at the two scales read together; null where a scale has no readable artifact.
    /// "Holds" is the claim's own test passing, whether or not a failure was recorded for that scale.
    /// </summary>
    internal static string ScaleReading(bool? quick, bool? paper) => (quick, paper) switch
    {
        (_, null) => "not run at the published scale",
        (null, _) => "no quick artifact",
        (true, true) => "holds at both scales",
        (false, true) => "holds only at the published scale",
        (true, false) => "holds only at the quick scale",
        _ => "fails at both scales",
    };

    private const string ScaleNote = "Each claim's verdict at the quick profile (the stored quick artifact, a smoke test at toy size) beside "
        + "its verdict at the published scale (this report's artifacts). A claim that holds at one scale only is recorded as a known failure "
        + "at the other, with its reason in docs/claims.md and docs/paper-scale.md.";

    private static readonly string[] ScaleColumns = ["experiment", "claim", "quick", "published scale", "reading"];

    /// <summary>One row per claim: experiment, statement, verdict at each scale ("—" without an artifact) and their reading.</summary>
    private static string[][] ScaleRows(IReadOnlyList<Entry> quick, IReadOnlyList<Entry> paper) =>
        quick.Zip(paper).SelectMany(pair => pair.First.Definition.Claims.Select(claim =>
        {
            ClaimOutcome? At(Entry e) => e.Claims.FirstOrDefault(c => c.Claim == claim.Name);
            var (q, p) = (At(pair.First), At(pair.Second));
            return new[] { pair.First.Definition.Id, claim.Statement, q is null ? "—" : Verdict(q), p is null ? "—" : Verdict(p), ScaleReading(q?.Passed, p?.Passed) };
        })).ToArray();

    /// <summary>The report's first sentence: experiments, claims by outcome, and artifacts missing.</summary>
    private static string Headline(Summary s)
    {
        static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
        return $"{Count(s.Experiments, "experiment", "experiments")}; {Count(s.Passed, "claim passes", "claims pass")}, "
               + $"{Count(s.KnownFailures, "known failure", "known failures")}, {s.Unexpected} unexpected; "
               + Count(s.Missing, "experiment without an artifact", "experiments without artifacts");
    }

    private static string Meta(Entry e, string key) => e.Metadata.TryGetValue(key, out var v) ? v : "—";

    private static string Html(IReadOnlyList<Entry> entries, string[][] scales, string profile, Summary summary)
    {
        static string H(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append($"<title>ReproHeavyTails — reproduction report ({H(profile)} profile)</title>\n");
        html.Append("<style>\nbody{font-family:Helvetica,Arial,sans-serif;max-width:1700px;margin:2em auto;padding:0 1em;color:#222}\n"
                    + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left;font-size:13px}\n"
                    + ".pass{color:#006d2c;font-weight:bold}.known{color:#a65e00;font-weight:bold}.fail{color:#b30000;font-weight:bold}\n"
                    + "figure{margin:1em 0}svg{max-width:100%;height:auto}code{font-size:12px}\n</style>\n</head>\n<body>\n");
        html.Append($"<h1>ReproHeavyTails — reproduction report</h1>\n<p>Profile <b>{H(profile)}</b>: {H(Headline(summary))}.</p>\n");
        if (scales.Length > 0)
        {
            html.Append($"<h2>Quick and published scale</h2>\n<p>{H(ScaleNote)}</p>\n<table>\n<tr>{string.Concat(ScaleColumns.Select(c => $"<th>{H(c)}</th>"))}</tr>\n");
            foreach (var row in scales) html.Append($"<tr>{string.Concat(row.Select(c => $"<td>{H(c)}</td>"))}</tr>\n");
            html.Append("</table>\n");
        }
        html.Append($"<h2>Claims</h2>\n<p>{H(IdentityNote)}</p>\n<p>{H(StatusNote)}</p>\n<table>\n<tr><th>paper</th><th>experiment</th><th>claim</th><th>result</th><th>test</th><th>evidence</th></tr>\n");
        foreach (var e in entries)
            foreach (var c in e.Claims)
            {
                var css = c.AsExpected ? (c.Passed ? "pass" : "known") : "fail";
                html.Append($"<tr><td>{H(e.Definition.PaperReference)}</td><td><a href=\"#{H(e.Definition.Id)}\">{H(e.Definition.Id)}</a></td><td>{H(c.Statement)}</td>"
                            + $"<td class=\"{css}\">{H(Verdict(c))}</td><td>{H(Test(c))}</td><td>{H(c.Evidence)}</td></tr>\n");
            }
        html.Append("</table>\n");
        foreach (var paper in entries.GroupBy(e => e.Definition.Paper))
        {
            html.Append($"<h2>{H(Heading(paper.Key))}</h2>\n<p>{H(StatusCounts(paper))}.</p>\n<table>\n<tr>{string.Concat(StatusColumns.Select(c => $"<th>{H(c)}</th>"))}</tr>\n");
            foreach (var row in StatusRows(paper))
                html.Append($"<tr><td><a href=\"#{H(row[0])}\">{H(row[0])}</a></td>{string.Concat(row.Skip(1).Select(c => $"<td>{H(c)}</td>"))}</tr>\n");
            html.Append("</table>\n");
            foreach (var e in paper)
            {
                html.Append($"<h3 id=\"{H(e.Definition.Id)}\">{H(e.Definition.Id)} — {H(e.Definition.Title)}{H(Part(e.Definition))}</h3>\n");
                if (e.Problem is not null) html.Append($"<p class=\"fail\">{H(e.Problem)}</p>\n");
                foreach (var (info, svg) in e.Figures)
                    html.Append($"<figure id=\"{H(e.Definition.Id)}-{H(info.Name)}\">\n{svg}</figure>\n");
            }
        }
        html.Append("<h2>Run manifest</h2>\n<table>\n<tr><th>experiment</th><th>version</th><th>seed</th><th>replicates</th><th>commit</th><th>created (UTC)</th><th>runtime</th><th>packages</th></tr>\n");
        foreach (var e in entries.Where(e => e.ResultsFile is not null))
            html.Append($"<tr><td>{H(e.Definition.Id)}</td><td>{H(Meta(e, RunMetadata.Version))}</td><td>{H(Meta(e, RunMetadata.Seed))}</td><td>{H(Meta(e, RunMetadata.Replicates))}</td>"
                        + $"<td><code>{H(Meta(e, RunMetadata.GitCommit))}</code></td><td>{H(Meta(e, RunMetadata.CreatedUtc))}</td><td>{H(Meta(e, RunMetadata.Runtime))}</td><td><code>{H(Meta(e, RunMetadata.Packages))}</code></td></tr>\n");
        html.Append("</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A paper's section: one per catalogued paper, whatever part of it or credit its experiments name.</summary>
    private static string Heading(Paper? paper) => paper is null ? "Experiments of no paper" : $"{paper.Citation}: {paper.Title}";

    /// <summary>What an experiment adds to its paper's heading: the part of the paper and any credit, e.g. " (estimator protocol)".</summary>
    private static string Part(ExperimentDefinition d) =>
        string.Join("; ", new[] { d.Aspect, d.Credit }.Where(s => s.Length > 0)) is { Length: > 0 } part ? $" ({part})" : "";

    private static string Markdown(IReadOnlyList<Entry> entries, string[][] scales, string profile, Summary summary)
    {
        static string Cell(string s) => MarkdownText(s);
        var md = new StringBuilder();
        md.Append($"# ReproHeavyTails — reproduction report ({profile} profile)\n\n");
        md.Append($"{Headline(summary)}. The same report with figures inline: `index.html`.\n\n");
        if (scales.Length > 0)
        {
            md.Append($"## Quick and published scale\n\n{ScaleNote}\n\n| {string.Join(" | ", ScaleColumns)} |\n|{string.Concat(ScaleColumns.Select(_ => "---|"))}\n");
            foreach (var row in scales) md.Append($"| {string.Join(" | ", row.Select(Cell))} |\n");
            md.Append('\n');
        }
        md.Append($"## Claims\n\n{IdentityNote}\n\n{StatusNote}\n\n| paper | experiment | claim | result | test | evidence |\n|---|---|---|---|---|---|\n");
        foreach (var e in entries)
            foreach (var c in e.Claims)
                md.Append($"| {Cell(e.Definition.PaperReference)} | {Cell(e.Definition.Id)} | {Cell(c.Statement)} | **{Cell(Verdict(c))}** | {Cell(Test(c))} | {Cell(c.Evidence)} |\n");
        foreach (var paper in entries.GroupBy(e => e.Definition.Paper))
        {
            md.Append($"\n## {Cell(Heading(paper.Key))}\n\n{Cell(StatusCounts(paper))}.\n\n| {string.Join(" | ", StatusColumns)} |\n|{string.Concat(StatusColumns.Select(_ => "---|"))}\n");
            foreach (var row in StatusRows(paper)) md.Append($"| {string.Join(" | ", row.Select(Cell))} |\n");
            foreach (var e in paper)
            {
                md.Append($"\n### {Cell(e.Definition.Id)} — {Cell(e.Definition.Title)}{Cell(Part(e.Definition))}\n\n");
                if (e.Problem is not null) md.Append($"*{Cell(e.Problem)}*\n\n");
                foreach (var (info, _) in e.Figures)
                    md.Append($"![{Cell(e.Definition.Id)}: {Cell(info.Name)}](figures/{Uri.EscapeDataString(FigureFile(e.Definition, info))})\n\n");
            }
        }
        md.Append("\n## Run manifest\n\n| experiment | version | seed | replicates | commit | created (UTC) |\n|---|---|---|---|---|---|\n");
        foreach (var e in entries.Where(e => e.ResultsFile is not null))
            md.Append($"| {Cell(e.Definition.Id)} | {Cell(Meta(e, RunMetadata.Version))} | {Cell(Meta(e, RunMetadata.Seed))} | {Cell(Meta(e, RunMetadata.Replicates))} | "
                      + $"{Cell(Meta(e, RunMetadata.GitCommit))} | {Cell(Meta(e, RunMetadata.CreatedUtc))} |\n");
        return md.ToString();
    }

    /// <summary>
    /// Text as one inert Markdown table cell: line breaks become spaces and every character that could open markup,
    /// HTML, a link or an image is backslash-escaped, so a field of an artifact's metadata renders as itself.
    /// </summary>
    internal static string MarkdownText(string text)
    {
        var s = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\t') s.Append(' ');
            else if (char.IsControl(c)) continue;
            else
            {
                if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '<' or '>' or '!' or '|' or '#' or '~' or '&') s.Append('\\');
                s.Append(c);
            }
        }
        return s.ToString();
    }
}
