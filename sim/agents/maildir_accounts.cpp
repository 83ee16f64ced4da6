// Logins of the Maildir readers (POP3, IMAP).
#include "sim/agents/maildir_accounts.hpp"

#include <vector>

#include "sim/agents/maildir.hpp"

namespace smtplab::agents {

std::string MaildirAccounts::address_of(std::string_view login) const {
  if (login.find('@') != std::string_view::npos) return std::string(login);
  return std::string(login) + "@" + default_domain;
}

std::optional<std::string> MaildirAccounts::authenticate(std::string_view login,
                                                         std::string_view password) const {
  const std::string address = address_of(login);
  // The password may be configured under the name as typed, the full address, or the
  // local part when the address is in the default domain.
  std::vector<std::string> names{std::string(login), address};
  const auto at = address.rfind('@');
  if (address.substr(at + 1) == default_domain) names.push_back(address.substr(0, at));
  for (const auto& name : names) {
    const auto it = users.find(name);
    if (it != users.end() && it->second == password) return address;
  }
  return std::nullopt;
}

std::filesystem::path MaildirAccounts::maildir_of(std::string_view address) const {
  return MaildirStore(maildir_root).mailbox_path(address);
}

}  // namespace smtplab::agents
