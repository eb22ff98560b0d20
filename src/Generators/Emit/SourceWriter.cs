using System.Text;

namespace ReproHeavyTails.Generators
{
    /// <summary>
    /// Builds generated source line by line at the current indentation, four spaces a level, with '\n' line ends
    /// on every platform so the output is the same bytes everywhere.
    /// </summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _text = new();
        private int _depth;

        /// <summary>A line at the current indentation; an empty line carries no spaces.</summary>
        public SourceWriter Line(string text = "")
        {
            if (text.Length > 0) _text.Append(' ', 4 * _depth).Append(text);
            _text.Append('\n');
            return this;
        }

        /// <summary>Writes <paramref name="header"/> (if any) and "{", then indents.</summary>
        public SourceWriter Open(string? header = null)
        {
            if (header is not null) Line(header);
            Line("{");
            _depth++;
            return this;
        }

        /// <summary>Unindents and writes "}" followed by <paramref name="suffix"/> (e.g. "," or ");").</summary>
        public SourceWriter Close(string suffix = "")
        {
            _depth--;
            return Line("}" + suffix);
        }

        public SourceWriter Indent()
        {
            _depth++;
            return this;
        }

        public SourceWriter Unindent()
        {
            _depth--;
            return this;
        }

        public override string ToString() => _text.ToString();
    }
}
