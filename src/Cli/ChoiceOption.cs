using System.CommandLine;

namespace ReproHeavyTails.Cli;

/// <summary>
/// An option whose value is one of a few named choices (a profile, a format), checked while parsing and read as
/// its typed value with <see cref="ValueIn"/>. It holds the name as typed, so help shows "[default: quick]".
/// </summary>
internal sealed class ChoiceOption<T> : Option<string> where T : struct, Enum
{
    private readonly IReadOnlyList<(string Name, T Value)> _choices;

    public ChoiceOption(string name, string description, T defaultValue, IReadOnlyList<(string Name, T Value)> choices) : base(name)
    {
        _choices = choices;
        Description = description;
        HelpName = string.Join("|", choices.Select(c => c.Name));
        var defaultName = choices.First(c => c.Value.Equals(defaultValue)).Name;
        DefaultValueFactory = _ => defaultName;
        CompletionSources.Add(choices.Select(c => c.Name).ToArray());
        Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (_choices.All(c => c.Name != text))
                result.AddError($"{name} must be {Alternatives} (got '{text}'){Suggestions.DidYouMean(text ?? "", _choices.Select(c => c.Name))}.");
        });
    }

    private string Alternatives => string.Join(", ", _choices.SkipLast(1).Select(c => c.Name)) + " or " + _choices[^1].Name;

    public T ValueIn(ParseResult parse)
    {
        var name = parse.GetValue(this);
        return _choices.First(c => c.Name == name).Value;
    }
}
