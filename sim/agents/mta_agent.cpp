// A lab mail server: relay control, rewriting, trace fields, local delivery, queueing,
// routing and bounces.
//
// [SECTIONS] construction · RCPT checks · AUTH/VRFY/EXPN · accepting a message ·
// local delivery · routing and attempts · bounces · helpers
#include "sim/agents/mta_agent.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <fstream>
#include <functional>
#include <sstream>
#include <system_error>

#include "sim/agents/auth_results.hpp"
#include "sim/agents/dmarc.hpp"
#include "sim/agents/dsn.hpp"
#include "sim/agents/spf.hpp"
#include "sim/agents/srs.hpp"
#include "sim/agents/storage_refusal.hpp"
#include "sim/message/address.hpp"
#include "sim/message/ascii.hpp"
#include "sim/message/date.hpp"
#include "sim/message/header.hpp"
#include "sim/message/trace.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::agents {
namespace {

/// A policy decision with up to two of its optional details (`&PolicyPayload::client`...).
PolicyPayload decision(std::string policy, std::string result,
                       std::optional<std::string> PolicyPayload::*detail = nullptr,
                       std::string value = {},
                       std::optional<std::string> PolicyPayload::*second = nullptr,
                       std::string second_value = {}) {
  PolicyPayload p;
  p.policy = std::move(policy);
  p.result = std::move(result);
  if (detail) p.*detail = std::move(value);
  if (second) p.*second = std::move(second_value);
  return p;
}

using protocol::SmtpError;

/// RCPT parameters as one line ("NOTIFY=SUCCESS ORCPT=rfc822;a@b"), to queue and pass on.
std::string rcpt_parameters_text(const std::vector<protocol::PathParameter>& parameters) {
  std::string out;
  for (const auto& p : parameters) {
    out += (out.empty() ? "" : " ") + p.keyword + (p.value ? "=" + *p.value : "");
  }
  return out;
}

/// True when the RCPT parameters carry NOTIFY with SUCCESS (RFC 3461 §4.1).
bool asks_for_success(const std::string& parameters) {
  std::istringstream words(parameters);
  for (std::string word; words >> word;) {
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (word.starts_with("NOTIFY=") && word.find("SUCCESS") != std::string::npos) return true;
  }
  return false;
}

std::pair<std::string, std::string> split_address(const std::string& address) {
  const auto at = address.rfind('@');
  if (at == std::string::npos) return {address, ""};
  return {address.substr(0, at), address.substr(at + 1)};
}

/// The RFC 5322 date `later` seconds from now.
std::string rfc5322_after(std::int64_t later) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  return message::format_date(message::DateTime::from_unix(seconds + later));
}

std::string now_rfc5322() {
  return rfc5322_after(0);
}

