// The DATA phase of a server session: takes message lines until the one true end of data
// (CRLF "." CRLF), removes dot-stuffing, and records every anomaly that a policy must
// decide on: bare LF, bare CR, NUL, 8-bit octets, over-long lines, smuggling sequences,
// size. Pure: lines in, content and findings out.
#pragma once

#include <cstdint>
#include <string>

#include "sim/protocol/line_framer.hpp"

namespace smtplab::protocol {

/// What a DATA transfer contained besides its text.
struct DataFindings {
  bool bare_lf = false;            ///< a line ended with LF alone
  bool bare_cr = false;            ///< a CR not followed by LF inside a line
  bool nul = false;                ///< a NUL octet
  bool eight_bit = false;          ///< an octet above 0x7F
  bool overlong_line = false;      ///< a line over the text-line limit
  bool too_big = false;            ///< content over the size limit (content was cut)
  std::size_t smuggling_dots = 0;  ///< "." lines that a lax server would take as end of data
};

class DataReceiver {
 public:
  /// `max_size` 0 = unlimited; `normalize_bare_lf` stores bare-LF lines as CRLF lines.
  DataReceiver(std::uint64_t max_size, bool normalize_line_endings)
      : max_size_(max_size), normalize_(normalize_line_endings) {}

  /// Feeds one line (from LineFramer). Returns true when this line was the end of data.
  bool feed(const Line& line);
  /// The message as received after unstuffing, up to and including the CRLF before the
  /// terminating dot.
  const std::string& content() const { return content_; }
  const DataFindings& findings() const { return findings_; }
  /// Octets received on the wire so far (terminating dot line included once ended).
  std::uint64_t wire_octets() const { return wire_octets_; }

 private:
  void append(std::string_view text);

  std::uint64_t max_size_;
  bool normalize_;
  bool previous_line_ended_crlf_ = true;  // the DATA command's own CRLF precedes line 1
  std::string content_;
  DataFindings findings_;
  std::uint64_t wire_octets_ = 0;
};

/// Client side: dot-stuffs a message for DATA and appends the terminating ".\r\n".
/// Bare LF and bare CR are sent as CRLF so that no line ending is ever ambiguous, and a
/// missing final CRLF is added (RFC 5321 §4.1.1.4).
std::string dot_stuff(std::string_view message);

}  // namespace smtplab::protocol
