// SEARCH parsing and matching.
#include "sim/protocol/imap/search.hpp"

#include <algorithm>
#include <array>
#include <functional>

#include "sim/message/date.hpp"
#include "sim/message/encoded_word.hpp"
#include "sim/protocol/imap/flags.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::protocol::imap {
namespace {

struct Parser {
  Arguments& args;
  std::size_t max_depth;
  std::size_t max_keys;
  std::size_t keys = 0;
  SearchError error = SearchError::Syntax;

  std::optional<SearchKey> fail(SearchError why) {
    error = why;
    return std::nullopt;
  }

  std::optional<std::string> argument() {
    if (!args.space()) return std::nullopt;
    return args.astring();
  }

  std::optional<SearchKey> key(std::size_t depth) {
    if (++keys > max_keys) return fail(SearchError::TooManyKeys);
    if (depth > max_depth) return fail(SearchError::TooDeep);
    SearchKey out;
    using Kind = SearchKey::Kind;
    if (args.take('(')) {
      out.kind = Kind::All;
      do {
        auto child = key(depth + 1);
        if (!child) return std::nullopt;
        out.children.push_back(std::move(*child));
      } while (args.space());
      if (!args.take(')')) return std::nullopt;
      return out;
    }
    const std::string_view word = args.word();
    if (word.empty()) return std::nullopt;
    // A sequence set is a key of its own (digits or "*").
    if ((word[0] >= '0' && word[0] <= '9') || word[0] == '*') {
      out.kind = Kind::Sequence;
      out.set = SequenceSet::parse(word);
      if (!out.set) return std::nullopt;
      return out;
    }
    const std::string name = to_upper(word);
    const auto flag = [&](Kind kind, std::uint8_t bit) {
      out.kind = kind;
      out.flag = bit;
      return out;
    };
    if (name == "ALL") return flag(Kind::All, 0);
    if (name == "ANSWERED") return flag(Kind::FlagSet, kAnswered);
    if (name == "DELETED") return flag(Kind::FlagSet, kDeleted);
    if (name == "DRAFT") return flag(Kind::FlagSet, kDraft);
    if (name == "FLAGGED") return flag(Kind::FlagSet, kFlagged);
    if (name == "RECENT") return flag(Kind::FlagSet, kRecent);
    if (name == "SEEN") return flag(Kind::FlagSet, kSeen);
    if (name == "UNANSWERED") return flag(Kind::FlagUnset, kAnswered);
    if (name == "UNDELETED") return flag(Kind::FlagUnset, kDeleted);
    if (name == "UNDRAFT") return flag(Kind::FlagUnset, kDraft);
    if (name == "UNFLAGGED") return flag(Kind::FlagUnset, kFlagged);
    if (name == "UNSEEN") return flag(Kind::FlagUnset, kSeen);
    if (name == "OLD") return flag(Kind::FlagUnset, kRecent);
    if (name == "NEW") return flag(Kind::New, 0);
    if (name == "KEYWORD" || name == "UNKEYWORD") {
      out.kind = name == "KEYWORD" ? Kind::Keyword : Kind::Unkeyword;
      if (!args.space()) return std::nullopt;
      const auto atom = args.atom();
      if (!atom) return std::nullopt;
      out.text = std::string(*atom);
      return out;
    }
    if (name == "FROM" || name == "TO" || name == "CC" || name == "BCC" || name == "SUBJECT") {
      out.kind = Kind::Header;
      out.field = name;
      auto text = argument();
      if (!text) return std::nullopt;
      out.text = std::move(*text);
      return out;
    }
    if (name == "HEADER") {
      out.kind = Kind::Header;
      auto field = argument();
      auto text = field ? argument() : std::nullopt;
      if (!text) return std::nullopt;
      out.field = std::move(*field);
      out.text = std::move(*text);
      return out;
    }
    if (name == "BODY" || name == "TEXT") {
      out.kind = name == "BODY" ? Kind::Body : Kind::Text;
      auto text = argument();
      if (!text) return std::nullopt;
      out.text = std::move(*text);
      return out;
    }
    static constexpr std::array<std::pair<std::string_view, Kind>, 6> kDates{{
        {"SINCE", Kind::Since},
        {"BEFORE", Kind::Before},
        {"ON", Kind::On},
        {"SENTSINCE", Kind::SentSince},
        {"SENTBEFORE", Kind::SentBefore},
        {"SENTON", Kind::SentOn},
    }};
    for (const auto& [date_name, kind] : kDates) {
      if (name != date_name) continue;
      out.kind = kind;
      auto text = argument();
      const auto date = text ? parse_imap_date(*text) : std::nullopt;
      if (!date) return std::nullopt;
      out.date = *date;
      return out;
    }
    if (name == "LARGER" || name == "SMALLER") {
      out.kind = name == "LARGER" ? Kind::Larger : Kind::Smaller;
      if (!args.space()) return std::nullopt;
      const auto n = args.number();
      if (!n) return std::nullopt;
      out.number = *n;
      return out;
    }
    if (name == "UID") {
      out.kind = Kind::Uid;
      if (!args.space()) return std::nullopt;
      out.set = SequenceSet::parse(args.word());
      if (!out.set) return std::nullopt;
      return out;
    }
    if (name == "NOT") {
      out.kind = Kind::Not;
      if (!args.space()) return std::nullopt;
      auto child = key(depth + 1);
      if (!child) return std::nullopt;
      out.children.push_back(std::move(*child));
      return out;
    }
    if (name == "OR") {
      out.kind = Kind::Or;
      for (int i = 0; i < 2; ++i) {
        if (!args.space()) return std::nullopt;
        auto child = key(depth + 1);
        if (!child) return std::nullopt;
        out.children.push_back(std::move(*child));
      }
      return out;
    }
    return std::nullopt;
  }
};

int day_of(std::int64_t unix_seconds, int offset_minutes) {
  const auto date = message::DateTime::from_unix(unix_seconds, offset_minutes);
  return date.year * 10000 + date.month * 100 + date.day;
}

bool contains_text(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  // Case-insensitive ASCII (RFC 3501 §6.4.4: "case-insensitive substring"), with a
  // Boyer-Moore-Horspool search so that a long body is scanned in sublinear steps.
  const auto upper_hash = [](char c) { return std::hash<char>{}(ascii_upper(c)); };
  const auto same = [](char a, char b) { return ascii_upper(a) == ascii_upper(b); };
  const std::boyer_moore_horspool_searcher searcher(needle.begin(), needle.end(), upper_hash, same);
  return std::search(haystack.begin(), haystack.end(), searcher) != haystack.end();
}

bool header_contains(const message::MimePart& root, std::string_view field, std::string_view text) {
  for (const auto* f : root.headers().find_all(field)) {
    // The header as written and as a reader sees it (RFC 2047 words decoded).
    if (contains_text(f->value, text) ||
        contains_text(message::decode_header_text(f->raw_value), text))
      return true;
  }
  return false;
}

bool body_contains(const ParsedMessage& content, std::string_view text) {
  const auto& [raw, root] = content;
  const std::string_view body = std::string_view(raw).substr(std::min(root.body_begin, raw.size()));
  if (contains_text(body, text)) return true;
  // Also the decoded text of the leaves (base64 or quoted-printable bodies).
  for (const message::MimePart* leaf : message::leaf_parts(root)) {
    if (leaf->content_type.type == "text" && contains_text(message::text_content(*leaf), text))
      return true;
  }
  return false;
}

}  // namespace

