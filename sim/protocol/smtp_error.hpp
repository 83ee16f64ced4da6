// One error value for every refusal the lab's SMTP code makes: the reply the peer gets
// (code, enhanced code, text) and the reason kept for the log. Transient or permanent is
// derived from the code, never stored beside it.
#pragma once

#include <string>

#include "sim/protocol/reply.hpp"

namespace smtplab::protocol {

struct SmtpError {
  int code = 451;        ///< 4xx or 5xx reply code
  std::string enhanced;  ///< RFC 3463 code ("5.1.1"), may be empty
  std::string text;      ///< what the peer reads
  std::string reason;    ///< what the log says (may be more detailed), may be empty

  /// 4xx: the sender should try again later.
  bool transient() const { return code >= 400 && code < 500; }
  /// 5xx: trying again the same way will fail again.
  bool permanent() const { return code >= 500 && code < 600; }
  /// The reply that carries this error.
  Reply reply() const { return make_reply(code, enhanced, {text}); }
};

}  // namespace smtplab::protocol
