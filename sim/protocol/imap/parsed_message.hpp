// A message's octets with its MIME tree, parsed once per command and shared by FETCH and
// SEARCH (sim/message's parser: there is no second MIME parser in the IMAP machine).
#pragma once

#include <string>

#include "sim/message/mime.hpp"

namespace smtplab::protocol::imap {

struct ParsedMessage {
  std::string raw;         ///< the octets as the store holds them
  message::MimePart root;  ///< parse_message(raw); offsets point into `raw`
};

}  // namespace smtplab::protocol::imap
