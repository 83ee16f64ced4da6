// Address lists (RFC 5322 §3.4): mailboxes with display names (quoted strings, encoded
// words, old-style comments), angle addresses, groups. Parses From/To/Cc/Reply-To values
// into {display name, local part, domain}, and formats addresses back for output.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smtplab::message {

/// One mailbox.
struct Address {
  std::string display_name;  ///< decoded UTF-8 ("Ali Belabbas"), empty when none
  std::string local_part;    ///< as in the address, unquoted ("ali.belabbas")
  std::string domain;  ///< as in the address ("gsimaroc.com", "[127.0.0.1]"), empty when missing
  std::string group;   ///< name of the group it belongs to, empty when none

  /// "local@domain" (the local part quoted when it needs to be).
  std::string addr_spec() const;
};

/// The result of parsing an address list.
struct AddressList {
  std::vector<Address> addresses;  ///< every mailbox, in order (group members included)
  std::vector<std::string> notes;  ///< what was wrong and skipped ("missing '>'"…)
};

/// Parses an address-list or mailbox-list header value (folded or not). Lenient: a broken
/// entry is reported in notes and the parser resumes at the next comma. Never fails.
AddressList parse_address_list(std::string_view value);

/// Formats one address for a header: `"Display, Name" <local@domain>`, with the display
/// name as RFC 2047 encoded words when it is not ASCII; just `local@domain` without a name.
std::string format_address(const Address& address);

/// Formats several addresses separated by ", " (fold_field can then fold the line).
std::string format_address_list(const std::vector<Address>& addresses);

}  // namespace smtplab::message
