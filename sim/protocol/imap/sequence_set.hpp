// Sequence sets (RFC 3501 §9 sequence-set): "1", "2:4", "7:*", "1,3:5,*", for message
// sequence numbers and for UIDs. "*" is the largest number in use, resolved only when the
// set is matched, so one parsed set serves the whole command. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace smtplab::protocol::imap {

class SequenceSet {
 public:
  /// One "a" or "a:b" element; 0 stands for "*".
  struct Range {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
  };

  /// Parses a sequence set; nullopt on bad syntax (empty element, 0, trailing comma...).
  static std::optional<SequenceSet> parse(std::string_view text);

  /// True when `value` is in the set, "*" standing for `largest` (a range a:b is the same
  /// as b:a, and "559:*" includes `largest` even when it is below 559, RFC 3501 §6.4.8).
  bool contains(std::uint32_t value, std::uint32_t largest) const;
  /// The largest number written explicitly (not "*"), 0 when none: message sequence numbers
  /// above the mailbox's count are an error (RFC 3501 §9 seq-number).
  std::uint32_t largest_explicit() const;
  const std::vector<Range>& ranges() const { return ranges_; }

 private:
  std::vector<Range> ranges_;
};

}  // namespace smtplab::protocol::imap
