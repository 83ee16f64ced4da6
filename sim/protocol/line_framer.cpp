// Line framing with offsets, bare-LF/CR/NUL detection and explicit overlong reporting.
#include "sim/protocol/line_framer.hpp"

#include <algorithm>
#include <cstring>

namespace smtplab::protocol {

std::optional<Line> LineFramer::next_line() {
  const char* base = buffer_.data() + start_;
  const std::size_t available = buffer_.size() - start_;
  const void* found = std::memchr(base + scanned_, '\n', available - scanned_);
  if (!found) {
    scanned_ = available;
    // A line longer than the limit is never buffered whole: keep its first max_line_ + 1
    // octets (enough to report it) and count the rest as dropped.
    if (available > max_line_ + 1) {
      const std::size_t excess = available - (max_line_ + 1);
      buffer_.resize(buffer_.size() - excess);
      dropped_in_line_ += excess;
      scanned_ = max_line_ + 1;
    }
    return std::nullopt;
  }
  const std::size_t lf = static_cast<std::size_t>(static_cast<const char*>(found) - base);
  Line line;
  line.offset = offset_;
  line.wire_length = lf + 1 + dropped_in_line_;
  std::size_t text_length = lf;
  if (lf > 0 && base[lf - 1] == '\r') {
    --text_length;
  } else {
    line.ending = LineEnding::BareLf;
  }
  std::string_view text(base, text_length);
  line.has_bare_cr = text.find('\r') != std::string_view::npos;
  line.has_nul = text.find('\0') != std::string_view::npos;
  line.overlong = text_length > max_line_ || dropped_in_line_ > 0;
  line.text.assign(text.substr(0, std::min(text_length, max_line_)));
  start_ += lf + 1;
  offset_ += line.wire_length;
  scanned_ = 0;
  dropped_in_line_ = 0;
  compact();
  return line;
}

std::string LineFramer::take_raw(std::size_t n) {
  const std::size_t count = std::min(n, buffered());
  std::string out(buffer_.data() + start_, count);
  start_ += count;
  offset_ += count;
  scanned_ = 0;
  compact();
  return out;
}

std::size_t LineFramer::discard_buffered() {
  const std::size_t dropped = buffered() + dropped_in_line_;
  dropped_in_line_ = 0;
  offset_ += dropped;
  buffer_.clear();
  start_ = 0;
  scanned_ = 0;
  return dropped;
}

void LineFramer::compact() {
  // Keep the buffer from growing without bound while avoiding a memmove per line.
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  } else if (start_ > 65536 && start_ * 2 > buffer_.size()) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
}

}  // namespace smtplab::protocol
