// Failed writes as SMTP refusals (see storage_refusal.hpp).
#include "sim/agents/storage_refusal.hpp"

#include <cerrno>

namespace smtplab::agents {

bool is_storage_full(const std::error_code& error) {
  return error == std::errc::no_space_on_device || error.value() == EDQUOT;
}

protocol::SmtpError storage_refusal(const std::error_code& error, std::string_view what,
                                    std::string reason) {
  if (is_storage_full(error)) {
    return protocol::SmtpError::from(protocol::ReplyId::InsufficientStorage, {}, std::move(reason));
  }
  return protocol::SmtpError::from(protocol::ReplyId::LocalError, what, std::move(reason));
}

}  // namespace smtplab::agents
