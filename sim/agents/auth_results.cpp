// Authentication-Results (RFC 8601) entries from the SPF, DKIM and DMARC verdicts.
#include "sim/agents/auth_results.hpp"

#include <string_view>

namespace smtplab::agents {
namespace {

// A property value is a token, or a quoted-string when it holds specials (RFC 2045
// value, as RFC 8601 §2.2 says): "@" in an address needs quotes, a dotted domain not.
std::string property_value(std::string_view value) {
  bool token = !value.empty();
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f ||
        std::string_view("()<>,;:\\\"/[]?=").find(c) != std::string_view::npos) {
      token = false;
    }
  }
  // '@' is allowed unquoted for local-part@domain values (RFC 8601 §2.3 pvalue).
  if (token) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\r' || c == '\n') c = ' ';
    out += c;
  }
  return out + "\"";
}

std::string comment_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    if (c == '\r' || c == '\n') c = ' ';
    out += c;
  }
  return out;
}

}  // namespace

AuthMethodResult spf_auth_result(const SpfOutcome& outcome, const SpfRequest& request) {
  AuthMethodResult entry{"spf", to_string(outcome.result), {}, {}};
  if (outcome.result == SpfResult::TempError || outcome.result == SpfResult::PermError) {
    entry.comment = outcome.problem;
  }
  // RFC 8601 §2.7.2: the checked identity; the domain alone when MAIL FROM was used
  // (the local part says nothing about authorisation).
  if (request.mail_from.empty()) {
    entry.properties.emplace_back("smtp.helo", spf_identity_domain(request));
  } else {
    entry.properties.emplace_back("smtp.mailfrom", spf_identity_domain(request));
  }
  return entry;
}

AuthMethodResult dkim_auth_result(const DkimVerification& v) {
  AuthMethodResult entry{"dkim", to_string(v.result), {}, {}};
  if (v.result != DkimResult::Pass && v.result != DkimResult::None) entry.comment = v.reason;
  if (v.result != DkimResult::None) {
    if (!v.domain.empty()) entry.properties.emplace_back("header.d", v.domain);
    if (!v.selector.empty()) entry.properties.emplace_back("header.s", v.selector);
    if (!v.signature_prefix.empty()) entry.properties.emplace_back("header.b", v.signature_prefix);
  }
  return entry;
}

AuthMethodResult dmarc_auth_result(const DmarcOutcome& outcome) {
  AuthMethodResult entry{"dmarc", to_string(outcome.result), {}, {}};
  if (outcome.result == DmarcResult::Pass || outcome.result == DmarcResult::Fail) {
    entry.comment =
        std::string("p=") + to_string(outcome.policy) + " dis=" + to_string(outcome.disposition);
  } else if (!outcome.reason.empty() && outcome.result != DmarcResult::None) {
    entry.comment = outcome.reason;
  }
  if (!outcome.from_domain.empty())
    entry.properties.emplace_back("header.from", outcome.from_domain);
  return entry;
}

std::string authentication_results_field(const std::string& authserv_id,
                                         const std::vector<AuthMethodResult>& results) {
  std::string field = "Authentication-Results: " + authserv_id;
  if (results.empty()) return field + "; none\r\n";
  for (const auto& r : results) {
    field += ";\r\n\t" + r.method + "=" + r.result;
    if (!r.comment.empty()) field += " (" + comment_text(r.comment) + ")";
    for (const auto& [name, value] : r.properties)
      field += " " + name + "=" + property_value(value);
  }
  return field + "\r\n";
}

}  // namespace smtplab::agents
