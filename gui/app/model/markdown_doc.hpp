// A Markdown document (a lesson chapter) parsed with md4c into blocks of styled spans,
// ready for the lesson panel to draw: headings, paragraphs, list items, code blocks,
// quotes, with emphasis, inline code and links inside.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smtplab::app {

/// A run of text with one style.
struct MarkdownSpan {
  std::string text;
  bool strong = false;
  bool emphasis = false;
  bool code = false;
  std::string link;  ///< target URL when the span is a link
};

/// One block of the document.
struct MarkdownBlock {
  enum class Kind {
    Heading,    ///< level 1..6
    Paragraph,  ///< wrapped text
    ListItem,   ///< a bullet or numbered item (depth >= 1)
    Code,       ///< a fenced or indented code block, drawn verbatim
    Quote,      ///< a paragraph inside a block quote
    Rule,       ///< a thematic break
  };
  Kind kind = Kind::Paragraph;
  int level = 0;   ///< heading level, or list depth
  int number = 0;  ///< list item number (0: bullet)
  std::vector<MarkdownSpan> spans;
};

struct MarkdownDoc {
  std::vector<MarkdownBlock> blocks;
};

/// Parses CommonMark text (md4c, with tables and strikethrough off).
MarkdownDoc parse_markdown(std::string_view text);

}  // namespace smtplab::app
