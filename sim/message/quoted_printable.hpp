// Quoted-printable (RFC 2045 §6.7): encoding for text and for binary data, and a
// tolerant decoder (soft line breaks, =XX in either case, transport-added trailing
// whitespace removed, malformed escapes kept as written).
#pragma once

#include <string>
#include <string_view>

namespace smtplab::message {

/// Encodes `data`. In text mode (the default) line breaks in the input (LF or CRLF) are
/// hard line breaks written as CRLF; in binary mode CR and LF are encoded as =0D and =0A.
/// Output lines are at most 76 characters, soft breaks are "=" CRLF, space and tab before
/// a line break are encoded, and an escape is never split across lines.
std::string qp_encode(std::string_view data, bool text_mode = true);

/// Decodes quoted-printable. Hard line breaks are kept as they are in the input ("\r\n"
/// or "\n"); "=" at the end of a line (after trailing whitespace) joins it with the next.
std::string qp_decode(std::string_view text);

}  // namespace smtplab::message
