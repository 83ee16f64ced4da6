// RFC 3464 bounce messages.
#include "sim/agents/dsn.hpp"

#include "sim/message/builder.hpp"
#include "sim/message/header.hpp"

namespace smtplab::agents {

std::string build_dsn(const DsnSpec& spec) {
  const std::string boundary = "=_smtplab_report_" + std::to_string(spec.recipients.size()) + "_" +
                               std::to_string(spec.original.size());
  std::string out;
  out += "From: Mail Delivery System <MAILER-DAEMON@" + spec.reporting_mta + ">\r\n";
  out += "To: <" + spec.sender + ">\r\n";
  out += message::format_unstructured_field(
      "Subject", "Non remis / Undelivered Mail Returned to Sender");
  out += "Date: " + spec.date + "\r\n";
  out += "Auto-Submitted: auto-replied\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\"\r\n";
  out += "\r\n";
  out += "This is a MIME-encapsulated delivery status notification.\r\n";

  // Part 1: for people (RFC 3464 §2.1), in both languages of the lab, 7-bit French.
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  std::string human;
  human += "Ceci est le serveur " + spec.reporting_mta + ".\n";
  human += "Votre message n'a pas pu être remis aux destinataires suivants :\n\n";
  for (const auto& r : spec.recipients) human += "  <" + r.address + "> : " + r.diagnostic + "\n";
  human += "\nThis is the mail server " + spec.reporting_mta + ".\n";
  human += "Your message could not be delivered to the following recipients:\n\n";
  for (const auto& r : spec.recipients) human += "  <" + r.address + ">: " + r.diagnostic + "\n";
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
    out += "Action: failed\r\n";
    out += "Status: " + (r.status.empty() ? std::string("5.0.0") : r.status) + "\r\n";
    if (!r.remote_mta.empty()) out += "Remote-MTA: dns; " + r.remote_mta + "\r\n";
    out += "Diagnostic-Code: smtp; " + r.diagnostic + "\r\n";
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
