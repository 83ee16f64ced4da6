// What an IMAP server machine offers and enforces: its name, whether TLS and cleartext
// logins are possible, and its limits. Defaults are on the same line as each option.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace smtplab::protocol::imap {

struct ImapConfig {
  std::string hostname = "mail.example";  ///< name in the greeting and the BYE texts
  bool starttls = false;  ///< RFC 3501 §6.2.1; set by the transport when it has a TLS context
  bool login_over_cleartext = false;  ///< LOGIN/AUTHENTICATE before TLS (a lesson: off by default)
  bool reveal_secrets = false;        ///< LOGIN/AUTHENTICATE lines unmasked in events
  char hierarchy_delimiter = '/';     ///< between levels of mailbox names
  /// How often the store is asked for news during IDLE (the transport's poll() timer).
  std::chrono::milliseconds idle_poll_interval{1000};

  // Limits (RFC 3501 §4 sets none; RFC 7162 §4 recommends 8192 octets per line).
  std::size_t max_line = 8192;            ///< octets of one command line, CRLF excluded
  std::uint64_t max_literal = 64 * 1024;  ///< octets of one client literal (APPEND's excepted)
  std::uint64_t max_message = 10 * 1024 * 1024;  ///< octets of the message literal of APPEND
  std::uint64_t max_command = 256 * 1024;        ///< octets of a whole command, literals included
  std::size_t max_nesting = 16;                  ///< depth of parenthesised lists (SEARCH, FETCH)
  std::size_t max_arguments = 1000;              ///< arguments in one command (SEARCH keys, flags)
  std::size_t max_failed_logins = 3;             ///< failed LOGIN/AUTHENTICATE before BYE and close
  std::size_t max_errors = 20;                   ///< BAD responses before BYE and close
};

}  // namespace smtplab::protocol::imap
