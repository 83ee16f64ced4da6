// Line framing with offsets, bare-LF/CR/NUL detection and explicit overlong reporting.
#include "sim/protocol/line_framer.hpp"

#include <algorithm>
#include <cstring>

namespace smtplab::protocol {
namespace {

// True when `text` may hold a CR or a NUL: one pass, eight bytes per step (a zero byte in
// x, or in x ^ CRs, shows in the high bits of (v - 0x01...) & ~v). Exact when false.
bool may_hold_cr_or_nul(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  const auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, text.data() + i, sizeof x);
    if (has_zero(x) | has_zero(x ^ (kOnes * '\r'))) return true;
  }
  for (; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\0') return true;
  }
  return false;
}

}  // namespace

void LineFramer::append(std::string_view bytes) {
  if (borrowed_) keep_rest();
  compact();
  buffer_.append(bytes.data(), bytes.size());
}

void LineFramer::borrow(std::string_view bytes) {
  if (borrowed_ || buffered() > 0 || dropped_in_line_ > 0) {
    // Bytes already wait for the rest of their line: the line must be contiguous.
    append(bytes);
    return;
  }
  buffer_.clear();
  start_ = 0;
  scanned_ = 0;
  input_ = bytes;
  borrowed_ = true;
}

void LineFramer::keep_rest() {
  if (!borrowed_) return;
  buffer_.assign(input_.substr(start_));
  input_ = {};
  borrowed_ = false;
  start_ = 0;  // scanned_ stays: it counts from start_
}

std::optional<LineView> LineFramer::next_line_view() {
  compact();
  const char* base = data() + start_;
  const std::size_t available = size() - start_;
  const void* found = std::memchr(base + scanned_, '\n', available - scanned_);
  if (!found) {
    // An incomplete line must outlive the borrowed bytes.
    keep_rest();
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
  LineView line;
  line.offset = offset_;
  line.wire_length = lf + 1 + dropped_in_line_;
  std::size_t text_length = lf;
  if (lf > 0 && base[lf - 1] == '\r') {
    --text_length;
  } else {
    line.ending = LineEnding::BareLf;
  }
  const std::string_view text(base, text_length);
  if (may_hold_cr_or_nul(text)) {  // rare: look for each only then
    line.has_bare_cr = text.find('\r') != std::string_view::npos;
    line.has_nul = text.find('\0') != std::string_view::npos;
  }
  line.overlong = text_length > max_line_ || dropped_in_line_ > 0;
  line.text = text.substr(0, std::min(text_length, max_line_));
  start_ += lf + 1;
  offset_ += line.wire_length;
  scanned_ = 0;
  dropped_in_line_ = 0;
  return line;
}

std::optional<Line> LineFramer::next_line() {
  auto view = next_line_view();
  if (!view) return std::nullopt;
  return Line{std::string(view->text), view->offset,      view->wire_length, view->ending,
              view->overlong,          view->has_bare_cr, view->has_nul};
}

std::string_view LineFramer::take_raw_view(std::size_t n) {
  compact();
  const std::size_t count = std::min(n, buffered());
  const std::string_view out(data() + start_, count);
  start_ += count;
  offset_ += count;
  scanned_ = 0;
  return out;
}

std::size_t LineFramer::discard_buffered() {
  const std::size_t dropped = buffered() + dropped_in_line_;
  dropped_in_line_ = 0;
  offset_ += dropped;
  buffer_.clear();
  input_ = {};
  borrowed_ = false;
  start_ = 0;
  scanned_ = 0;
  return dropped;
}

void LineFramer::compact() {
  // Keep the buffer from growing without bound while avoiding a memmove per line. Called
  // at the start of each call, never at the end, so the view a call returned stays valid
  // until the next one.
  if (start_ == size()) {
    buffer_.clear();  // keeps the bytes' storage: a view just returned stays readable
    input_ = {};
    borrowed_ = false;
    start_ = 0;
  } else if (!borrowed_ && start_ > 65536 && start_ * 2 > buffer_.size()) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
}

}  // namespace smtplab::protocol
