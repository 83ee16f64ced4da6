// Names of the session states.
#include "sim/protocol/session_state.hpp"

namespace smtplab::protocol {

std::string_view state_name(SessionState state) {
  switch (state) {
    case SessionState::Connected:
      return "Connected";
    case SessionState::Greeted:
      return "Greeted";
    case SessionState::Ready:
      return "Ready";
    case SessionState::MailGiven:
      return "MailGiven";
    case SessionState::RcptGiven:
      return "RcptGiven";
    case SessionState::ReceivingData:
      return "ReceivingData";
    case SessionState::ReceivingBdat:
      return "ReceivingBdat";
    case SessionState::Authenticating:
      return "Authenticating";
    case SessionState::TlsHandshake:
      return "TlsHandshake";
    case SessionState::Closed:
      return "Closed";
  }
  return "?";
}

}  // namespace smtplab::protocol
