// RFC 5322 date-time parsing and formatting, Message-ID generation.
#include "sim/message/date.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "sim/message/ascii.hpp"

namespace smtplab::message {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kDays = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};

// Days since 1970-01-01 of a proleptic Gregorian date (the usual era-based computation).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (m + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kLen = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kLen[static_cast<std::size_t>(m - 1)];
}

// Splits the value into words: runs of letters, runs of digits, and single punctuation
// (',' ':' '+' '-'); comments and whitespace separate words and are dropped.
std::vector<std::string> date_tokens(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  int depth = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '(') {
      ++depth;
      ++i;
    } else if (c == ')') {
      if (depth > 0) --depth;
      ++i;
    } else if (depth > 0 || is_wsp(c) || c == '\r' || c == '\n') {
      ++i;
    } else if ((c >= '0' && c <= '9') || (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z')) {
      const bool digit = c >= '0' && c <= '9';
      std::size_t j = i;
      while (j < s.size() && (digit ? (s[j] >= '0' && s[j] <= '9')
                                    : (ascii_lower(s[j]) >= 'a' && ascii_lower(s[j]) <= 'z'))) {
        ++j;
      }
      out.emplace_back(s.substr(i, std::min<std::size_t>(j - i, 12)));
      i = j;
    } else {
      out.emplace_back(1, c);
      ++i;
    }
    if (out.size() > 32) break;  // no real date has more words
  }
  return out;
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<int> zone_offset(std::string_view name) {
  const std::string n = to_lower(name);
  if (n == "ut" || n == "utc" || n == "gmt" || n == "z") return 0;
  if (n == "edt") return -4 * 60;
  if (n == "est" || n == "cdt") return -5 * 60;
  if (n == "cst" || n == "mdt") return -6 * 60;
  if (n == "mst" || n == "pdt") return -7 * 60;
  if (n == "pst") return -8 * 60;
  if (n.size() == 1) return 0;  // military zones: RFC 5322 §4.3 says treat as -0000
  return std::nullopt;
}

std::string base36(std::uint64_t v) {
  constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[v % 36]);
    v /= 36;
  } while (v != 0);
  return out;
}

}  // namespace

std::int64_t DateTime::to_unix() const {
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
         static_cast<std::int64_t>(utc_offset_minutes) * 60;
}

DateTime DateTime::from_unix(std::int64_t unix_seconds, int utc_offset_minutes) {
  DateTime dt;
  const std::int64_t local = unix_seconds + static_cast<std::int64_t>(utc_offset_minutes) * 60;
  std::int64_t days = local / 86400;
  std::int64_t rest = local % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  civil_from_days(days, dt.year, dt.month, dt.day);
  dt.hour = static_cast<int>(rest / 3600);
  dt.minute = static_cast<int>(rest / 60 % 60);
  dt.second = static_cast<int>(rest % 60);
  dt.utc_offset_minutes = utc_offset_minutes;
  return dt;
}

std::optional<DateTime> parse_date(std::string_view value) {
  std::vector<std::string> t = date_tokens(value);
  std::size_t i = 0;
  // Optional day of week and its comma.
  if (i < t.size() && !all_digits(t[i]) && t[i].size() >= 3) {
    ++i;
    if (i < t.size() && t[i] == ",") ++i;
  }
  auto number = [&](int& out, std::size_t max_digits) {
    if (i >= t.size() || !all_digits(t[i]) || t[i].size() > max_digits) return false;
    out = std::stoi(t[i]);
    ++i;
    return true;
  };
  DateTime dt;
  if (!number(dt.day, 2)) return std::nullopt;
  if (i >= t.size()) return std::nullopt;
  dt.month = 0;
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (t[i].size() >= 3 && iequals(t[i].substr(0, 3), kMonths[m]))
      dt.month = static_cast<int>(m) + 1;
  }
  if (dt.month == 0) return std::nullopt;
  ++i;
  const std::size_t year_digits = i < t.size() ? t[i].size() : 0;
  if (!number(dt.year, 4)) return std::nullopt;
  // RFC 5322 §4.3: two-digit years are 1950..2049, three-digit ones add 1900.
  if (year_digits == 2) dt.year += dt.year < 50 ? 2000 : 1900;
  if (year_digits == 3) dt.year += 1900;
  if (!number(dt.hour, 2)) return std::nullopt;
  if (i >= t.size() || t[i] != ":") return std::nullopt;
  ++i;
  if (!number(dt.minute, 2)) return std::nullopt;
  if (i < t.size() && t[i] == ":") {
    ++i;
    if (!number(dt.second, 2)) return std::nullopt;
  }
  if (i < t.size()) {
    if ((t[i] == "+" || t[i] == "-") && i + 1 < t.size() && all_digits(t[i + 1]) &&
        t[i + 1].size() == 4) {
      const int hhmm = std::stoi(t[i + 1]);
      const int minutes = hhmm / 100 * 60 + hhmm % 100;
      dt.utc_offset_minutes = t[i] == "-" ? -minutes : minutes;
    } else if (auto z = zone_offset(t[i])) {
      dt.utc_offset_minutes = *z;
    }
  }
  if (dt.month < 1 || dt.day < 1 || dt.day > days_in_month(dt.year, dt.month) || dt.hour > 23 ||
      dt.minute > 59 || dt.second > 60 || dt.utc_offset_minutes <= -24 * 60 ||
      dt.utc_offset_minutes >= 24 * 60) {
    return std::nullopt;
  }
  return dt;
}

std::string format_date(const DateTime& d) {
  const std::int64_t days = days_from_civil(d.year, d.month, d.day);
  const std::int64_t dow = ((days % 7) + 7) % 7;
  const int off = d.utc_offset_minutes < 0 ? -d.utc_offset_minutes : d.utc_offset_minutes;
  std::array<char, 64> buf{};
  std::snprintf(buf.data(), buf.size(), "%s, %d %s %04d %02d:%02d:%02d %c%02d%02d",
                std::string(kDays[static_cast<std::size_t>(dow)]).c_str(), d.day,
                std::string(kMonths[static_cast<std::size_t>((d.month - 1 + 12) % 12)]).c_str(),
                d.year, d.hour, d.minute, d.second, d.utc_offset_minutes < 0 ? '-' : '+',
                off / 60 % 100, off % 60);
  return buf.data();
}

std::string make_message_id(std::string_view domain, std::int64_t unix_seconds,
                            std::uint64_t unique) {
  return "<" + base36(static_cast<std::uint64_t>(unix_seconds)) + "." + base36(unique) + "@" +
         std::string(domain) + ">";
}

std::string generate_message_id(std::string_view domain) {
  std::random_device rd;
  const std::uint64_t r = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return make_message_id(domain, now, r);
}

}  // namespace smtplab::message
