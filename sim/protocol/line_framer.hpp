// Splits an SMTP byte stream into lines, keeping each line's offset in the stream so
// that every command, reply and data line can be tied back to the bytes (and so to the
// TCP segments) that carried it. Pure: bytes in, lines out.
//
// Two ways in: append() copies the bytes (the server and client machines), borrow() frames
// the caller's bytes in place and copies only what is left unframed when keep_rest() is
// called (the capture dissector, which sees every byte of a large capture once).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smtplab::protocol {

/// How a line ended on the wire.
enum class LineEnding {
  Crlf,    ///< "\r\n", the only ending RFC 5321 allows
  BareLf,  ///< "\n" without "\r" before it
};

/// One line taken from the stream. `Text` is std::string (Line: the line owns its text) or
/// std::string_view (LineView: the text is viewed in the framer's bytes, valid until the
/// next call on the framer).
template <class Text>
struct BasicLine {
  Text text;                    ///< the line without its ending (truncated when overlong)
  std::uint64_t offset = 0;     ///< stream offset of the line's first byte
  std::size_t wire_length = 0;  ///< bytes on the wire, ending included
  LineEnding ending = LineEnding::Crlf;
  bool overlong = false;     ///< longer than the framer's limit; text holds the start
  bool has_bare_cr = false;  ///< a "\r" not followed by "\n" inside the line
  bool has_nul = false;      ///< a NUL octet inside the line
};
using LineView = BasicLine<std::string_view>;
using Line = BasicLine<std::string>;

class LineFramer {
 public:
  /// `max_line` counts the line's octets without the CRLF (RFC 5321 §4.5.3.1.4 gives
  /// 512 for command lines including CRLF, i.e. 510 here; 998 for text lines).
  explicit LineFramer(std::size_t max_line) : max_line_(max_line) {}

  /// Appends received bytes (copied). An overlong line keeps only its first max_line + 1
  /// octets.
  void append(std::string_view bytes);
  /// Frames `bytes` where they are, without copying them, when nothing is buffered (else
  /// appends them). The caller must call keep_rest() before `bytes` go away.
  void borrow(std::string_view bytes);
  /// Copies the borrowed bytes not framed yet into the framer's own buffer.
  void keep_rest();
  /// Next complete line (ended by LF, with or without CR before it), or nullopt. An
  /// incomplete line left in borrowed bytes is copied into the framer's buffer.
  std::optional<LineView> next_line_view();
  /// The same, with the text copied out.
  std::optional<Line> next_line();
  /// Takes exactly `n` raw bytes (or as many as are buffered, if fewer) — for BDAT chunks.
  /// The view is valid until the next call on the framer.
  std::string_view take_raw_view(std::size_t n);
  /// The same, copied out.
  std::string take_raw(std::size_t n) { return std::string(take_raw_view(n)); }
  /// Bytes received but not yet framed.
  std::size_t buffered() const { return size() - start_; }
  /// Stream offset of the next byte not yet taken.
  std::uint64_t offset() const { return offset_; }
  /// Drops everything buffered (STARTTLS: pipelined cleartext must never reach TLS).
  /// Returns how many bytes were dropped.
  std::size_t discard_buffered();
  /// Restarts offsets at zero (a new stream after a TLS switch).
  void reset_offsets() { offset_ = 0; }
  void set_max_line(std::size_t max_line) { max_line_ = max_line; }
  std::size_t max_line() const { return max_line_; }

 private:
  // The bytes being framed: the borrowed ones, or the framer's own buffer.
  const char* data() const { return borrowed_ ? input_.data() : buffer_.data(); }
  std::size_t size() const { return borrowed_ ? input_.size() : buffer_.size(); }
  void compact();

  std::string buffer_;
  std::string_view input_;           // borrowed bytes (when borrowed_)
  bool borrowed_ = false;            // framing input_ rather than buffer_
  std::size_t start_ = 0;            // first unconsumed byte of data()
  std::size_t scanned_ = 0;          // bytes after start_ already searched for LF
  std::size_t dropped_in_line_ = 0;  // octets of an overlong line not kept in buffer_
  std::uint64_t offset_ = 0;
  std::size_t max_line_;
};

}  // namespace smtplab::protocol
