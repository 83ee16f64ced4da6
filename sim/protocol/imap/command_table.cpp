// The IMAP command table (RFC 3501 §6, RFC 2177 IDLE, RFC 3691 UNSELECT, RFC 4959 SASL-IR,
// RFC 2342 NAMESPACE).
#include "sim/protocol/imap/command_table.hpp"

#include <array>

#include "sim/protocol/text.hpp"

namespace smtplab::protocol::imap {
namespace {

constexpr std::array kCommands{
    ImapCommandSpec{ImapCommand::Capability, "CAPABILITY", "CAPABILITY", kAnyState,
                    "RFC 3501 §6.1.1"},
    ImapCommandSpec{ImapCommand::Noop, "NOOP", "NOOP", kAnyState, "RFC 3501 §6.1.2"},
    ImapCommandSpec{ImapCommand::Logout, "LOGOUT", "LOGOUT", kAnyState, "RFC 3501 §6.1.3"},
    ImapCommandSpec{ImapCommand::Starttls, "STARTTLS", "STARTTLS", kNotAuthenticated,
                    "RFC 3501 §6.2.1"},
    ImapCommandSpec{ImapCommand::Authenticate, "AUTHENTICATE",
                    "AUTHENTICATE mechanism [initial-response]", kNotAuthenticated,
                    "RFC 3501 §6.2.2, RFC 4959", true},
    ImapCommandSpec{ImapCommand::Login, "LOGIN", "LOGIN userid password", kNotAuthenticated,
                    "RFC 3501 §6.2.3", true},
    ImapCommandSpec{ImapCommand::Select, "SELECT", "SELECT mailbox", kLoggedIn, "RFC 3501 §6.3.1"},
    ImapCommandSpec{ImapCommand::Examine, "EXAMINE", "EXAMINE mailbox", kLoggedIn,
                    "RFC 3501 §6.3.2"},
    ImapCommandSpec{ImapCommand::Create, "CREATE", "CREATE mailbox", kLoggedIn, "RFC 3501 §6.3.3"},
    ImapCommandSpec{ImapCommand::Delete, "DELETE", "DELETE mailbox", kLoggedIn, "RFC 3501 §6.3.4"},
    ImapCommandSpec{ImapCommand::Rename, "RENAME", "RENAME existing-mailbox new-mailbox", kLoggedIn,
                    "RFC 3501 §6.3.5"},
    ImapCommandSpec{ImapCommand::List, "LIST", "LIST reference mailbox-pattern", kLoggedIn,
                    "RFC 3501 §6.3.8"},
    ImapCommandSpec{ImapCommand::Lsub, "LSUB", "LSUB reference mailbox-pattern", kLoggedIn,
                    "RFC 3501 §6.3.9"},
    ImapCommandSpec{ImapCommand::StatusCmd, "STATUS",
                    "STATUS mailbox (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)", kLoggedIn,
                    "RFC 3501 §6.3.10"},
    ImapCommandSpec{ImapCommand::Append, "APPEND",
                    "APPEND mailbox [(flag...)] [\"dd-Mon-yyyy hh:mm:ss +zzzz\"] {size}", kLoggedIn,
                    "RFC 3501 §6.3.11"},
    ImapCommandSpec{ImapCommand::Check, "CHECK", "CHECK", kSelected, "RFC 3501 §6.4.1"},
    ImapCommandSpec{ImapCommand::Close, "CLOSE", "CLOSE", kSelected, "RFC 3501 §6.4.2"},
    ImapCommandSpec{ImapCommand::Unselect, "UNSELECT", "UNSELECT", kSelected, "RFC 3691"},
    ImapCommandSpec{ImapCommand::Expunge, "EXPUNGE", "EXPUNGE", kSelected, "RFC 3501 §6.4.3"},
    ImapCommandSpec{ImapCommand::Search, "SEARCH", "SEARCH [CHARSET name] key...", kSelected,
                    "RFC 3501 §6.4.4"},
    ImapCommandSpec{ImapCommand::Fetch, "FETCH",
                    "FETCH sequence-set (item...) | ALL | FAST | FULL | item", kSelected,
                    "RFC 3501 §6.4.5"},
    ImapCommandSpec{ImapCommand::Store, "STORE", "STORE sequence-set [+|-]FLAGS[.SILENT] (flag...)",
                    kSelected, "RFC 3501 §6.4.6"},
    ImapCommandSpec{ImapCommand::Copy, "COPY", "COPY sequence-set mailbox", kSelected,
                    "RFC 3501 §6.4.7"},
    ImapCommandSpec{ImapCommand::Uid, "UID", "UID FETCH|STORE|SEARCH|COPY arguments", kSelected,
                    "RFC 3501 §6.4.8"},
    ImapCommandSpec{ImapCommand::Idle, "IDLE", "IDLE, then DONE on a line of its own", kLoggedIn,
                    "RFC 2177"},
    ImapCommandSpec{ImapCommand::Namespace, "NAMESPACE", "NAMESPACE", kLoggedIn, "RFC 2342"},
};

}  // namespace

std::span<const ImapCommandSpec> imap_command_table() {
  return kCommands;
}

const ImapCommandSpec* find_imap_command(std::string_view name) {
  for (const auto& spec : kCommands) {
    if (iequals(spec.name, name)) return &spec;
  }
  return nullptr;
}

const ImapCommandSpec* imap_command_spec(ImapCommand command) {
  for (const auto& spec : kCommands) {
    if (spec.command == command) return &spec;
  }
  return nullptr;
}

bool allowed_in(const ImapCommandSpec& spec, ImapState state) {
  return (spec.allowed & state_bit(state)) != 0;
}

}  // namespace smtplab::protocol::imap
