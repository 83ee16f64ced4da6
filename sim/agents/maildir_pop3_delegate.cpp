// The POP3 delegate over Maildirs, and the maildrop one session holds.
#include "sim/agents/maildir_pop3_delegate.hpp"

namespace smtplab::agents {
namespace {

using protocol::pop3::Pop3Login;
using protocol::pop3::Pop3LoginRefusal;
using protocol::pop3::Pop3MessageInfo;

// One session's view of a Maildir, from login to QUIT. Holds the maildrop's lock until it
// is destroyed.
class MaildirMaildrop : public protocol::pop3::Pop3Maildrop {
 public:
  MaildirMaildrop(MaildirMailbox mailbox, std::shared_ptr<void> lock)
      : mailbox_(std::move(mailbox)), lock_(std::move(lock)) {}

  std::vector<Pop3MessageInfo> messages() override {
    std::vector<Pop3MessageInfo> out;
    uids_.clear();
    for (const auto& m : mailbox_.messages()) {
      uids_.push_back(m.uid);
      out.push_back(
          {m.size, std::to_string(mailbox_.uid_validity()) + "." + std::to_string(m.uid)});
    }
    return out;
  }

  std::optional<std::string> content(std::size_t index) override {
    if (index >= uids_.size()) return std::nullopt;
    return mailbox_.read(uids_[index]);
  }

  std::string commit(const std::vector<std::size_t>& deleted,
                     const std::vector<std::size_t>& retrieved) override {
    std::size_t failed = 0;
    std::string first_error;
    for (const std::size_t index : deleted) {
      std::error_code error;
      if (index < uids_.size() && mailbox_.remove(uids_[index], error)) continue;
      if (first_error.empty()) first_error = error.message();
      ++failed;
    }
    // A retrieved message stays, moved to cur/ with the S flag: a reader has seen it.
    for (const std::size_t index : retrieved) {
      std::error_code error;
      if (index < uids_.size()) mailbox_.mark_seen(uids_[index], error);
    }
    if (failed == 0) return {};
    return std::to_string(failed) + " of " + std::to_string(deleted.size()) +
           " deletions failed (" + first_error + ")";
  }

 private:
  MaildirMailbox mailbox_;
  std::vector<std::uint32_t> uids_;  // message number - 1 -> UID, fixed at login
  std::shared_ptr<void> lock_;       // released (the address unlocked) on destruction
};

}  // namespace

MaildirPop3Delegate::MaildirPop3Delegate(MaildirPop3Config config) : config_(std::move(config)) {}

std::string MaildirPop3Delegate::address_of(std::string_view login) const {
  return config_.address_of(login);
}

Pop3Login MaildirPop3Delegate::login(std::string_view user, std::string_view password) {
  Pop3Login out;
  const auto authenticated = config_.authenticate(user, password);
  if (!authenticated) {
    out.reason = "unknown user or wrong password";
    return out;
  }
  const std::string& address = *authenticated;

  const std::string key = config_.maildir_of(address).string();
  {
    std::lock_guard lock(locks_->mutex);
    if (!locks_->held.insert(key).second) {
      out.refusal = Pop3LoginRefusal::InUse;
      out.reason = address + " is held by another session";
      return out;
    }
  }
  // The lock is released when the maildrop (or this failed attempt) lets go of it.
  std::shared_ptr<void> lock(nullptr, [locks = locks_, key](void*) {
    std::lock_guard guard(locks->mutex);
    locks->held.erase(key);
  });
  MaildirMailbox mailbox(config_.maildir_of(address));
  std::error_code error;
  if (!mailbox.refresh(error)) {
    out.refusal = Pop3LoginRefusal::Unavailable;
    out.reason = error.message();
    return out;
  }
  out.maildrop = std::make_unique<MaildirMaildrop>(std::move(mailbox), std::move(lock));
  return out;
}

}  // namespace smtplab::agents
