// RFC 3464 notices: bounces, delay warnings and delivery receipts.
#include "sim/agents/dsn.hpp"

#include "sim/message/builder.hpp"
#include "sim/message/header.hpp"

namespace smtplab::agents {
namespace {

/// The subject and the people's part of a notice, by action, in both languages.
struct NoticeWording {
  const char* subject;
  const char* fr;
  const char* en;
  const char* default_status;  // RFC 3463 class: 5 failed, 4 still trying, 2 success
};

NoticeWording wording(DsnAction action) {
  switch (action) {
    case DsnAction::Delayed:
      return {"Retard de remise / Delivery delayed",
              "Votre message n'a pas encore pu être remis aux destinataires suivants ; le serveur "
              "réessaie :",
              "Your message could not be delivered yet to the following recipients; the server "
              "keeps trying:",
              "4.4.7"};
    case DsnAction::Delivered:
      return {"Remis / Delivery receipt", "Votre message a été remis aux destinataires suivants :",
              "Your message was delivered to the following recipients:", "2.0.0"};
    case DsnAction::Relayed:
      return {
          "Relayé / Relayed, no further notice",
          "Votre message a été transmis à un serveur qui ne sait pas envoyer d'accusé de remise ; "
          "aucun autre avis ne suivra pour :",
          "Your message was passed to a server that cannot send delivery receipts; no further "
          "notice "
          "will follow for:",
          "2.0.0"};
    case DsnAction::Failed:
      break;
  }
  return {"Non remis / Undelivered Mail Returned to Sender",
          "Votre message n'a pas pu être remis aux destinataires suivants :",
          "Your message could not be delivered to the following recipients:", "5.0.0"};
}

}  // namespace

const char* dsn_action_name(DsnAction action) {
  switch (action) {
    case DsnAction::Delayed:
      return "delayed";
    case DsnAction::Delivered:
      return "delivered";
    case DsnAction::Relayed:
      return "relayed";
    case DsnAction::Failed:
      break;
  }
  return "failed";
}

std::string build_dsn(const DsnSpec& spec) {
  const NoticeWording words = wording(spec.action);
  const std::string boundary = "=_smtplab_report_" + std::to_string(spec.recipients.size()) + "_" +
                               std::to_string(spec.original.size());
  std::string out;
  out += "From: Mail Delivery System <MAILER-DAEMON@" + spec.reporting_mta + ">\r\n";
  out += "To: <" + spec.sender + ">\r\n";
  out += message::format_unstructured_field("Subject", words.subject);
  out += "Date: " + spec.date + "\r\n";
  out += "Auto-Submitted: auto-replied\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"" +
         boundary + "\"\r\n";
  out += "\r\n";
  out += "This is a MIME-encapsulated delivery status notification.\r\n";

  // Part 1: for people (RFC 3464 §2.1), in both languages of the lab, 7-bit French.
  out += "--" + boundary + "\r\n";
  out +=
      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
      "quoted-printable\r\n\r\n";
  std::string human;
  human += "Ceci est le serveur " + spec.reporting_mta + ".\n";
  human += std::string(words.fr) + "\n\n";
  for (const auto& r : spec.recipients) {
    human += "  <" + r.address + ">" + (r.diagnostic.empty() ? "" : " : " + r.diagnostic) + "\n";
  }
  human += "\nThis is the mail server " + spec.reporting_mta + ".\n";
  human += std::string(words.en) + "\n\n";
  for (const auto& r : spec.recipients) {
    human += "  <" + r.address + ">" + (r.diagnostic.empty() ? "" : ": " + r.diagnostic) + "\n";
  }
  message::MessageBuilder text;  // only for its quoted-printable text encoding
  const std::string built = text.text(human).build();
  out += built.substr(built.find("\r\n\r\n") + 4);

  // Part 2: for programs (RFC 3464 §2.2-2.3).
  out += "--" + boundary + "\r\n";
  out += "Content-Type: message/delivery-status\r\n\r\n";
  out += "Reporting-MTA: dns; " + spec.reporting_mta + "\r\n";
  if (!spec.arrival_date.empty()) out += "Arrival-Date: " + spec.arrival_date + "\r\n";
  for (const auto& r : spec.recipients) {
    out += "\r\n";
    out += "Final-Recipient: rfc822; " + r.address + "\r\n";
    out += std::string("Action: ") + dsn_action_name(spec.action) + "\r\n";
    out += "Status: " + (r.status.empty() ? std::string(words.default_status) : r.status) + "\r\n";
    if (!r.remote_mta.empty()) out += "Remote-MTA: dns; " + r.remote_mta + "\r\n";
    if (!r.diagnostic.empty()) out += "Diagnostic-Code: smtp; " + r.diagnostic + "\r\n";
    // RFC 3464 §2.3.9: a delay warning says until when the queue keeps trying.
    if (spec.action == DsnAction::Delayed && !spec.retry_until.empty()) {
      out += "Will-Retry-Until: " + spec.retry_until + "\r\n";
    }
  }

  // Part 3: the original header (RFC 3462 text/rfc822-headers).
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/rfc822-headers\r\n\r\n";
  const auto header = message::parse_header_block(spec.original);
  out += spec.original.substr(0, header.body_offset);
  if (!out.ends_with("\r\n")) out += "\r\n";
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace smtplab::agents
