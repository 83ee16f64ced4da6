// The compose panel's model (the lab's MUA in the window), without ImGui: the form a
// student fills in (headers, body, attachments, the envelope options the chapters teach,
// the route through the lab) and its translation into the envelope, the RFC 5322/MIME
// message and the submission route. Bcc recipients go into the envelope only, never into
// a header (RFC 5322 §3.6.3), which the panel points out.
#pragma once

#include <string>
#include <vector>

#include "gui/app/model/ui_text.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/protocol/client_session.hpp"

namespace smtplab::app {

/// What the student fills in.
struct ComposeForm {
  // Route.
  std::string from_node;                ///< the node whose address the session comes from
  std::string server;                   ///< the server node that receives the submission
  std::string listener = "submission";  ///< "smtp" (25), "submission" (587), "smtps" (465)
  bool use_auth = true;                 ///< AUTH with the user below (RFC 4954)
  std::string auth_user;
  std::string auth_password;
  bool starttls = true;  ///< STARTTLS when offered (RFC 3207)
  // Message.
  std::string from;                      ///< author and envelope sender ("Ali <ali@gsimaroc.com>")
  std::string to;                        ///< comma-separated
  std::string cc;                        ///< comma-separated
  std::string bcc;                       ///< comma-separated: envelope only
  std::string subject;                   ///< UTF-8 (RFC 2047 words when needed)
  std::string body;                      ///< UTF-8 text
  std::vector<std::string> attachments;  ///< file paths
  bool eight_bit = false;                ///< non-ASCII text as 8bit with BODY=8BITMIME (RFC 6152)
  // Delivery status notifications (RFC 3461).
  int ret = 0;  ///< 0: not asked, 1: RET=FULL, 2: RET=HDRS
  bool notify_success = false;
  bool notify_failure = false;
  bool notify_delay = false;
  bool notify_never = false;  ///< excludes the three others
};

/// A form turned into what the lab sends.
struct ComposedMessage {
  lab::LabRuntime::SubmitRoute route;
  protocol::OutgoingMessage message;
};

/// Why a form cannot be sent: a catalogue entry (a "%s" format) and its argument.
struct ComposeError {
  Text what = Text::Count;
  std::string argument;
};

/// A form prefilled from the topology: the first MUA, its configured server, listener and
/// user, From: at its domain, To: the first mailbox of the first MX.
ComposeForm default_compose_form(const lab::TopologySpec& topology);
/// The envelope, the message and the route; false with `error` set when a field is wrong.
bool compose_message(const ComposeForm& form, ComposedMessage& out, ComposeError& error);

}  // namespace smtplab::app