// "550 5.1.1 text" for logs, DSNs and the queue view.
std::string reply_line(const protocol::Reply& reply) {
  std::string out = std::to_string(reply.code);
  if (!reply.enhanced.empty()) out += " " + reply.enhanced;
  if (!reply.lines.empty()) out += " " + reply.lines.front();
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// [SECTION] construction

MtaAgent::MtaAgent(NodeSpec node, std::filesystem::path mail_root, std::filesystem::path spool,
                   Resolver& resolver, std::function<double()> clock, AgentEventSink sink)
    : node_(std::move(node)),
      store_(std::move(mail_root)),
      queue_(std::move(spool)),
      resolver_(resolver),
      clock_(std::move(clock)),
      sink_(std::move(sink)) {
  if (node_.hostname.empty()) node_.hostname = node_.id;
  const auto& c = node_.client_checks;
  checks_ = {c.dnsbl, c.reverse_dns, c.helo_resolvable, c.helo_match, c.exempt};
  // The relay policy of the spec, as the main.cf an administrator would read.
  if (node_.relay.open) {
    config_.relay_restrictions = {"permit"};
  } else {
    config_.relay_restrictions = {"permit_mynetworks"};
    if (node_.relay.authenticated)
      config_.relay_restrictions.push_back("permit_sasl_authenticated");
    config_.relay_restrictions.push_back("reject_unauth_destination");
  }
  config_.mynetworks = node_.relay.networks;
  config_.srs_domain = node_.srs.domain;
  const auto& auth = node_.mail_auth;
  if (auth.dkim_sign && !auth.dkim_domain.empty()) {
    // A fresh key per run, published where verifiers look for it (RFC 6376 §3.6.2.1).
    dkim_key_ = DkimKey::generate(2048);
    if (dkim_key_)
      resolver_.add_txt(auth.dkim_selector + "._domainkey." + auth.dkim_domain,
                        dkim_key_->dns_record());
  }
}

bool MtaAgent::is_local_domain(std::string_view domain) const {
  for (const auto& d : node_.domains) {
    if (protocol::iequals(d, domain)) return true;
  }
  return false;
}

MtaAgent::LocalKind MtaAgent::local_kind(const protocol::Mailbox& mailbox) const {
  const std::string& local = mailbox.local_part;
  if (mailbox.domain.empty() || protocol::iequals(local, "postmaster"))
    return LocalKind::Postmaster;
  if (node_.aliases.count(local)) return LocalKind::Alias;
  if (node_.lists.count(local)) return LocalKind::List;
  if (node_.mailboxes.empty()) return LocalKind::Mailbox;
  for (const auto& m : node_.mailboxes) {
    if (m == local) return LocalKind::Mailbox;
  }
  return LocalKind::Unknown;
}

// ---------------------------------------------------------------------------------------
// [SECTION] RCPT checks

bool MtaAgent::may_relay(const protocol::Envelope& envelope) const {
  return live_config().relay_permitted(envelope.connection.client_address,
                                       !envelope.auth_user.empty());
}

std::optional<SmtpError> MtaAgent::check_client_of(const protocol::Envelope& envelope,
                                                   const protocol::Mailbox& recipient) {
  // An authenticated client is the node's own user: Postfix lists
  // permit_sasl_authenticated before its blocklist and DNS checks.
  if (!checks_.any() || !envelope.auth_user.empty()) return std::nullopt;
  const bool local = recipient.domain.empty() || is_local_domain(recipient.domain);
  if (local && exempt_recipient(checks_, recipient.local_part)) {
    // RFC 5321 §4.5.1 and RFC 2142: whoever is refused must still reach postmaster/abuse.
    emit(recipient.address() + ": role address, client checks not applied (RFC 5321 4.5.1)",
         decision("client_checks", "exempt", &PolicyPayload::client,
                  envelope.connection.client_address));
    return std::nullopt;
  }
  const ClientCheckResult result =
      check_client(checks_, resolver_, envelope.connection.client_address, envelope.helo);
  for (const auto& note : result.notes) {
    emit(note.text, decision(note.check, note.result, &PolicyPayload::client,
                             envelope.connection.client_address));
  }
  return result.refusal;
}

std::string MtaAgent::srs_secret() const {
  return node_.srs.secret.empty() ? "smtplab-srs-" + node_.id : node_.srs.secret;
}

std::optional<std::string> MtaAgent::srs_original(const std::string& local_part) const {
  return srs_reverse(local_part, srs_secret(), srs_day(std::time(nullptr)));
}

// ---------------------------------------------------------------------------------------
// [SECTION] live settings (main.cf)

void MtaAgent::use_config_file(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  {
    std::lock_guard lock(config_mutex_);
    std::ofstream(path, std::ios::binary) << format_main_cf(config_, node_.id);
    config_path_ = path;
    config_time_ = std::filesystem::last_write_time(path, error);
    config_size_ = std::filesystem::file_size(path, error);
  }
}

void MtaAgent::postconf(const std::string& line) {
  {
    std::lock_guard lock(config_mutex_);
    if (config_path_.empty()) return;
    std::ofstream(config_path_, std::ios::binary | std::ios::app) << line << "\n";
  }
  live_config();
}

std::string MtaAgent::config_text() const {
  std::lock_guard lock(config_mutex_);
  if (config_path_.empty()) return {};
  std::ifstream in(config_path_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

MainCf MtaAgent::live_config() const {
  std::string changed;
  MainCf copy;
  {
    std::lock_guard lock(config_mutex_);
    if (!config_path_.empty()) {
      std::error_code error;
      const auto time = std::filesystem::last_write_time(config_path_, error);
      const auto size = error ? 0 : std::filesystem::file_size(config_path_, error);
      if (!error && (time != config_time_ || size != config_size_)) {
        std::ifstream in(config_path_, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        config_ = parse_main_cf(text.str());
        config_time_ = time;
        config_size_ = size;
        std::string list;
        for (const auto& r : config_.relay_restrictions) list += (list.empty() ? "" : ", ") + r;
        changed =
            "main.cf read again: smtpd_relay_restrictions = " + list +
            (config_.srs_domain.empty() ? "; no SRS" : "; srs_domain = " + config_.srs_domain);
      }
    }
    copy = config_;
  }
  if (!changed.empty() && sink_) {
    sink_(AgentEvent{changed, decision("main_cf", "reloaded")});
  }
  return copy;
}

std::optional<SmtpError> MtaAgent::check_recipient(const protocol::Envelope& envelope,
                                                   const protocol::Path& path) {
  const protocol::Mailbox& box = path.mailbox;
  if (auto refusal = check_client_of(envelope, box)) return refusal;
  if (box.domain.empty() || is_local_domain(box.domain)) {
    const LocalKind kind = local_kind(box);
    if (kind != LocalKind::Unknown) {
      // A full mailbox is a temporary refusal (RFC 3463 4.2.2): the sender retries.
      bool full = false;
      {
        std::lock_guard lock(delivery_mutex_);
        full = full_mailboxes_.count(box.address()) > 0;
      }
      if (kind == LocalKind::Mailbox &&
          (full || (node_.quota_bytes && store_.size(box.address()) >= node_.quota_bytes))) {
        emit(box.address() + ": mailbox full",
             decision("quota", "defer", &PolicyPayload::mailbox, box.address()));
        return SmtpError::from(protocol::ReplyId::MailboxFull, box.address(), "quota exceeded");
      }
      return std::nullopt;
    }
    if (srs_original(box.local_part)) {
      // A bounce coming back to an address this node's SRS made: it goes on to the sender.
      emit(box.address() + ": SRS address, sent back to its sender", decision("srs", "reverse"));
      return std::nullopt;
    }
    if (!node_.reject_unknown_at_rcpt) {
      // The course's point: a 250 here proves nothing; the bounce comes later.
      emit(box.address() + ": unknown, accepted now and bounced later",
           decision("unknown_user", "accept_then_bounce"));
      return std::nullopt;
    }
    emit(box.address() + ": no such mailbox", decision("unknown_user", "reject"));
    return SmtpError::from(protocol::ReplyId::MailboxUnavailable, box.address(),
                           "no mailbox " + box.local_part);
  }
  if (may_relay(envelope)) {
    emit("relay to " + box.domain + " allowed for " + envelope.connection.client_address,
         decision("relay", "allow", &PolicyPayload::client, envelope.connection.client_address));
    return std::nullopt;
  }
  emit("relay to " + box.domain + " denied for " + envelope.connection.client_address,
       decision("relay", "deny", &PolicyPayload::client, envelope.connection.client_address));
  return SmtpError::from(
      protocol::ReplyId::RelayDenied, box.address(),
      "relay denied: " + box.domain + " is not local and the client may not relay");
}

// ---------------------------------------------------------------------------------------
// [SECTION] AUTH, VRFY, EXPN

bool MtaAgent::authenticate(std::string_view user, std::string_view password) {
  const auto it = node_.users.find(std::string(user));
  const bool ok = it != node_.users.end() && it->second == password;
  emit(std::string("AUTH ") + (ok ? "accepted" : "refused") + " for " + std::string(user),
       decision("auth", ok ? "pass" : "fail", &PolicyPayload::user, std::string(user)));
  return ok;
}

protocol::VerifyAnswer MtaAgent::verify(std::string_view name) {
  using Kind = protocol::VerifyAnswer::Kind;
  const auto [local, domain] = split_address(std::string(name));
  if (!domain.empty() && !is_local_domain(domain)) return {Kind::CannotVerify, ""};
  const std::string home = node_.domains.empty() ? node_.hostname : node_.domains.front();
  protocol::Mailbox box{local, home};
  switch (local_kind(box)) {
    case LocalKind::Mailbox:
    case LocalKind::Postmaster:
      return {Kind::Exists, "<" + box.address() + ">"};
    case LocalKind::Alias: {
      const auto& targets = node_.aliases.at(local);
      return {Kind::WillForward, "<" + (targets.empty() ? box.address() : targets.front()) + ">"};
    }
    case LocalKind::List:
      return {Kind::Exists, "<" + box.address() + "> (mailing list)"};
    case LocalKind::Unknown:
      break;
  }
  // Ambiguous: several mailboxes start with the name ("ali" -> ali.belabbas, ali.x).
  int matches = 0;
  for (const auto& m : node_.mailboxes) matches += m.rfind(local, 0) == 0 ? 1 : 0;
  return {matches > 1 ? Kind::Ambiguous : Kind::Unknown, ""};
}

std::optional<std::vector<std::string>> MtaAgent::expand(std::string_view list) {
  const auto [local, domain] = split_address(std::string(list));
  const auto it = node_.lists.find(local);
  if (it == node_.lists.end() || (!domain.empty() && !is_local_domain(domain))) return std::nullopt;
  std::vector<std::string> members;
  for (const auto& m : it->second) members.push_back("<" + m + ">");
  return members;
}

// ---------------------------------------------------------------------------------------
// [SECTION] accepting a message

protocol::DeliveryResult MtaAgent::deliver(const protocol::Envelope& envelope,
                                           std::string_view message) {
  protocol::DeliveryResult result;
  result.queue_id = next_id();
  // The course's rewrites apply to mail this node sends on behalf of its own clients
  // (submission), not to mail that merely passes through or arrives from outside.
  const bool own_client = may_relay(envelope);
  std::string sender = envelope.reverse_path.null ? "" : envelope.reverse_path.mailbox.address();
  if (!sender.empty() && own_client) sender = rewrite_address(sender, "sender");
  std::vector<std::string> recipients;
  std::vector<std::string> parameters;  // each recipient's RCPT parameters, same order
  for (const auto& r : envelope.recipients) {
    std::string address =
        r.path.mailbox.domain.empty()
            ? "postmaster@" + (node_.domains.empty() ? node_.hostname : node_.domains.front())
            : r.path.mailbox.address();
    recipients.push_back(own_client ? rewrite_address(address, "recipient") : address);
    parameters.push_back(rcpt_parameters_text(r.parameters));
  }
  std::string content = own_client ? rewrite_headers(std::string(message)) : std::string(message);
  if (own_client) {
    sign(content);
  } else if (auto refusal = authenticate_sender(envelope, content)) {
    result.error = *refusal;
    return result;
  }
  if (node_.mail_auth.break_signature || modify_body_) {
    // What a footer-adding relay does to a signed message: the body changes, so the
    // DKIM body hash no longer matches (the course's "modified in transit").
    content += "-- \r\nMessage scanned by " + node_.hostname + "\r\n";
    emit("footer added to the body (a signed message is now modified)",
         RewritePayload{.rule = "body_footer", .before = "", .after = "footer"});
  }
  content = received_field(envelope, result.queue_id, recipients.size() == 1 ? recipients[0] : "") +
            content;

  std::vector<Onward> remote;
  std::vector<std::string> remote_parameters;  // kept for the next hop (RFC 3461 §5.2)
  std::vector<DsnRecipient> failures;
  std::vector<DsnRecipient> receipts;  // delivered here with NOTIFY=SUCCESS
  for (std::size_t i = 0; i < recipients.size(); ++i) {
    const std::string& rcpt = recipients[i];
    const auto [local, domain] = split_address(rcpt);
    if (is_local_domain(domain)) {
      const std::size_t remote_before = remote.size();
      const std::size_t failed_before = failures.size();
      deliver_local(rcpt, sender, content, remote, failures, 0);
      for (std::size_t k = remote_before; k < remote.size(); ++k)
        remote_parameters.push_back(parameters[i]);
      // RFC 3461 §6.2.7.1: the final delivery of a recipient that asked for it.
      if (failures.size() == failed_before && remote.size() == remote_before &&
          asks_for_success(parameters[i])) {
        receipts.push_back({rcpt, "2.0.0", "", ""});
      }
    } else {
      remote.push_back({rcpt, sender});
      remote_parameters.push_back(parameters[i]);
    }
  }
  // One queue entry per reverse-path: a list's members leave with its owner's.
  std::vector<QueueEntry> entries;
  for (std::size_t k = 0; k < remote.size(); ++k) {
    auto entry = std::find_if(entries.begin(), entries.end(), [&](const QueueEntry& e) {
      return e.reverse_path == remote[k].reverse_path;
    });
    if (entry == entries.end()) {
      entries.emplace_back();
      entry = entries.end() - 1;
      entry->reverse_path = remote[k].reverse_path;
      entry->content = content;
      entry->created = clock_();
      entry->next_attempt = entry->created;
    }
    entry->recipients.push_back(
        {remote[k].address, RecipientState::Pending, "", remote_parameters[k]});
  }
  for (const auto& entry : entries) {
    try {
      const std::string id = queue_.enqueue(entry);
      std::vector<std::string> rcpts;
      std::string list;
      for (const auto& r : entry.recipients) {
        rcpts.push_back(r.address);
        list += (list.empty() ? "" : ",") + r.address;
      }
      emit("queued " + id + " for " + list, QueuedPayload{.queue_id = id,
                                                          .from = entry.reverse_path,
                                                          .rcpts = std::move(rcpts),
                                                          .smtp_id = result.queue_id,
                                                          .dsn = false});
    } catch (const std::system_error& error) {
      // A full spool is the mail system's disk: the same answer as a full mailbox store.
      result.error = storage_refusal(error.code(), "queue unavailable", error.what());
      return result;
    } catch (const std::exception& error) {
      result.error =
          SmtpError::from(protocol::ReplyId::LocalError, "queue unavailable", error.what());
      return result;
    }
  }
  if (!failures.empty() && !sender.empty()) bounce(sender, content, failures);
  if (!receipts.empty() && !sender.empty())
    bounce(sender, content, receipts, "", DsnAction::Delivered);
  return result;
}

// ---------------------------------------------------------------------------------------
// [SECTION] sender authentication (SPF, DKIM, DMARC)

void MtaAgent::sign(std::string& content) {
  if (!dkim_key_) return;
  std::string error;
  const std::string from = dmarc_from_domain(content, error);
  if (!protocol::iequals(from, node_.mail_auth.dkim_domain)) return;  // only our own domain's mail
  DkimSignOptions options;
  options.domain = node_.mail_auth.dkim_domain;
  options.selector = node_.mail_auth.dkim_selector;
  const DkimSignature signature = dkim_sign(content, *dkim_key_, options);
  if (!signature.ok()) {
    emit("DKIM signing failed: " + signature.error);
    return;
  }
  content = signature.field + content;
  emit("DKIM signature added (d=" + options.domain + ", s=" + options.selector + ")",
       decision("dkim_sign", "signed", &PolicyPayload::domain, options.domain));
}

std::optional<protocol::SmtpError> MtaAgent::authenticate_sender(const protocol::Envelope& envelope,
                                                                 std::string& content) {
  const auto& auth = node_.mail_auth;
  if (!auth.spf_check && !auth.dkim_verify && !auth.dmarc_apply) return std::nullopt;
  std::vector<AuthMethodResult> results;
  std::string prepend;
  SpfRequest request{envelope.connection.client_address,
                     envelope.reverse_path.null ? "" : envelope.reverse_path.mailbox.address(),
                     envelope.helo, node_.hostname};
  SpfOutcome spf;
  if (auth.spf_check || auth.dmarc_apply) {
    spf = SpfChecker(resolver_).check_mail_from(request);
    prepend += received_spf_field(spf, request);
    results.push_back(spf_auth_result(spf, request));
    emit(std::string("SPF ") + to_string(spf.result) + ": " + spf.explanation,
         decision("spf", to_string(spf.result), &PolicyPayload::domain, spf.domain,
                  &PolicyPayload::decided_by, spf.decided_by));
  }
  std::vector<DkimVerification> dkim;
  if (auth.dkim_verify || auth.dmarc_apply) {
    dkim = dkim_verify_all(content, resolver_);
    for (const auto& v : dkim) {
      results.push_back(dkim_auth_result(v));
      emit(std::string("DKIM ") + to_string(v.result) + " (d=" + v.domain + "): " + v.reason,
           decision("dkim", to_string(v.result), &PolicyPayload::domain, v.domain));
    }
    if (dkim.empty()) {
      emit("DKIM none: the message is not signed", decision("dkim", "none"));
    }
  }
  std::optional<protocol::SmtpError> refusal;
  if (auth.dmarc_apply) {
    std::string error;
    DmarcInput input{dmarc_from_domain(content, error), spf.result, spf.domain, dkim};
    const DmarcOutcome dmarc = evaluate_dmarc(input, resolver_);
    results.push_back(dmarc_auth_result(dmarc));
    emit(std::string("DMARC ") + to_string(dmarc.result) + ": " + dmarc.reason,
         decision("dmarc", to_string(dmarc.result), &PolicyPayload::domain, dmarc.from_domain,
                  &PolicyPayload::disposition, to_string(dmarc.disposition)));
    if (dmarc.disposition == DmarcPolicy::Reject) {
      refusal =
          protocol::SmtpError::from(protocol::ReplyId::DmarcRejected,
                                    dmarc.from_domain + ": " + dmarc.reason, "DMARC p=reject");
    } else if (dmarc.disposition == DmarcPolicy::Quarantine) {
      prepend += "X-Lab-Quarantine: DMARC policy of " + dmarc.from_domain + " says quarantine\r\n";
    }
  }
  content = authentication_results_field(node_.hostname, results) + prepend + content;
  return refusal;
}

// ---------------------------------------------------------------------------------------
// [SECTION] local delivery (the MDA)

void MtaAgent::deliver_local(const std::string& rcpt, const std::string& reverse_path,
                             const std::string& content, std::vector<Onward>& remote,
                             std::vector<DsnRecipient>& failures, int depth) {
  const auto [local, domain] = split_address(rcpt);
  if (!is_local_domain(domain)) {
    remote.push_back({rcpt, reverse_path});
    return;
  }
  // Aliases and lists may point at each other; ten levels is more than any lab needs and
  // stops a loop (RFC 5321 §3.9: avoid mail loops).
  if (depth > 10) {
    failures.push_back({rcpt, "5.4.6", "554 5.4.6 alias or list loop", ""});
    return;
  }
  const protocol::Mailbox box{local, domain};
  const LocalKind kind = local_kind(box);
  if (kind == LocalKind::Alias || kind == LocalKind::List) {
    const auto& targets =
        kind == LocalKind::Alias ? node_.aliases.at(local) : node_.lists.at(local);
    emit(std::string(kind == LocalKind::Alias ? "alias " : "list ") + rcpt + " -> " +
             std::to_string(targets.size()) + " address(es)",
         RewritePayload{.rule = kind == LocalKind::Alias ? "alias" : "list",
                        .before = rcpt,
                        .after = std::nullopt});
    // RFC 5321 §3.9.2: a list's problems go to its owner, not to each poster; the lab
    // takes the usual "LIST-owner" mailbox when it exists (a null path stays null).
    std::string sender = reverse_path;
    const protocol::Mailbox owner{local + "-owner", domain};
    if (kind == LocalKind::List && !reverse_path.empty() &&
        local_kind(owner) == LocalKind::Mailbox) {
      sender = owner.address();
      emit("list " + rcpt + ": reverse-path " + reverse_path + " -> " + sender,
           RewritePayload{.rule = "list_owner", .before = reverse_path, .after = sender});
    }
    const std::string srs_domain = live_config().srs_domain;
    for (const auto& target : targets) {
      std::string full = target.find('@') == std::string::npos ? target + "@" + domain : target;
      std::string onward_sender = sender;
      const auto [target_local, target_domain] = split_address(full);
      if (kind == LocalKind::Alias && !srs_domain.empty() && !sender.empty() &&
          !is_local_domain(target_domain)) {
        // Forwarding to another domain: the next hop's SPF will check this node's address
        // against the sender's domain. SRS makes the reverse-path this node's own.
        onward_sender = srs_forward(sender, srs_domain, srs_secret(), srs_day(std::time(nullptr)));
        emit("SRS: reverse-path " + sender + " -> " + onward_sender,
             RewritePayload{.rule = "srs", .before = sender, .after = onward_sender});
      }
      deliver_local(full, onward_sender, content, remote, failures, depth + 1);
    }
    return;
  }
  if (kind == LocalKind::Unknown) {
    if (const auto original = srs_original(local)) {
      emit("SRS: " + rcpt + " -> " + *original,
           RewritePayload{.rule = "srs_reverse", .before = rcpt, .after = *original});
      remote.push_back({*original, reverse_path});
      return;
    }
    failures.push_back({rcpt, "5.1.1", "550 5.1.1 <" + rcpt + ">: user unknown", ""});
    return;
  }
  std::lock_guard lock(delivery_mutex_);
  if (full_mailboxes_.count(rcpt) ||
      (node_.quota_bytes && store_.size(rcpt) + content.size() > node_.quota_bytes)) {
    failures.push_back({rcpt, "5.2.2", "552 5.2.2 <" + rcpt + ">: mailbox full", ""});
    emit(rcpt + ": mailbox full, message bounced",
         decision("quota", "bounce", &PolicyPayload::mailbox, rcpt));
    return;
  }
  const std::string stored = message::format_return_path(reverse_path) + content;
  std::error_code error;
  const auto file = store_.deliver(rcpt, stored, error);
  if (error) {
    failures.push_back({rcpt, "4.3.0", "451 4.3.0 local delivery failed: " + error.message(), ""});
    return;
  }
  emit("delivered to " + rcpt,
       DeliveredPayload{.mailbox = rcpt, .file = file.string(), .from = reverse_path});
}

// ---------------------------------------------------------------------------------------
// [SECTION] routing and attempts

std::vector<Hop> MtaAgent::next_hops(const std::string& domain, DeliveryProblem& error,
                                     bool& temporary) const {
  std::vector<Hop> hops;
  temporary = false;
  if (!node_.routing.smarthost.empty()) {
    const DnsAnswer a = resolver_.a(node_.routing.smarthost);
    if (a.ok()) {
      hops.push_back({node_.routing.smarthost, a.records.front(), 0});
    } else {
      error = {DeliveryProblem::Kind::SmarthostLookup, node_.routing.smarthost,
               std::string(to_string(a.status))};
      temporary = dns_temporary(a.status);
    }
    return hops;
  }
  const MxAnswer mx = resolver_.mail_exchangers(domain);
  if (!mx.ok()) {
    error = {DeliveryProblem::Kind::DnsLookup, domain, std::string(to_string(mx.status))};
    temporary = dns_temporary(mx.status);
    return hops;
  }
  for (const auto& record : mx.records) {
    const DnsAnswer a = resolver_.a(record.host);
    if (a.ok()) {
      hops.push_back({record.host, a.records.front(), record.preference});
    } else if (dns_temporary(a.status)) {
      temporary = true;
    }
  }
  if (hops.empty()) {
    error = {DeliveryProblem::Kind::NoExchangerAddress, domain, ""};
    temporary = true;
  }
  return hops;
}

void MtaAgent::record_attempt(QueueEntry& entry,
                              const std::vector<protocol::RecipientResult>& results,
                              const std::string& hop, bool hop_speaks_dsn) {
  using Outcome = protocol::RecipientResult::Outcome;
  std::vector<DsnRecipient> failures;
  std::vector<DsnRecipient> relayed;  // asked NOTIFY=SUCCESS, but the hop cannot report it
  for (const auto& result : results) {
    for (auto& r : entry.recipients) {
      if (r.address != result.address || r.state != RecipientState::Pending) continue;
      r.last_reply = reply_line(result.reply);
      if (result.outcome == Outcome::Delivered) {
        r.state = RecipientState::Delivered;
        if (!hop_speaks_dsn && asks_for_success(r.parameters))
          relayed.push_back({r.address, "2.0.0", "", hop});
        emit("relayed " + entry.id + " to " + hop + " for " + r.address,
             RelayedPayload{
                 .queue_id = entry.id, .rcpt = r.address, .to_node = hop, .reply = r.last_reply});
      } else if (result.outcome == Outcome::Permanent) {
        r.state = RecipientState::Failed;
        failures.push_back({r.address, result.reply.enhanced, r.last_reply, hop});
      } else {
        entry.problem = {DeliveryProblem::Kind::PeerReply, hop, r.last_reply};
      }
    }
  }
  entry.attempts += 1;
  if (!failures.empty() && !entry.reverse_path.empty())
    bounce(entry.reverse_path, entry.content, failures, entry.id);
  if (!relayed.empty() && !entry.reverse_path.empty()) {
    bounce(entry.reverse_path, entry.content, relayed, entry.id, DsnAction::Relayed);
  }
  if (!entry.pending().empty()) reschedule(entry);
  queue_.update(entry);
}

void MtaAgent::defer_all(QueueEntry& entry, const DeliveryProblem& problem, bool permanent) {
  entry.attempts += 1;
  entry.problem = problem;
  const std::string why = english_text(problem);
  std::vector<DsnRecipient> failures;
  for (auto& r : entry.recipients) {
    if (r.state != RecipientState::Pending) continue;
    r.last_reply = why;
    if (permanent) {
      r.state = RecipientState::Failed;
      failures.push_back({r.address, "5.4.4", why, ""});
    }
  }
  if (!failures.empty() && !entry.reverse_path.empty())
    bounce(entry.reverse_path, entry.content, failures, entry.id);
  if (!entry.pending().empty()) reschedule(entry);
  queue_.update(entry);
}

void MtaAgent::fill_mailbox(const std::string& address, bool full) {
  std::lock_guard lock(delivery_mutex_);
  if (full) {
    full_mailboxes_.insert(address);
  } else {
    full_mailboxes_.erase(address);
  }
}

void MtaAgent::set_queue_timing(std::vector<std::uint32_t> retry_after, double lifetime,
                                double delay_warning) {
  retry_after_ = std::move(retry_after);
  lifetime_ = lifetime;
  delay_warning_ = delay_warning;
}

void MtaAgent::warn_delayed(QueueEntry& entry) {
  if (delay_warning_ <= 0 || entry.delay_warned || entry.reverse_path.empty()) return;
  if (clock_() - entry.created < delay_warning_) return;
  // RFC 3464 §2.3.3 "delayed": the sender learns the message is late, not lost; one
  // warning per message, as MTAs do (Postfix's delay_warning_time).
  entry.delay_warned = true;
  std::vector<DsnRecipient> waiting;
  for (const auto& r : entry.recipients) {
    if (r.state == RecipientState::Pending)
      waiting.push_back({r.address, "4.4.7", r.last_reply, ""});
  }
  // RFC 3464 §2.3.9: until when the queue keeps trying (simulated seconds from now).
  const double left = std::max(0.0, lifetime_ - (clock_() - entry.created));
  if (!waiting.empty()) {
    bounce(entry.reverse_path, entry.content, waiting, entry.id, DsnAction::Delayed,
           rfc5322_after(static_cast<std::int64_t>(left)));
  }
}

void MtaAgent::reschedule(QueueEntry& entry) {
  const double now = clock_();
  if (now - entry.created >= lifetime_) {
    // RFC 5321 §4.5.4.1: give up after the queue lifetime, and tell the sender.
    std::vector<DsnRecipient> failures;
    for (auto& r : entry.recipients) {
      if (r.state != RecipientState::Pending) continue;
      r.state = RecipientState::Failed;
      failures.push_back({r.address, "4.4.7",
                          "message expired after " + std::to_string(entry.attempts) +
                              " attempts; last error: " + r.last_reply,
                          ""});
    }
    emit("queue lifetime over for " + entry.id + ": giving up",
         QueueExpiredPayload{.queue_id = entry.id});
    if (!entry.reverse_path.empty()) bounce(entry.reverse_path, entry.content, failures, entry.id);
    return;
  }
  const std::size_t step = std::min<std::size_t>(
      entry.attempts ? entry.attempts - 1 : 0, retry_after_.empty() ? 0 : retry_after_.size() - 1);
  const double delay = retry_after_.empty() ? 60.0 : retry_after_[step];
  entry.next_attempt = now + delay;
  warn_delayed(entry);
  const std::string reason = english_text(entry.problem);
  emit("deferred " + entry.id + " (" + (reason.empty() ? "temporary failure" : reason) +
           "); next try in " + std::to_string(static_cast<long>(delay)) + " s",
       DeferredPayload{.queue_id = entry.id,
                       .next_retry = entry.next_attempt,
                       .retry_in = static_cast<long>(delay),
                       .reason = reason,
                       .problem = entry.problem,
                       .attempts = entry.attempts});
}

// ---------------------------------------------------------------------------------------
// [SECTION] bounces

void MtaAgent::bounce(const std::string& sender, const std::string& original,
                      const std::vector<DsnRecipient>& failures, const std::string& queue_id,
                      DsnAction action, const std::string& retry_until) {
  DsnSpec spec;
  spec.action = action;
  spec.retry_until = retry_until;
  spec.reporting_mta = node_.hostname;
  spec.sender = sender;
  spec.date = now_rfc5322();
  spec.arrival_date = spec.date;
  spec.recipients = failures;
  spec.original = original;
  std::string dsn = build_dsn(spec);
  std::vector<std::string> rcpts;
  std::string list;
  for (const auto& f : failures) {
    rcpts.push_back(f.address);
    list += (list.empty() ? "" : ",") + f.address;
  }
  const std::string what =
      action == DsnAction::Failed ? "bounce" : std::string(dsn_action_name(action)) + " notice";
  emit(what + " to " + sender + " for " + list,
       BouncedPayload{.rcpts = std::move(rcpts),
                      .to = sender,
                      .reason = failures.front().diagnostic,
                      .queue_id = queue_id,
                      .action = action});
  // The DSN has the null reverse-path, so it can never bounce in turn (RFC 5321 §4.5.5).
  const auto [local, domain] = split_address(sender);
  std::vector<Onward> remote;
  std::vector<DsnRecipient> dsn_failures;
  const std::string trace =
      "Received: by " + node_.hostname + " (SMTP Lab DSN); " + now_rfc5322() + "\r\n";
  if (is_local_domain(domain)) {
    deliver_local(sender, "", trace + dsn, remote, dsn_failures, 0);
    return;
  }
  QueueEntry entry;
  entry.reverse_path = "";
  entry.recipients.push_back({sender, RecipientState::Pending, "", ""});
  entry.content = trace + dsn;
  entry.created = clock_();
  entry.next_attempt = entry.created;
  try {
    const std::string id = queue_.enqueue(entry);
    emit("queued bounce " + id + " for " + sender,
         QueuedPayload{
             .queue_id = id, .from = "", .rcpts = {sender}, .smtp_id = std::nullopt, .dsn = true});
  } catch (const std::exception&) {
    emit("could not queue the bounce to " + sender);
  }
}

// ---------------------------------------------------------------------------------------
// [SECTION] helpers

std::string MtaAgent::rewrite_address(const std::string& address, const std::string& role) {
  std::string result = address;
  const auto& rules = node_.rewrite;
  auto [local, domain] = split_address(result);
  if (domain.empty() && !rules.append_domain.empty()) {
    result = local + "@" + rules.append_domain;
    emit(role + " " + address + " -> " + result,
         RewritePayload{.rule = "append_domain", .before = address, .after = result});
  }
  // Like Postfix's canonical maps: the whole address first, then the bare user name for
  // an address of this node (append_domain, its domains, or under masquerade_domain),
  // keeping the domain when the target has none.
  auto canonical = rules.canonical.find(result);
  std::tie(local, domain) = split_address(result);
  const bool own_domain =
      !domain.empty() &&
      (message::to_lower(domain) == message::to_lower(rules.append_domain) ||
       is_local_domain(domain) ||
       (!rules.masquerade_domain.empty() &&
        message::to_lower(domain).ends_with("." + message::to_lower(rules.masquerade_domain))));
  if (canonical == rules.canonical.end() && own_domain) canonical = rules.canonical.find(local);
  if (canonical != rules.canonical.end()) {
    const std::string before = result;
    result = canonical->second.find('@') == std::string::npos && !domain.empty()
                 ? canonical->second + "@" + domain
                 : canonical->second;
    emit(role + " " + before + " -> " + result,
         RewritePayload{.rule = "canonical", .before = before, .after = result});
  }
  if (!rules.masquerade_domain.empty() && role == "sender") {
    std::tie(local, domain) = split_address(result);
    const std::string suffix = "." + message::to_lower(rules.masquerade_domain);
    const std::string d = message::to_lower(domain);
    bool listed = rules.masquerade_hosts.empty();
    for (const auto& h : rules.masquerade_hosts) listed = listed || message::to_lower(h) == d;
    if (listed && d.size() > suffix.size() && d.ends_with(suffix)) {
      const std::string before = result;
      result = local + "@" + rules.masquerade_domain;
      emit(role + " " + before + " -> " + result,
           RewritePayload{.rule = "masquerade", .before = before, .after = result});
    }
  }
  return result;
}

std::string MtaAgent::rewrite_headers(std::string message) {
  const auto& rules = node_.rewrite;
  if (rules.masquerade_domain.empty() && rules.canonical.empty()) return message;
  // Only the From field is rewritten (the course's sender masquerading); other fields
  // stay as the author wrote them.
  const auto header = message::parse_header_block(message);
  for (const auto& field : header.headers.fields) {
    if (!protocol::iequals(field.name, "From")) continue;
    const auto list = message::parse_address_list(field.value);
    std::string value = field.raw_value;
    for (const auto& address : list.addresses) {
      const std::string before = address.addr_spec();
      const std::string after = rewrite_address(before, "sender");
      const auto pos = value.find(before);
      if (after != before && pos != std::string::npos) value.replace(pos, before.size(), after);
    }
    if (value != field.raw_value) {
      const std::string old_text = message.substr(field.offset, field.length);
      std::string new_text = old_text;
      new_text.replace(new_text.find(field.raw_value), field.raw_value.size(), value);
      message.replace(field.offset, field.length, new_text);
    }
    break;
  }
  return message;
}

std::string MtaAgent::received_field(const protocol::Envelope& envelope, const std::string& id,
                                     const std::string& rcpt) const {
  message::ReceivedSpec spec;
  spec.helo = envelope.helo;
  const DnsAnswer ptr = resolver_.ptr(envelope.connection.client_address);
  if (ptr.ok()) spec.rdns = ptr.records.front();
  spec.ip = envelope.connection.client_address;
  spec.by = node_.hostname;
  spec.with = envelope.with_protocol();
  spec.id = id;
  spec.for_rcpt = rcpt;
  spec.date = message::DateTime::from_unix(std::chrono::duration_cast<std::chrono::seconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count());
  return message::format_received(spec);
}

std::string MtaAgent::next_id() {
  // Like Postfix's queue ids: unique per node and readable; the node's own counter
  // (started from the node name's hash) keeps hops from showing the same id.
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  if (sequence_ == 0) sequence_ = std::hash<std::string>{}(node_.id) % 46656;
  std::string id;
  auto n =
      (static_cast<std::uint64_t>(std::time(nullptr)) % 1679616) * 46656 + (++sequence_ % 46656);
  while (n) {
    id.insert(id.begin(), kDigits[n % 36]);
    n /= 36;
  }
  return id;
}

void MtaAgent::emit(std::string text, AgentPayload payload) {
  if (!sink_) return;
  sink_(AgentEvent{std::move(text), std::move(payload)});
}

}  // namespace smtplab::agents
