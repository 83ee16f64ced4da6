// What the POP3 server machine offers and enforces. Defaults are on the same line as each
// option.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace smtplab::protocol::pop3 {

struct Pop3ServerConfig {
  std::string hostname = "mail.example";  ///< name in the greeting and the goodbye
  bool stls = false;                      ///< RFC 2595 STLS; set by the transport when it has TLS
  bool cleartext_login = false;           ///< USER/PASS and AUTH PLAIN before TLS (a lesson: off)
  bool reveal_secrets = false;            ///< PASS and AUTH lines unmasked in events
  std::size_t max_command_line = 255;     ///< octets, CRLF included (RFC 2449 §4)
  std::size_t max_auth_line = 2048;       ///< AUTH lines and SASL responses (RFC 5034 §4)
  std::size_t max_errors = 20;            ///< protocol errors before -ERR and close
  std::size_t max_failed_logins = 3;      ///< failed logins before -ERR [AUTH] and close
  std::chrono::milliseconds failed_login_delay{1000};  ///< wait before each failure's -ERR
};

}  // namespace smtplab::protocol::pop3
