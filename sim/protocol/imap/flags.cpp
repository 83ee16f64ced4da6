// Flag lists and INTERNALDATE formatting.
#include "sim/protocol/imap/flags.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "sim/message/date.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::protocol::imap {
namespace {

struct SystemFlagName {
  std::uint8_t bit;
  std::string_view name;
};
constexpr std::array<SystemFlagName, 6> kSystemFlags{{
    {kAnswered, "\\Answered"},
    {kFlagged, "\\Flagged"},
    {kDeleted, "\\Deleted"},
    {kSeen, "\\Seen"},
    {kDraft, "\\Draft"},
    {kRecent, "\\Recent"},
}};

bool has_keyword(const std::vector<std::string>& keywords, std::string_view keyword) {
  return std::any_of(keywords.begin(), keywords.end(),
                     [&](const std::string& k) { return iequals(k, keyword); });
}

}  // namespace

std::string format_flags(const MessageFlags& flags) {
  std::string out = "(";
  for (const auto& [bit, name] : kSystemFlags) {
    if (!(flags.system & bit)) continue;
    if (out.size() > 1) out += ' ';
    out += name;
  }
  for (const auto& keyword : flags.keywords) {
    if (out.size() > 1) out += ' ';
    out += keyword;
  }
  return out + ")";
}

std::optional<MessageFlags> parse_flag_list(Arguments& args, std::size_t max_flags) {
  MessageFlags out;
  const bool parenthesised = args.take('(');
  if (parenthesised && args.take(')')) return out;  // "()" clears every flag
  std::size_t count = 0;
  do {
    if (++count > max_flags) return std::nullopt;
    const bool system = args.take('\\');
    const auto atom = args.atom();
    if (!atom) return std::nullopt;
    if (system) {
      const auto found =
          std::find_if(kSystemFlags.begin(), kSystemFlags.end(),
                       [&](const SystemFlagName& f) { return iequals(f.name.substr(1), *atom); });
      // \Recent is the server's to set (RFC 3501 §2.3.2), never a client's.
      if (found == kSystemFlags.end() || found->bit == kRecent) return std::nullopt;
      out.system |= found->bit;
    } else if (!has_keyword(out.keywords, *atom)) {
      out.keywords.emplace_back(*atom);
    }
  } while (args.space());
  if (parenthesised && !args.take(')')) return std::nullopt;
  return out;
}

MessageFlags apply_flags(const MessageFlags& flags, const MessageFlags& change, FlagChange how) {
  MessageFlags out = flags;
  const std::uint8_t recent = flags.system & kRecent;
  switch (how) {
    case FlagChange::Replace:
      out.system = static_cast<std::uint8_t>((change.system & ~kRecent) | recent);
      out.keywords = change.keywords;
      break;
    case FlagChange::Add:
      out.system = static_cast<std::uint8_t>(out.system | (change.system & ~kRecent));
      for (const auto& k : change.keywords) {
        if (!has_keyword(out.keywords, k)) out.keywords.push_back(k);
      }
      break;
    case FlagChange::Remove:
      out.system = static_cast<std::uint8_t>(out.system & ~(change.system & ~kRecent));
      std::erase_if(out.keywords,
                    [&](const std::string& k) { return has_keyword(change.keywords, k); });
      break;
  }
  return out;
}

std::string format_internal_date(std::int64_t unix_seconds, int offset_minutes) {
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto date = message::DateTime::from_unix(unix_seconds, offset_minutes);
  const int offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "\"%2d-%s-%04d %02d:%02d:%02d %c%02d%02d\"", date.day,
                kMonths[static_cast<std::size_t>(std::clamp(date.month, 1, 12) - 1)], date.year,
                date.hour, date.minute, date.second, offset_minutes < 0 ? '-' : '+', offset / 60,
                offset % 60);
  return buffer;
}

}  // namespace smtplab::protocol::imap
