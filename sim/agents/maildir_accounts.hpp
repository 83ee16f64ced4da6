// Who may read which Maildir: the users `smtplab serve` knows (--user NAME:PASSWORD) and the
// rule that turns a login into a mailbox address ("ali" -> "ali@<first domain>", a full
// address as is). POP3 and IMAP share it, so both accept exactly the same logins.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace smtplab::agents {

struct MaildirAccounts {
  std::filesystem::path maildir_root;        ///< root/<address> is a mailbox
  std::string default_domain = "localhost";  ///< appended to a login without '@'
  std::map<std::string, std::string> users;  ///< name (local part or address) -> password

  /// The mailbox address a login names ("ali" -> "ali@<default domain>").
  std::string address_of(std::string_view login) const;
  /// The address whose mailbox these credentials open, nullopt when they are wrong.
  std::optional<std::string> authenticate(std::string_view login, std::string_view password) const;
  /// The Maildir of an address (root/<address>, as delivery writes it).
  std::filesystem::path maildir_of(std::string_view address) const;
};

}  // namespace smtplab::agents
