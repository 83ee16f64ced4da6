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

constexpr std::array<std::string_view, 12> kMonthsUpper{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                        "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

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

std::optional<int> parse_imap_date(std::string_view text) {
  const auto first = text.find('-');
  const auto second = first == std::string_view::npos ? first : text.find('-', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  unsigned long long day = 0;
  unsigned long long year = 0;
  if (!parse_decimal(text.substr(0, first), day) || day < 1 || day > 31 ||
      !parse_decimal(text.substr(second + 1), year) || year < 1000 || year > 9999 ||
      text.substr(second + 1).size() != 4) {
    return std::nullopt;
  }
  const std::string month = to_upper(text.substr(first + 1, second - first - 1));
  for (std::size_t m = 0; m < kMonthsUpper.size(); ++m) {
    if (month == kMonthsUpper[m]) {
      return static_cast<int>(year * 10000 + (m + 1) * 100 + day);
    }
  }
  return std::nullopt;
}

std::optional<InternalDate> parse_internal_date(std::string_view text) {
  // "dd-Mon-yyyy" as SEARCH reads it, then " hh:mm:ss +zzzz" by position.
  if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  const auto space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const auto day = parse_imap_date(text.substr(0, space));
  const std::string_view time = text.substr(space + 1);
  if (!day || time.size() != 14 || time[2] != ':' || time[5] != ':' || time[8] != ' ' ||
      (time[9] != '+' && time[9] != '-')) {
    return std::nullopt;
  }
  const auto two = [&](std::size_t at) -> int {
    const char a = time[at], b = time[at + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
    return (a - '0') * 10 + (b - '0');
  };
  const int hour = two(0), minute = two(3), second = two(6), zone_hours = two(10),
            zone_minutes = two(12);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 ||
      zone_hours < 0 || zone_minutes < 0 || zone_minutes > 59) {
    return std::nullopt;
  }
  message::DateTime date;
  date.year = *day / 10000;
  date.month = *day / 100 % 100;
  date.day = *day % 100;
  date.hour = hour;
  date.minute = minute;
  date.second = second;
  date.utc_offset_minutes = (time[9] == '-' ? -1 : 1) * (zone_hours * 60 + zone_minutes);
  return InternalDate{date.to_unix(), date.utc_offset_minutes};
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
