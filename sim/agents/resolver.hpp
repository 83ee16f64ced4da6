// The lab's simulated DNS, built from the topology: MX (with preferences and RFC 5321's
// implicit MX), A/AAAA (every node's id and host name -> its loopback address), TXT (SPF,
// DKIM keys, DMARC policies) and PTR. No sockets: answers come from memory, but every
// query is reported through one observer so the timeline shows it, and names can be
// "broken" (SERVFAIL) to show what a DNS failure does to delivery and to SPF/DKIM/DMARC.
//
// A name that holds no record of the asked type but exists (it has other records, or a
// name below it has some: an "empty non-terminal", RFC 8020) answers NODATA; any other
// name answers NXDOMAIN. Names compare case-insensitively, a trailing dot is ignored.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/agents/node_spec.hpp"

namespace smtplab::agents {

/// The record types the lab resolves.
enum class DnsType { A, AAAA, MX, TXT, PTR };

/// How a query ended.
enum class DnsStatus {
  Answer,    ///< at least one record of the asked type
  NoData,    ///< the name exists but has no record of that type
  NxDomain,  ///< the name does not exist
  ServFail,  ///< the server failed (a "break DNS" fault): try again later
  Timeout,   ///< no answer before the resolver gave up (a fault): try again later
};

/// True for the failures that may pass (SERVFAIL, timeout): mail waits in the queue, SPF
/// and DKIM say temperror, instead of the permanent verdicts of NXDOMAIN.
inline bool dns_temporary(DnsStatus status) {
  return status == DnsStatus::ServFail || status == DnsStatus::Timeout;
}

/// How a name broken by a fault answers.
enum class DnsBreak {
  ServFail,  ///< SERVFAIL: temporary
  NxDomain,  ///< NXDOMAIN, as if the name did not exist: permanent
  Timeout,   ///< no answer at all: temporary
};

/// "A", "AAAA", "MX", "TXT", "PTR".
const char* to_string(DnsType type);
/// "answer", "NODATA", "NXDOMAIN", "SERVFAIL", "timeout".
const char* to_string(DnsStatus status);

/// One query as the timeline records it.
struct DnsQueryEvent {
  std::string name;  ///< the name asked (normalised: lower case, no final dot)
  DnsType type = DnsType::A;
  DnsStatus status = DnsStatus::NxDomain;
  std::vector<std::string> answers;  ///< records as text ("10 mx.menara.ma", "127.0.2.20")
};

/// The answer to an A, AAAA, TXT or PTR query.
struct DnsAnswer {
  DnsStatus status = DnsStatus::NxDomain;
  std::vector<std::string> records;  ///< addresses, texts or host names

  bool ok() const { return status == DnsStatus::Answer; }
};

/// One mail exchanger.
struct MxRecord {
  int preference = 0;
  std::string host;
  friend bool operator==(const MxRecord&, const MxRecord&) = default;
};

/// The answer to an MX query.
struct MxAnswer {
  DnsStatus status = DnsStatus::NxDomain;
  std::vector<MxRecord> records;  ///< lowest preference first; equal ones in file order
  bool implicit = false;          ///< no MX: the domain itself (RFC 5321 §5.1), preference 0

  bool ok() const { return status == DnsStatus::Answer; }
};

class Resolver {
 public:
  using Observer = std::function<void(const DnsQueryEvent&)>;

  /// An empty DNS (every name NXDOMAIN).
  Resolver() = default;
  /// The DNS of a topology: its zones plus A and PTR records for every node (sim/lab
  /// passes a TopologySpec's `nodes` and `dns`).
  Resolver(const std::vector<NodeSpec>& nodes, const std::vector<DnsZoneSpec>& zones);

  /// MX records of `domain` as published (no implicit MX: SPF's mx mechanism needs this,
  /// RFC 7208 §5.4).
  MxAnswer mx(std::string_view domain) const;
  /// Where to deliver mail for `domain` (RFC 5321 §5.1): its MX records, or when it has
  /// none but has an address, the domain itself with preference 0 (implicit = true).
  MxAnswer mail_exchangers(std::string_view domain) const;
  /// IPv4 addresses of `name`.
  DnsAnswer a(std::string_view name) const;
  /// IPv6 addresses of `name`.
  DnsAnswer aaaa(std::string_view name) const;
  /// TXT records of `name`, each as one string.
  DnsAnswer txt(std::string_view name) const;
  /// Host names of `address` ("127.0.1.20"); queried as its in-addr.arpa / ip6.arpa name.
  /// An unparsable address answers NXDOMAIN.
  DnsAnswer ptr(std::string_view address) const;

  /// Publishes one more TXT record (a node's DKIM key at start: "lab._domainkey.d").
  void add_txt(std::string_view name, std::string_view text);
  /// Publishes one more A or AAAA record (chosen by the address family).
  void add_address(std::string_view name, std::string_view address);
  /// Publishes one more MX record.
  void add_mx(std::string_view domain, int preference, std::string_view host);

  /// Makes `name` and every name below it fail as `how` says (a fault).
  void break_name(std::string_view name, DnsBreak how = DnsBreak::ServFail);
  /// Undoes break_name for `name`.
  void repair_name(std::string_view name);
  /// Makes every query fail as `how` says (true) or not (false); break_name entries stay.
  void break_all(bool broken, DnsBreak how = DnsBreak::ServFail);
  /// Clears every fault.
  void repair_all();

  /// Receives every query (called outside the resolver's lock, on the querying thread).
  void set_observer(Observer observer);

  /// The same records and faults, without the observer: a person's own lookups (the
  /// window's DNS lookup) must not show on the timeline as a lab node's queries.
  std::unique_ptr<Resolver> quiet_copy() const;

 private:
  struct Records {
    std::vector<MxRecord> mx;  // file order; sorted on read
    std::vector<std::string> a;
    std::vector<std::string> aaaa;
    std::vector<std::string> txt;
    std::vector<std::string> ptr;
  };

  // Looks `name` up, then reports the query.
  DnsAnswer query(const std::string& name, DnsType type) const;
  // Looks `name` up under the lock and fills status/records; reports nothing.
  DnsAnswer lookup_locked(const std::string& name, DnsType type) const;
  bool exists_locked(const std::string& name) const;
  // How `name` is broken, if it is (the whole DNS first, then the closest broken name).
  std::optional<DnsBreak> broken_locked(const std::string& name) const;
  void report(const DnsQueryEvent& event) const;

  mutable std::mutex mutex_;
  std::map<std::string, Records> names_;
  std::map<std::string, DnsBreak> broken_;
  std::optional<DnsBreak> all_broken_;
  Observer observer_;
};

/// Lower-cases a DNS name and removes one final dot.
std::string normalize_dns_name(std::string_view name);

}  // namespace smtplab::agents
