// SMTP replies: the value type, its wire form, and the pure parser that assembles
// (possibly multi-line) replies from reply lines. Shared by the client machine and the
// capture dissector.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smtplab::protocol {

/// One complete reply: "250-first" ... "250 last".
struct Reply {
  int code = 0;                    ///< three-digit reply code (RFC 5321 §4.2)
  std::string enhanced;            ///< RFC 3463 code of the first line ("2.1.0"), or empty
  std::vector<std::string> lines;  ///< text of each line, after "250-" / "250 "

  /// 2 = positive completion, 3 = intermediate, 4 = transient, 5 = permanent failure.
  int reply_class() const { return code / 100; }
  bool positive() const { return code >= 200 && code < 400; }
  bool transient_failure() const { return code >= 400 && code < 500; }
  bool permanent_failure() const { return code >= 500 && code < 600; }
  /// All lines joined by '\n' (handy for display and tests).
  std::string text() const;
};

/// The wire form of a reply: every line "ddd-" but the last "ddd ", each ended by CRLF.
/// When `enhanced` is set, each line's text starts with it (RFC 2034 §3).
std::string format_reply(const Reply& reply);

/// Builds a reply from one or more lines of text.
Reply make_reply(int code, std::string_view enhanced, std::vector<std::string> lines);

/// Splits an RFC 3463 enhanced status code ("2.1.5 ") off the front of a reply text;
/// returns the code (without the space) and removes it from `text`, or empty.
std::string take_enhanced_code(std::string_view& text);

/// Assembles replies line by line. A line is "ddd-text" (more follow), "ddd text" or
/// "ddd" (last line). Lines whose code differs from the first line's, or that are not
/// replies at all, are errors.
class ReplyParser {
 public:
  enum class Status {
    NeedMore,  ///< a continuation line was taken; the reply is not complete yet
    Complete,  ///< the last line arrived; call take()
    Bad,       ///< the line is not a reply line; state is reset
  };

  /// Feeds one line without its CRLF.
  Status feed_line(std::string_view line);
  /// The completed reply (valid after Complete), and resets the parser.
  Reply take();
  /// True when some lines of a multi-line reply have been taken.
  bool in_progress() const { return !pending_.lines.empty(); }

 private:
  static constexpr std::size_t kFirstLines = 8;
  Reply pending_;
};

/// Parses a single reply line: code, whether it is the last line, and its text.
struct ReplyLine {
  int code = 0;
  bool last = true;
  std::string_view text;
};
std::optional<ReplyLine> parse_reply_line(std::string_view line);

}  // namespace smtplab::protocol
