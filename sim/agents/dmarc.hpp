// DMARC (RFC 7489): finds the policy of the From domain (at _dmarc.<domain>, else at the
// organisational domain), checks that SPF or DKIM passed for a domain aligned with From
// (relaxed: same organisational domain; strict: the same name), and says which policy
// applies. The organisational domain is simplified to the last two labels: the lab's
// domains are all of that shape and it avoids shipping the Public Suffix List.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/agents/dkim.hpp"
#include "sim/agents/resolver.hpp"
#include "sim/agents/spf.hpp"

namespace smtplab::agents {

/// What the domain owner asks receivers to do with failing mail (RFC 7489 §6.3 p=).
enum class DmarcPolicy {
  None,        ///< monitor only: deliver as usual
  Quarantine,  ///< treat as suspicious (spam folder)
  Reject,      ///< refuse during the SMTP transaction (550 5.7.1)
};

/// "none", "quarantine", "reject".
const char* to_string(DmarcPolicy policy);

/// The DMARC result as Authentication-Results names it (RFC 7489 §11.2).
enum class DmarcResult {
  None,       ///< no DMARC record for the From domain or its organisational domain
  Pass,       ///< SPF or DKIM passed for an aligned domain
  Fail,       ///< neither passed with alignment: the policy applies
  TempError,  ///< the record could not be fetched (SERVFAIL)
  PermError,  ///< the From field is unusable (missing, several domains)
};

/// "none", "pass", "fail", "temperror", "permerror".
const char* to_string(DmarcResult result);

/// A parsed "v=DMARC1; ..." record.
struct DmarcRecord {
  DmarcPolicy policy = DmarcPolicy::None;       ///< p=
  std::optional<DmarcPolicy> subdomain_policy;  ///< sp= (default: p=)
  bool strict_dkim = false;                     ///< adkim=s (default r)
  bool strict_spf = false;                      ///< aspf=s (default r)
  int percent = 100;                            ///< pct= (0..100)
};

/// Parses a DMARC record (RFC 7489 §6.3); nullopt and `error` set when it is not one
/// (v=DMARC1 must come first) or a known tag has a bad value.
std::optional<DmarcRecord> parse_dmarc_record(std::string_view text, std::string& error);

/// The last two labels of `domain` ("mail.gsimaroc.com" -> "gsimaroc.com"), lower case.
std::string organizational_domain(std::string_view domain);

/// RFC 7489 §3.1: are these domains aligned? Strict: equal; relaxed: same
/// organisational domain. Case-insensitive.
bool dmarc_aligned(std::string_view from_domain, std::string_view other, bool strict);

/// The domain of the (single) author in From (RFC 7489 §6.6.1); empty with `error` set
/// when there is no From, no domain, or several different domains.
std::string dmarc_from_domain(std::string_view message, std::string& error);

/// What a receiver knows when it applies DMARC.
struct DmarcInput {
  std::string from_domain;             ///< RFC5322.From domain
  SpfResult spf = SpfResult::None;     ///< the SPF result of the MAIL FROM identity
  std::string spf_domain;              ///< the MAIL FROM domain SPF checked
  std::vector<DkimVerification> dkim;  ///< every DKIM verdict (pass ones count)
};

/// The DMARC evaluation, with its reason.
struct DmarcOutcome {
  DmarcResult result = DmarcResult::None;
  DmarcPolicy policy = DmarcPolicy::None;       ///< the record's policy for this domain
  DmarcPolicy disposition = DmarcPolicy::None;  ///< what to do now: policy when Fail, else none
  std::string from_domain;                      ///< header.from
  std::string record_domain;                    ///< where the record was found ("_dmarc.x")
  bool spf_aligned = false;                     ///< SPF passed for an aligned domain
  bool dkim_aligned = false;                    ///< DKIM passed for an aligned d=
  std::string reason;                           ///< one sentence for the lab's "why"
  std::vector<std::string> notes;               ///< pct= ignored, record found at the org domain
};

/// Applies DMARC (RFC 7489 §6.6) with the records published through `resolver`.
DmarcOutcome evaluate_dmarc(const DmarcInput& input, const Resolver& resolver);

}  // namespace smtplab::agents
