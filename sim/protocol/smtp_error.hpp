// One error value for every refusal the lab's SMTP code makes: the reply the peer gets
// (code, enhanced code, text) and the reason kept for the log. Transient or permanent is
// derived from the code, never stored beside it. Every error comes from a row of the reply
// catalogue (SmtpError::from), so "disk full" or "relay denied" is answered one way only.
#pragma once

#include <string>
#include <string_view>

#include "sim/protocol/reply.hpp"
#include "sim/protocol/reply_catalogue.hpp"

namespace smtplab::protocol {

struct SmtpError {
  int code = 451;        ///< 4xx or 5xx reply code
  std::string enhanced;  ///< RFC 3463 code ("5.1.1"), may be empty
  std::string text;      ///< what the peer reads
  std::string reason;    ///< what the log says (may be more detailed), may be empty

  /// The catalogue row `id`, its "%s" replaced by `argument`, with `reason` for the log.
  static SmtpError from(ReplyId id, std::string_view argument = {}, std::string reason = {}) {
    const ReplySpec& spec = reply_spec(id);
    return SmtpError{spec.code, std::string(spec.enhanced), reply_text(id, argument),
                     std::move(reason)};
  }

  /// 4xx: the sender should try again later.
  bool transient() const { return code >= 400 && code < 500; }
  /// 5xx: trying again the same way will fail again.
  bool permanent() const { return code >= 500 && code < 600; }
  /// The reply that carries this error.
  Reply reply() const { return make_reply(code, enhanced, {text}); }
};

}  // namespace smtplab::protocol
