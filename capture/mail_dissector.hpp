// What the capture analyser asks of every mail dissector (SMTP, POP3, IMAP): the session it
// rebuilt, moved out once the connection is over.
#pragma once

#include "capture/smtp_session.hpp"
#include "capture/stream_dissector.hpp"

namespace smtplab::capture {

/// A stream dissector that rebuilds one SmtpSession (whatever its protocol).
class MailDissector : public StreamDissector {
 public:
  /// The session rebuilt so far (complete after on_end).
  virtual SmtpSession& session() = 0;
};

}  // namespace smtplab::capture
