// Sender Policy Framework (RFC 7208): check_host(ip, domain, sender) over the simulated
// resolver, with every mechanism (all, include, a, mx, ptr, ip4, ip6, exists), the
// redirect= modifier, qualifiers, the 10 DNS-lookup and 2 void-lookup limits, and macro
// expansion. Besides the result it says why: which term of which record decided, and a
// trace of each step, so the lab can explain a "fail". Also formats Received-SPF (§9.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/agents/resolver.hpp"

namespace smtplab::agents {

/// The seven results of check_host() (RFC 7208 §2.6).
enum class SpfResult {
  None,       ///< no SPF record (or no usable domain): no assertion made
  Neutral,    ///< the domain says nothing about this address ("?all", or nothing matched)
  Pass,       ///< the address is authorised
  Fail,       ///< the address is not authorised ("-all")
  SoftFail,   ///< probably not authorised ("~all"): accept but mark
  TempError,  ///< a transient DNS failure (SERVFAIL): try later
  PermError,  ///< the published record is broken (syntax, limits): needs a human
};

/// "none", "neutral", "pass", "fail", "softfail", "temperror", "permerror".
const char* to_string(SpfResult result);

/// What check_host() found, and why.
struct SpfOutcome {
  SpfResult result = SpfResult::None;
  std::string domain;              ///< the domain checked first (the identity's domain)
  std::string decided_by;          ///< the term that decided, with qualifier ("ip4:127.0.1.0/24",
                                   ///< "-all", "include:x > ip4:…"), empty when nothing matched
  std::string decided_in;          ///< the domain whose record held that term
  std::string explanation;         ///< one sentence for the lab's "why"
  std::string problem;             ///< for temperror/permerror: what went wrong
  int dns_lookups = 0;             ///< terms that cost a DNS lookup (limit 10, RFC 7208 §4.6.4)
  int void_lookups = 0;            ///< lookups that found nothing (limit 2)
  std::vector<std::string> trace;  ///< every step, in order ("gsimaroc.com: ip4:… matched")
};

/// The identity checked at MAIL FROM (RFC 7208 §2.4) and the data of Received-SPF.
struct SpfRequest {
  std::string client_ip;  ///< the connecting address ("127.0.1.30")
  std::string mail_from;  ///< the reverse-path without brackets; empty for the null path
  std::string helo;       ///< the HELO/EHLO argument
  std::string receiver;   ///< our host name, for Received-SPF
};

/// The values macros expand to (RFC 7208 §7.2).
struct SpfMacroContext {
  std::string sender;  ///< %{s}: "ali.belabbas@gsimaroc.com"
  std::string domain;  ///< %{d}: the current domain
  std::string ip;      ///< %{i}: the client address as text
  std::string helo;    ///< %{h}
};

/// Expands the macros of `text` (a domain-spec): %{s} %{l} %{o} %{d} %{i} %{v} %{h} %{p},
/// with digit and "r" transformers and delimiters, %% %_ %-. nullopt and `error` set on a
/// syntax error or a letter only allowed in exp= (c, r, t). %{p} expands to "unknown"
/// (the lab does not validate PTR names for macros; RFC 7208 §7.3 discourages it).
std::optional<std::string> expand_spf_macros(std::string_view text, const SpfMacroContext& ctx,
                                             std::string& error);

/// Evaluates SPF over a resolver. Cheap to create; const and thread-safe if the resolver is.
class SpfChecker {
 public:
  explicit SpfChecker(const Resolver& resolver) : resolver_(resolver) {}

  /// RFC 7208 §4: is `ip` allowed to send for `domain`? `sender` is the full identity
  /// ("local@domain", or "postmaster@helo" when MAIL FROM is empty); `helo` feeds %{h}
  /// (defaults to the sender's domain).
  SpfOutcome check_host(std::string_view ip, std::string_view domain, std::string_view sender,
                        std::string_view helo = {}) const;
  /// The MAIL FROM check (RFC 7208 §2.4): the reverse-path's domain, or the HELO name's
  /// with local part "postmaster" for the null reverse-path.
  SpfOutcome check_mail_from(const SpfRequest& request) const;

 private:
  const Resolver& resolver_;
};

/// The whole "Received-SPF: result (comment) key=value; ..." field (RFC 7208 §9.1),
/// folded, ending with CRLF, ready to prepend.
std::string received_spf_field(const SpfOutcome& outcome, const SpfRequest& request);

/// The domain SPF checks for `request`: after the '@' of mail_from, else the HELO name.
std::string spf_identity_domain(const SpfRequest& request);

}  // namespace smtplab::agents
