// Durations as people write them: "90s", "5m", "1h", "6d" or a bare number of seconds.
// One reader for the scenario files (`clock: {advance: 1h}`), `smtplab clock` and the
// window's clock, so that a lesson's "1h" means the same everywhere.
#pragma once

#include <optional>
#include <string_view>

namespace smtplab::lab {

/// Seconds in `text`: a non-negative decimal number, then nothing or one unit of s, m, h
/// or d ("1.5h" is 5400). nullopt for anything else (empty, negative, unknown unit).
std::optional<double> parse_duration(std::string_view text);

}  // namespace smtplab::lab
