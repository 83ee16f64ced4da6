// One mail server of the lab (MSA, relay, or destination MX with its MDA), configured
// from a NodeSpec. As the ServerDelegate of its SMTP listeners it decides who may send
// and relay, applies the course's rewrites, adds its Received field, delivers local mail
// to Maildir mailboxes (aliases, lists, quotas, unknown users) and queues the rest for
// the next hop. Routing (smarthost or MX) and bounces (DSN) are here too; sending is the
// queue runner's job (sim/lab), through the transport it is given.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/agents/agent_event.hpp"
#include "sim/agents/client_checks.hpp"
#include "sim/agents/dkim.hpp"
#include "sim/agents/dsn.hpp"
#include "sim/agents/mail_queue.hpp"
#include "sim/agents/maildir.hpp"
#include "sim/agents/main_cf.hpp"
#include "sim/agents/node_spec.hpp"
#include "sim/agents/resolver.hpp"
#include "sim/protocol/client_session.hpp"
#include "sim/protocol/server_delegate.hpp"

namespace smtplab::agents {

/// Where to send mail next.
struct Hop {
  std::string host;     ///< the host name (MX or smarthost)
  std::string address;  ///< its address
  int preference = 0;
};

class MtaAgent : public protocol::ServerDelegate {
 public:
  /// `mail_root` holds the node's Maildirs (one per mailbox), `spool` its queue.
  MtaAgent(NodeSpec node, std::filesystem::path mail_root, std::filesystem::path spool,
           Resolver& resolver, std::function<double()> clock, AgentEventSink sink = {});

  // ServerDelegate.
  std::optional<protocol::SmtpError> check_recipient(const protocol::Envelope& envelope,
                                                     const protocol::Path& path) override;
  bool authenticate(std::string_view user, std::string_view password) override;
  protocol::VerifyAnswer verify(std::string_view name) override;
  std::optional<std::vector<std::string>> expand(std::string_view list) override;
  protocol::DeliveryResult deliver(const protocol::Envelope& envelope,
                                   std::string_view message) override;

  /// Routes for a domain: the smarthost, or the MX hosts lowest preference first
  /// (implicit MX when there is none). Empty with `error` set on NXDOMAIN/SERVFAIL;
  /// `temporary` tells whether trying later may help.
  std::vector<Hop> next_hops(const std::string& domain, DeliveryProblem& error,
                             bool& temporary) const;
  /// Records what an attempt did to an entry's recipients (from the client's results),
  /// schedules the next try, bounces what failed for good, and persists the entry.
  /// `hop_speaks_dsn` false: the RCPT parameters were not passed on, so a recipient that
  /// asked NOTIFY=SUCCESS gets a "relayed" notice now (RFC 3461 §5.2.2).
  void record_attempt(QueueEntry& entry, const std::vector<protocol::RecipientResult>& results,
                      const std::string& hop, bool hop_speaks_dsn = true);
  /// An attempt that reached no server: every pending recipient gets `problem`; they fail
  /// (and bounce) when `permanent` (e.g. NXDOMAIN), else they are retried later.
  void defer_all(QueueEntry& entry, const DeliveryProblem& problem, bool permanent);
  /// Marks a mailbox full (a fault: RCPT gets 452 4.2.2) or not.
  void fill_mailbox(const std::string& address, bool full = true);
  /// A fault: append a footer to every message this node accepts (breaks DKIM), as
  /// `mail_auth.break_signature` does permanently.
  void set_modify_body(bool on) { modify_body_ = on; }
  /// Retry delays in simulated seconds (the last repeats), the queue lifetime, and the
  /// age after which the sender gets one "delayed" notice (0 = never).
  void set_queue_timing(std::vector<std::uint32_t> retry_after, double lifetime,
                        double delay_warning = 0);

  /// Keeps the node's live settings (relay restrictions, SRS) in `path`, a main.cf
  /// written now from the node's spec and read again whenever it changes.
  void use_config_file(const std::filesystem::path& path);
  /// Appends one "name = value" line to that file (what `postconf -e` does), then reads it.
  void postconf(const std::string& line);
  /// The settings in force (read again first if the file changed).
  MainCf live_config() const;
  /// The main.cf file as it stands, for an administrator to read (the window's main.cf
  /// tab); empty when the node keeps no file.
  std::string config_text() const;

