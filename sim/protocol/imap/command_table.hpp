// The one table of IMAP commands the lab's server knows (RFC 3501 §6 and the extensions
// it announces). A row says everything the lab knows of a command: its name, its syntax
// (shown verbatim in "BAD Syntax:" responses), the states that accept it, and where it is
// defined. The server machine, and later the capture dissector and the console, read it: a
// new command is one row. Never does I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "sim/protocol/imap/imap_state.hpp"

namespace smtplab::protocol::imap {

/// Every command the lab's IMAP server knows. Unknown covers everything else (BAD).
enum class ImapCommand {
  Capability,    ///< list the server's capabilities
  Noop,          ///< nothing; a chance for untagged updates
  Logout,        ///< BYE, then close
  Starttls,      ///< RFC 3501 §6.2.1 switch to TLS
  Authenticate,  ///< SASL exchange (PLAIN, with RFC 4959 SASL-IR)
  Login,         ///< user name and password in the clear
  Select,        ///< open a mailbox read-write
  Examine,       ///< open a mailbox read-only
  Create,        ///< create a mailbox
  Delete,        ///< delete a mailbox
  Rename,        ///< rename a mailbox (not INBOX here)
  List,          ///< mailbox names matching a pattern
  Lsub,          ///< subscribed mailbox names (here: every mailbox)
  StatusCmd,     ///< counters of a mailbox without selecting it
  Append,        ///< add a message to a mailbox (its octets in a literal)
  Check,         ///< checkpoint (a NOOP here)
  Close,         ///< expunge silently and leave the mailbox
  Unselect,      ///< RFC 3691: leave the mailbox without expunging
  Expunge,       ///< remove the messages flagged \Deleted
  Search,        ///< message numbers matching criteria
  Fetch,         ///< message data
  Store,         ///< change flags
  Copy,          ///< copy messages to another mailbox
  Uid,           ///< UID FETCH / STORE / SEARCH / COPY: the same with UIDs
  Idle,          ///< RFC 2177: wait for updates until DONE
  Namespace,     ///< RFC 2342: where the user's mailboxes are, and the delimiter
  Unknown,       ///< not a command this server knows
};

/// One row of the command table.
struct ImapCommandSpec {
  ImapCommand command;
  std::string_view name;    ///< as sent, upper case ("FETCH")
  std::string_view syntax;  ///< shown in "BAD Syntax:" responses, after the tag
  std::uint8_t allowed;     ///< StateMask bits of the states that accept it
  std::string_view rfc;     ///< "RFC 3501 §6.4.5"
  bool secret = false;      ///< carries a password or SASL response after its first argument:
                            ///< masked in events, dissectors and transcripts
};

/// The command table, in RFC 3501 order.
std::span<const ImapCommandSpec> imap_command_table();

/// The row of a command name (case-insensitive), nullptr when unknown.
const ImapCommandSpec* find_imap_command(std::string_view name);

/// The row of a command (Unknown has none).
const ImapCommandSpec* imap_command_spec(ImapCommand command);

/// True when the command may be given in `state`.
bool allowed_in(const ImapCommandSpec& spec, ImapState state);

}  // namespace smtplab::protocol::imap
