// Where an SMTP session stands. Its own header because both the command table (which
// states accept a verb) and the event log (state changes) speak of it.
#pragma once

#include <string_view>

namespace smtplab::protocol {

/// Where an SMTP session stands (the server's view; the client mirrors it).
enum class SessionState {
  Connected,       ///< TCP is up, no greeting yet
  Greeted,         ///< 220 sent/received, HELO/EHLO expected
  Ready,           ///< HELO/EHLO done, no transaction open
  MailGiven,       ///< MAIL accepted, RCPT expected
  RcptGiven,       ///< at least one RCPT accepted, more RCPT or DATA/BDAT expected
  ReceivingData,   ///< after 354: message lines until CRLF.CRLF
  ReceivingBdat,   ///< reading the octets of a BDAT chunk
  Authenticating,  ///< inside an AUTH exchange (334 challenges)
  TlsHandshake,    ///< STARTTLS accepted, waiting for the TLS layer
  Closed,          ///< QUIT answered or connection closed
};

/// Name of a state for logs and the GUI ("MailGiven").
std::string_view state_name(SessionState state);

}  // namespace smtplab::protocol
