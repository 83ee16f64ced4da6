// The Sender Rewriting Scheme (SRS), as libsrs2, postsrsd and Postfix setups write it: a
// forwarder that sends a message on to another domain replaces the reverse-path, which
// the next hop's SPF would check against the forwarder's address and fail, by an address
// of its own domain that still leads back to the original sender:
//   prof@univ.example  ->  SRS0=HHHH=TT=univ.example=prof@gsimaroc.com
// HHHH: the first 4 characters of the base64 HMAC-SHA1 (key: the forwarder's secret) of
// TT, the domain and the local part, lower-cased; TT: the day (days since the epoch,
// modulo 1024) in two base32 characters. The hash stops anyone from using the forwarder
// as an open relay for bounces; TT lets old addresses expire. No RFC: the scheme is
// documented by libsrs2 (Shevek, "Sender Rewriting Scheme", 2004).
#pragma once

#include <optional>
#include <string>

namespace smtplab::agents {

/// The day stamp of the scheme for a Unix time: (seconds / 86400) mod 1024.
int srs_day(long long unix_seconds);

/// The SRS0 address for `sender` ("prof@univ.example") forwarded by `domain`; `day` from
/// srs_day(). An empty sender (a bounce) stays empty; an address that is already SRS0 is
/// rewritten again from its own parts (no SRS1 chains in the lab).
std::string srs_forward(const std::string& sender, const std::string& domain,
                        const std::string& secret, int day);

/// The original sender of an SRS0 local part ("SRS0=HHHH=TT=univ.example=prof"), or
/// nullopt when it is not one, its hash is wrong, or it is older than `max_age_days`
/// (libsrs2's default 21) as seen on `today`.
std::optional<std::string> srs_reverse(const std::string& local_part, const std::string& secret,
                                       int today, int max_age_days = 21);

}  // namespace smtplab::agents
