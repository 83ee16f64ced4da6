// Hand-session commands for a running lab (see hand_session_hint.hpp).
#include "gui/cli/hand_session_hint.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace smtplab::cli {
namespace {

struct Target {
  const lab::NodeSpec* node = nullptr;
  std::uint16_t port = 0;
};

// The first node with `listener`, preferring a final destination (it has mailboxes), which
// is what a first hand session talks to.
Target pick(const lab::LabRuntime& lab, const char* listener, bool prefer_mailboxes) {
  Target found;
  for (const auto& node : lab.topology().nodes) {
    const auto port = lab.port(node.id, listener);
    if (port == 0) continue;
    if (!found.node) found = {&node, port};
    if (!prefer_mailboxes || !node.mailboxes.empty() || !node.domains.empty()) {
      return {&node, port};
    }
  }
  return found;
}

std::string endpoint(const Target& t, const char* separator) {
  return t.node->address + separator + std::to_string(t.port);
}

}  // namespace

std::string hand_session_hint(const lab::LabRuntime& lab, const std::string& lang) {
  const bool fr = lang == "fr";
  std::string text;
  const Target smtp = pick(lab, "smtp", true);
  const Target submission = pick(lab, "submission", false);
  const Target smtps = pick(lab, "smtps", false);
  if (!smtp.node && !submission.node && !smtps.node) return text;
  text += fr ? "Pour taper SMTP \u00e0 la main (les lignes doivent finir par CRLF) :\n"
             : "To type SMTP by hand (lines must end in CRLF):\n";
  if (smtp.node) {
    // nc sends bare LF without -C: the server would never see the end of DATA.
    text += "  nc -C " + endpoint(smtp, " ") + "\n";
    text += "  telnet " + endpoint(smtp, " ") + "\n";
  }
  // STARTTLS on the submission port when there is one (that is where AUTH is taught).
  const Target starttls = submission.node ? submission : smtp;
  if (starttls.node && starttls.node->tls) {
    text += "  openssl s_client -starttls smtp -crlf -quiet -connect " + endpoint(starttls, ":") +
            (fr ? "   (STARTTLS)\n" : "   (STARTTLS)\n");
  }
  if (smtps.node) {
    text += "  openssl s_client -crlf -quiet -connect " + endpoint(smtps, ":") +
            (fr ? "   (TLS implicite)\n" : "   (implicit TLS)\n");
  }
  if (smtp.node && smtp.port == 2525) {
    const char* asked = std::getenv("SMTPLAB_UNPRIVILEGED_PORTS");
    if (asked && std::string(asked) == "1") {
      text += fr ? "Ports 2525/5587/4465 : demand\u00e9s par SMTPLAB_UNPRIVILEGED_PORTS=1.\n"
                 : "Ports 2525/5587/4465: asked for by SMTPLAB_UNPRIVILEGED_PORTS=1.\n";
    } else {
      text += fr ? "Ports 2525/5587/4465 : ce compte ne peut pas ouvrir 25/587/465 (root ou la "
                   "capacit\u00e9 CAP_NET_BIND_SERVICE le peut).\n"
                 : "Ports 2525/5587/4465: this account may not bind 25/587/465 (root or the "
                   "CAP_NET_BIND_SERVICE capability may).\n";
    }
  }
  return text;
}

}  // namespace smtplab::cli