  MailQueue& queue() { return queue_; }
  const MaildirStore& mailboxes() const { return store_; }
  const NodeSpec& node() const { return node_; }
  /// The address of a mailbox as stored ("benharraf@menara.ma").
  bool is_local_domain(std::string_view domain) const;

 private:
  enum class LocalKind { Mailbox, Alias, List, Postmaster, Unknown };
  LocalKind local_kind(const protocol::Mailbox& mailbox) const;
  bool may_relay(const protocol::Envelope& envelope) const;
  /// The client checks (DNSBL, reverse DNS, HELO) for a recipient, with their notes on the
  /// timeline; nullopt = go on.
  std::optional<protocol::SmtpError> check_client_of(const protocol::Envelope& envelope,
                                                     const protocol::Mailbox& recipient);
  /// The original address of an SRS0 local part this node made, nullopt otherwise.
  std::optional<std::string> srs_original(const std::string& local_part) const;
  std::string srs_secret() const;
  std::string rewrite_address(const std::string& address, const std::string& role);
  std::string rewrite_headers(std::string message);
  /// An address for another domain met while delivering, with the reverse-path it leaves
  /// with (a list's owner for the list's members, RFC 5321 §3.9.2).
  struct Onward {
    std::string address;
    std::string reverse_path;
  };
  /// Delivers to one local recipient (expanding aliases and lists); addresses for other
  /// domains are appended to `remote`. Returns the failures (for a bounce).
  void deliver_local(const std::string& rcpt, const std::string& reverse_path,
                     const std::string& content, std::vector<Onward>& remote,
                     std::vector<DsnRecipient>& failures, int depth);
  /// A notice to `sender` about `recipients` (a bounce unless `action` says otherwise).
  /// `queue_id`: the queue entry concerned (empty for a refusal at delivery time).
  void bounce(const std::string& sender, const std::string& original,
              const std::vector<DsnRecipient>& recipients, const std::string& queue_id = "",
              DsnAction action = DsnAction::Failed, const std::string& retry_until = "");
  void reschedule(QueueEntry& entry);
  /// Once per entry, past the delay_warning age: an "Action: delayed" notice (RFC 3464).
  void warn_delayed(QueueEntry& entry);
  /// Sender authentication at a receiving node: SPF, DKIM, DMARC. Returns the fields to
  /// prepend (Received-SPF, Authentication-Results) or a refusal (DMARC p=reject).
  std::optional<protocol::SmtpError> authenticate_sender(const protocol::Envelope& envelope,
                                                         std::string& content);
  /// DKIM signature of an outgoing message, prepended when the node signs for its From.
  void sign(std::string& content);
  std::string received_field(const protocol::Envelope& envelope, const std::string& id,
                             const std::string& rcpt) const;
  std::string next_id();
  void emit(std::string text, AgentPayload payload = AgentNotePayload{});

  NodeSpec node_;
  ClientCheckPolicy checks_;
  // The live settings: main.cf, read again when its time or size changes.
  mutable std::mutex config_mutex_;
  mutable MainCf config_;
  std::filesystem::path config_path_;
  mutable std::filesystem::file_time_type config_time_{};
  mutable std::uintmax_t config_size_ = 0;
  MaildirStore store_;
  MailQueue queue_;
  Resolver& resolver_;
  std::optional<DkimKey> dkim_key_;  // when the node signs (its public key is in the DNS)
  std::function<double()> clock_;
  AgentEventSink sink_;
  std::mutex delivery_mutex_;  // local deliveries come from the server and the queue runner
  std::uint64_t sequence_ = 0;
  std::vector<std::uint32_t> retry_after_{60, 300, 900, 1800};
  std::set<std::string> full_mailboxes_;  // guarded by delivery_mutex_
  std::atomic<bool> modify_body_{false};  // the modify_body fault
  double lifetime_ = 5 * 24 * 3600.0;
  double delay_warning_ = 0;  // simulated seconds in the queue before a "delayed" notice; 0 = never
};

}  // namespace smtplab::agents
