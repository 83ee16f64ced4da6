// The data of one FETCH response (RFC 3501 §7.4.2): "(FLAGS (\Seen) UID 4 BODY[] {n}...)"
// from the requested items, the message's summary and, when an item needs them, its
// octets. Section octets always go out as literals (they may hold any octet). Pure.
#pragma once

#include <string>
#include <vector>

#include "sim/protocol/imap/fetch_items.hpp"
#include "sim/protocol/imap/mail_store.hpp"
#include "sim/protocol/imap/parsed_message.hpp"

namespace smtplab::protocol::imap {

/// What else goes into the response besides the requested items.
struct FetchExtras {
  bool uid = false;    ///< UID FETCH: the UID is always included (RFC 3501 §6.4.8)
  bool flags = false;  ///< \Seen was just set: the new FLAGS are included (RFC 3501 §6.4.5)
};

/// The parenthesised data of one message's FETCH response. `content` may be null when no
/// item needs the message's octets.
std::string fetch_data(const std::vector<FetchItem>& items, const MessageSummary& summary,
                       const ParsedMessage* content, FetchExtras extras);

}  // namespace smtplab::protocol::imap
