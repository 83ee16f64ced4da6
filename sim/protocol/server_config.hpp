// What a server machine offers and enforces: its name and texts, the extensions it
// advertises, its limits and its policies. Defaults are on the same line as each option.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/protocol/reply_catalogue.hpp"

namespace smtplab::protocol {

/// What to do with a bare LF or bare CR inside DATA (SMTP smuggling, 2023).
enum class BareLineEndingPolicy {
  Reject,     ///< read to the real CRLF.CRLF, then refuse the message with 554 5.5.2
  Normalize,  ///< store the line as if it had ended with CRLF (Postfix's "normalize")
};

/// What to do with 8-bit octets in a message sent without BODY=8BITMIME.
enum class EightBitPolicy {
  Accept,  ///< take it as most servers do, and record a note
  Reject,  ///< 554 5.6.1
};

/// How VRFY answers. There is no "502, turned off": a site that disables VRFY for security
/// MUST answer 252 (RFC 5321 §7.3), and VRFY is part of the minimum every server
/// implements (§4.5.1), so 502 ("not implemented") would be wrong.
enum class VrfyPolicy {
  CannotVerify,  ///< 252 for every name: VRFY disabled against address harvesting
  Enabled,       ///< 250/251/550/553 from the delegate's answer
};

struct ServerConfig {
  std::string hostname = "mail.example";  ///< name in the greeting, EHLO and Received
  std::string greeting;  ///< full 220 text; empty = "<hostname> ESMTP SMTP Lab ready"
  std::map<ReplyId, std::string> texts;  ///< per-reply text overrides (a node's personality)

  // Extensions advertised in EHLO (RFC 5321 §4.1.1.1 and each extension's RFC).
  bool pipelining = true;             ///< RFC 2920
  bool eight_bit_mime = true;         ///< RFC 6152
  bool enhanced_status_codes = true;  ///< RFC 2034 / 3463
  bool smtputf8 = true;               ///< RFC 6531
  bool chunking = true;               ///< RFC 3030 BDAT
  bool dsn = true;                    ///< RFC 3461 (parameters accepted; bounces are the MTA's)
  bool help = true;                   ///< HELP command and the HELP keyword
  bool starttls = false;              ///< RFC 3207; set by the transport when it has a TLS context
  bool auth = false;                  ///< RFC 4954; offered when users exist
  bool auth_over_cleartext = false;   ///< offer AUTH before TLS (a lesson: off by default)
  bool auth_required = false;         ///< MAIL needs a successful AUTH first (submission, 530)

  // Limits (RFC 5321 §4.5.3.1).
  std::uint64_t max_message_size = 10 * 1024 * 1024;  ///< SIZE; 0 = no limit
  std::size_t max_recipients = 100;                   ///< RCPT per transaction (>= 100 per RFC)
  std::size_t max_command_line = 512;                 ///< octets, CRLF included
  std::size_t max_text_line = 1000;                   ///< octets, CRLF included
  std::size_t max_errors = 20;                        ///< errors before 421 and close

  // Policies.
  BareLineEndingPolicy bare_line_ending = BareLineEndingPolicy::Reject;  ///< see README
  bool reject_nul = true;                             ///< NUL in DATA -> 554 5.6.0
  EightBitPolicy eight_bit = EightBitPolicy::Accept;  ///< 8-bit without BODY=8BITMIME
  VrfyPolicy vrfy = VrfyPolicy::CannotVerify;         ///< VRFY answers
  bool expn = false;                                  ///< EXPN answers (else 252, RFC 5321 §7.3)
  bool reveal_secrets = false;                        ///< AUTH lines unmasked in events
  bool allow_unqualified_sender = false;  ///< MAIL FROM:<dupont> accepted (the MTA qualifies it)
};

}  // namespace smtplab::protocol