SearchProgram parse_search(Arguments& args, std::size_t max_depth, std::size_t max_keys) {
  SearchProgram program;
  Parser parser{args, max_depth, max_keys};
  // Optional CHARSET: US-ASCII and UTF-8 are the ones a server must know.
  const std::string_view rest = args.rest();
  if (istarts_with(rest, "CHARSET ")) {
    args.word();
    args.space();
    const auto charset = args.astring();
    if (!charset || !args.space()) return program;
    if (!iequals(*charset, "US-ASCII") && !iequals(*charset, "UTF-8")) {
      program.error = SearchError::BadCharset;
      return program;
    }
  }
  SearchKey all;
  all.kind = SearchKey::Kind::All;
  do {
    auto key = parser.key(1);
    if (!key) {
      program.error = parser.error;
      return program;
    }
    all.children.push_back(std::move(*key));
  } while (args.space());
  if (!args.at_end()) return program;
  program.key = std::move(all);
  return program;
}

bool search_matches(const SearchKey& key, const SearchSubject& subject) {
  using Kind = SearchKey::Kind;
  const MessageSummary& m = *subject.summary;
  switch (key.kind) {
    case Kind::All:
      for (const SearchKey& child : key.children) {
        if (!search_matches(child, subject)) return false;
      }
      return true;
    case Kind::FlagSet:
      return (m.flags.system & key.flag) != 0;
    case Kind::FlagUnset:
      return (m.flags.system & key.flag) == 0;
    case Kind::New:
      return (m.flags.system & kRecent) && !(m.flags.system & kSeen);
    case Kind::Keyword:
    case Kind::Unkeyword: {
      bool set = false;
      for (const auto& k : m.flags.keywords) set = set || iequals(k, key.text);
      return key.kind == Kind::Keyword ? set : !set;
    }
    case Kind::Header: {
      const auto* content = subject.content();
      return content && header_contains(content->root, key.field, key.text);
    }
    case Kind::Body: {
      const auto* content = subject.content();
      return content && body_contains(*content, key.text);
    }
    case Kind::Text: {
      const auto* content = subject.content();
      if (!content) return false;
      const auto& [raw, root] = *content;
      return contains_text(std::string_view(raw).substr(0, std::min(root.body_begin, raw.size())),
                           key.text) ||
             body_contains(*content, key.text);
    }
    case Kind::Since:
      return day_of(m.internal_date, m.internal_date_offset_minutes) >= key.date;
    case Kind::Before:
      return day_of(m.internal_date, m.internal_date_offset_minutes) < key.date;
    case Kind::On:
      return day_of(m.internal_date, m.internal_date_offset_minutes) == key.date;
    case Kind::SentSince:
    case Kind::SentBefore:
    case Kind::SentOn: {
      const auto* content = subject.content();
      const auto value = content ? content->root.headers().get("Date") : std::nullopt;
      const auto date = value ? message::parse_date(*value) : std::nullopt;
      if (!date) return false;
      const int day = date->year * 10000 + date->month * 100 + date->day;
      if (key.kind == Kind::SentSince) return day >= key.date;
      if (key.kind == Kind::SentBefore) return day < key.date;
      return day == key.date;
    }
    case Kind::Larger:
      return m.size > key.number;
    case Kind::Smaller:
      return m.size < key.number;
    case Kind::Uid:
      return key.set->contains(m.uid, subject.largest_uid);
    case Kind::Sequence:
      return key.set->contains(subject.sequence, subject.largest_sequence);
    case Kind::Not:
      return !search_matches(key.children.front(), subject);
    case Kind::Or:
      return search_matches(key.children[0], subject) || search_matches(key.children[1], subject);
  }
  return false;
}

}  // namespace smtplab::protocol::imap
