// The structure responses of FETCH computed from a message's octets (RFC 3501 §7.4.2):
// ENVELOPE (date, subject, addresses, In-Reply-To, Message-ID as written in the header)
// and BODY / BODYSTRUCTURE (the MIME tree with types, parameters, encodings, sizes and
// line counts; BODYSTRUCTURE adds the extension data). The MIME tree is sim/message's:
// this file only renders it in IMAP's parenthesised form. Pure.
#pragma once

#include <string>

#include "sim/message/mime.hpp"

namespace smtplab::protocol::imap {

/// The ENVELOPE of a message (its root part or an enclosed message/rfc822).
std::string envelope(const message::MimePart& message);

/// BODY (`extended` false) or BODYSTRUCTURE (`extended` true) of a part; `raw` is the
/// whole message the part's offsets point into.
std::string body_structure(const message::MimePart& part, std::string_view raw, bool extended);

}  // namespace smtplab::protocol::imap
