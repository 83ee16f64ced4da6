// Where an IMAP session stands (RFC 3501 §3), and the input modes the server machine reads
// in. Its own header because the command table (which states accept a command) and the
// machine (its transitions, recorded as events) both speak of it.
#pragma once

#include <cstdint>
#include <string_view>

namespace smtplab::protocol::imap {

/// The four states of RFC 3501 §3.
enum class ImapState : std::uint8_t {
  NotAuthenticated,  ///< greeted, LOGIN/AUTHENTICATE/STARTTLS expected
  Authenticated,     ///< logged in, no mailbox selected
  Selected,          ///< a mailbox is selected (SELECT or EXAMINE)
  Logout,            ///< BYE sent: the connection is closing
};

/// Bits of ImapState, for the command table's "allowed in" sets.
enum StateMask : std::uint8_t {
  kNotAuthenticated = 1,
  kAuthenticated = 2,
  kSelected = 4,
  kAnyState = kNotAuthenticated | kAuthenticated | kSelected,
  kLoggedIn = kAuthenticated | kSelected,
};

/// The bit of one state.
constexpr std::uint8_t state_bit(ImapState state) {
  return static_cast<std::uint8_t>(1u << static_cast<unsigned>(state));
}

/// Name of a state for events and the window ("NotAuthenticated").
constexpr std::string_view imap_state_name(ImapState state) {
  switch (state) {
    case ImapState::NotAuthenticated:
      return "NotAuthenticated";
    case ImapState::Authenticated:
      return "Authenticated";
    case ImapState::Selected:
      return "Selected";
    case ImapState::Logout:
      return "Logout";
  }
  return "?";
}

}  // namespace smtplab::protocol::imap
