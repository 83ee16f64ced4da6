// Sequence set parsing and matching.
#include "sim/protocol/imap/sequence_set.hpp"

#include <algorithm>

namespace smtplab::protocol::imap {
namespace {

// One seq-number: a non-zero number or "*" (0).
std::optional<std::uint32_t> parse_number(std::string_view text) {
  if (text == "*") return 0u;
  if (text.empty() || text.size() > 10 || text[0] == '0') return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value > 0xffffffffull) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

}  // namespace

std::optional<SequenceSet> SequenceSet::parse(std::string_view text) {
  SequenceSet set;
  if (text.empty()) return std::nullopt;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const std::string_view element = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    const auto colon = element.find(':');
    Range range;
    if (colon == std::string_view::npos) {
      const auto n = parse_number(element);
      if (!n) return std::nullopt;
      range = {*n, *n};
    } else {
      const auto a = parse_number(element.substr(0, colon));
      const auto b = parse_number(element.substr(colon + 1));
      if (!a || !b) return std::nullopt;
      range = {*a, *b};
    }
    set.ranges_.push_back(range);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return set;
}

bool SequenceSet::contains(std::uint32_t value, std::uint32_t largest) const {
  for (const Range& range : ranges_) {
    std::uint32_t a = range.first == 0 ? largest : range.first;
    std::uint32_t b = range.last == 0 ? largest : range.last;
    if (a > b) std::swap(a, b);
    if (value >= a && value <= b) return true;
  }
  return false;
}

std::uint32_t SequenceSet::largest_explicit() const {
  std::uint32_t out = 0;
  for (const Range& range : ranges_) out = std::max({out, range.first, range.last});
  return out;
}

}  // namespace smtplab::protocol::imap
