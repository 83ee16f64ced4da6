// RFC 5322 §3.3 date-time: parsing (with the obsolete forms: two-digit years, zone names,
// comments, missing seconds) and formatting, plus Message-ID generation (§3.6.4).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smtplab::message {

/// A calendar date and time with its offset from UTC, as written in a Date field.
struct DateTime {
  int year = 1970;             ///< four digits
  int month = 1;               ///< 1..12
  int day = 1;                 ///< 1..31
  int hour = 0;                ///< 0..23
  int minute = 0;              ///< 0..59
  int second = 0;              ///< 0..60 (leap second)
  int utc_offset_minutes = 0;  ///< +0100 gives 60, -0500 gives -300

  /// Seconds since 1970-01-01T00:00:00Z.
  std::int64_t to_unix() const;
  /// The date and time of `unix_seconds` seen at `utc_offset_minutes`.
  static DateTime from_unix(std::int64_t unix_seconds, int utc_offset_minutes = 0);
  bool operator==(const DateTime&) const = default;
};

/// Parses a date-time such as "Tue, 17 Dec 2013 09:50:16 -0500" or the obsolete
/// "17 Dec 13 09:50 EST (comment)". Nullopt when it is not a date. Never throws.
std::optional<DateTime> parse_date(std::string_view value);

/// Formats "Tue, 17 Dec 2013 09:50:16 -0500" (day of week computed from the date).
std::string format_date(const DateTime& date);

/// A Message-ID "<time.unique@domain>" from explicit inputs (deterministic, for tests and
/// replays): `unix_seconds` and `unique` become base-36 text.
std::string make_message_id(std::string_view domain, std::int64_t unix_seconds,
                            std::uint64_t unique);

/// A Message-ID with the current time and a random number (uses std::random_device).
std::string generate_message_id(std::string_view domain);

}  // namespace smtplab::message
