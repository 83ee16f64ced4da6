// Message flags and dates in IMAP's written forms: "(\Seen \Flagged work)" both ways,
// SEARCH's "1-Feb-1994" (RFC 3501 §9 date) and INTERNALDATE's "17-Jul-1996 02:44:25 -0700"
// (date-time), read and written. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/protocol/imap/arguments.hpp"
#include "sim/protocol/imap/mail_store.hpp"

namespace smtplab::protocol::imap {

/// "(\Answered \Seen $Forwarded)": system flags in RFC 3501 order, then keywords.
std::string format_flags(const MessageFlags& flags);

/// The flags a SELECT announces (FLAGS) and lets clients change (PERMANENTFLAGS adds \*).
inline constexpr std::string_view kSelectFlags = "(\\Answered \\Flagged \\Deleted \\Seen \\Draft)";
inline constexpr std::string_view kPermanentFlags =
    "(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)";

/// Reads a STORE flag list: "(" [flag *(SP flag)] ")" or flag *(SP flag) up to the end.
/// \Recent and unknown system flags are refused (nullopt), keywords are atoms.
std::optional<MessageFlags> parse_flag_list(Arguments& args, std::size_t max_flags);

/// `flags` with `change` added (+FLAGS), removed (-FLAGS) or put in its place (FLAGS);
/// \Recent is the store's and stays as it was.
enum class FlagChange { Replace, Add, Remove };
MessageFlags apply_flags(const MessageFlags& flags, const MessageFlags& change, FlagChange how);

/// Parses an IMAP date "1-Feb-1994" (RFC 3501 date) as yyyymmdd, nullopt when invalid.
std::optional<int> parse_imap_date(std::string_view text);

/// An APPEND date-time "17-Jul-1996 02:44:25 -0700" (without its quotes; the day may be
/// written with a leading space): Unix seconds and the zone's offset in minutes.
struct InternalDate {
  std::int64_t unix_seconds = 0;
  int offset_minutes = 0;
};
std::optional<InternalDate> parse_internal_date(std::string_view text);

/// INTERNALDATE as written in a FETCH response, quotes included.
std::string format_internal_date(std::int64_t unix_seconds, int offset_minutes);

}  // namespace smtplab::protocol::imap
