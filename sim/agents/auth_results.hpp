// The Authentication-Results header field (RFC 8601): one field per receiving host with
// its verdicts for SPF, DKIM and DMARC and the identities they were about (smtp.mailfrom,
// header.d, header.from), so a reader of the delivered message sees what was checked.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/agents/dkim.hpp"
#include "sim/agents/dmarc.hpp"
#include "sim/agents/spf.hpp"

namespace smtplab::agents {

/// One "method=result (reason) ptype.property=value ..." entry (RFC 8601 §2.2).
struct AuthMethodResult {
  std::string method;   ///< "spf", "dkim", "dmarc"
  std::string result;   ///< "pass", "fail", ...
  std::string comment;  ///< shown in parentheses, empty for none
  std::vector<std::pair<std::string, std::string>> properties;  ///< {"smtp.mailfrom", "x"}
};

/// The SPF entry: spf=<result> smtp.mailfrom=<domain> (smtp.helo for the null sender).
AuthMethodResult spf_auth_result(const SpfOutcome& outcome, const SpfRequest& request);
/// The DKIM entry: dkim=<result> (reason) header.d= header.s= header.b= (RFC 6008).
AuthMethodResult dkim_auth_result(const DkimVerification& verification);
/// The DMARC entry: dmarc=<result> (p=<policy> dis=<disposition>) header.from=<domain>.
AuthMethodResult dmarc_auth_result(const DmarcOutcome& outcome);

/// The whole "Authentication-Results: <authserv-id>; m1; m2 ..." field, one method per
/// folded line, ending with CRLF; "; none" when `results` is empty (RFC 8601 §2.2).
std::string authentication_results_field(const std::string& authserv_id,
                                         const std::vector<AuthMethodResult>& results);

}  // namespace smtplab::agents
