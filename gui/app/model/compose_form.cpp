// The compose panel's model (see compose_form.hpp).
#include "gui/app/model/compose_form.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/message/address.hpp"
#include "sim/message/builder.hpp"

namespace smtplab::app {
namespace {

const lab::NodeSpec* first_of(const lab::TopologySpec& topology, lab::NodeKind kind) {
  for (const auto& node : topology.nodes) {
    if (node.kind == kind) return &node;
  }
  return nullptr;
}

// Every address of a comma-separated field; false when an entry is not an address.
bool addresses(const std::string& field, std::vector<message::Address>& out, ComposeError& error) {
  if (field.find_first_not_of(" \t,") == std::string::npos) return true;
  const auto list = message::parse_address_list(field);
  if (!list.notes.empty()) {
    error = {Text::ComposeBadAddress, field};
    return false;
  }
  for (const auto& a : list.addresses) {
    if (a.local_part.empty() || a.domain.empty()) {
      error = {Text::ComposeBadAddress, a.local_part.empty() ? field : a.local_part};
      return false;
    }
    out.push_back(a);
  }
  return true;
}

}  // namespace

ComposeForm default_compose_form(const lab::TopologySpec& topology) {
  ComposeForm form;
  const lab::NodeSpec* mua = first_of(topology, lab::NodeKind::Mua);
  const lab::NodeSpec* mx = first_of(topology, lab::NodeKind::Mx);
  if (mua) {
    form.from_node = mua->id;
    form.server = mua->submit.server;
    form.listener = mua->submit.port;
    form.use_auth = !mua->submit.user.empty();
    form.auth_user = mua->submit.user;
    form.auth_password = mua->submit.password;
    form.starttls = mua->submit.starttls;
    const lab::NodeSpec* msa = topology.find_node(mua->submit.server);
    // The user's mail domain: the MSA's, else the lab's DNS zone the MUA's host is in
    // (pc-benharraf.gsimaroc.com -> gsimaroc.com), else the host name itself.
    std::string zone;
    for (const auto& z : topology.dns) {
      if (mua->hostname.ends_with("." + z.name) && z.name.size() > zone.size()) zone = z.name;
    }
    const std::string domain = msa && !msa->rewrite.masquerade_domain.empty()
                                   ? msa->rewrite.masquerade_domain
                               : msa && !msa->domains.empty() ? msa->domains.front()
                               : !zone.empty()                ? zone
                                                              : mua->hostname;
    const std::string user = mua->submit.user.empty() ? "student" : mua->submit.user;
    form.from = user.find('@') == std::string::npos ? user + "@" + domain : user;
  }
  if (mx && !mx->domains.empty() && !mx->mailboxes.empty()) {
    form.to = mx->mailboxes.front() + "@" + mx->domains.front();
  }
  return form;
}

bool compose_message(const ComposeForm& form, ComposedMessage& out, ComposeError& error) {
  std::vector<message::Address> from, to, cc, bcc;
  if (!addresses(form.from, from, error)) return false;
  if (from.size() != 1) {
    error = {Text::ComposeNeedFrom, form.from};
    return false;
  }
  if (!addresses(form.to, to, error) || !addresses(form.cc, cc, error) ||
      !addresses(form.bcc, bcc, error)) {
    return false;
  }
  if (to.empty() && cc.empty() && bcc.empty()) {
    error = {Text::ComposeNeedRecipient, ""};
    return false;
  }
  message::MessageBuilder builder;
  builder.from(from.front());
  for (const auto& a : to) builder.to(a);
  for (const auto& a : cc) builder.cc(a);
  builder.subject(form.subject);
  builder.text(form.body);
  builder.eight_bit_text(form.eight_bit);
  for (const auto& path : form.attachments) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      error = {Text::ComposeCannotRead, path};
      return false;
    }
    std::ostringstream data;
    data << in.rdbuf();
    builder.attach(
        {std::filesystem::path(path).filename().string(), "application/octet-stream", data.str()});
  }
  out.message = protocol::OutgoingMessage{};
  out.message.reverse_path = from.front().addr_spec();
  // The envelope holds every recipient; the header shows To and Cc, never Bcc.
  for (const auto* list : {&to, &cc, &bcc}) {
    for (const auto& a : *list) out.message.recipients.push_back(a.addr_spec());
  }
  out.message.content = builder.build();
  if (form.ret == 1) out.message.mail_parameters.push_back("RET=FULL");
  if (form.ret == 2) out.message.mail_parameters.push_back("RET=HDRS");
  std::string notify;
  if (form.notify_never) {
    notify = "NEVER";
  } else {
    for (const auto& [on, word] :
         {std::pair{form.notify_success, "SUCCESS"}, std::pair{form.notify_failure, "FAILURE"},
          std::pair{form.notify_delay, "DELAY"}}) {
      if (on) notify += (notify.empty() ? "" : ",") + std::string(word);
    }
  }
  if (!notify.empty()) out.message.rcpt_parameters.push_back("NOTIFY=" + notify);
  out.route = lab::LabRuntime::SubmitRoute{};
  out.route.from_node = form.from_node;
  out.route.server = form.server;
  out.route.listener = form.listener;
  if (form.use_auth) {
    out.route.auth_user = form.auth_user;
    out.route.auth_password = form.auth_password;
  }
  out.route.starttls = form.starttls;
  return true;
}

}  // namespace smtplab::app
