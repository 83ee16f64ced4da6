// The simulated resolver: records from the topology, RFC 5321 implicit MX, faults, and
// one observer call per query.
#include "sim/agents/resolver.hpp"

#include <algorithm>

#include "sim/agents/ip_range.hpp"
#include "sim/message/ascii.hpp"

namespace smtplab::agents {

const char* to_string(DnsType type) {
  switch (type) {
    case DnsType::A:
      return "A";
    case DnsType::AAAA:
      return "AAAA";
    case DnsType::MX:
      return "MX";
    case DnsType::TXT:
      return "TXT";
    case DnsType::PTR:
      return "PTR";
  }
  return "?";
}

const char* to_string(DnsStatus status) {
  switch (status) {
    case DnsStatus::Answer:
      return "answer";
    case DnsStatus::NoData:
      return "NODATA";
    case DnsStatus::NxDomain:
      return "NXDOMAIN";
    case DnsStatus::ServFail:
      return "SERVFAIL";
    case DnsStatus::Timeout:
      return "timeout";
  }
  return "?";
}

std::string normalize_dns_name(std::string_view name) {
  std::string out = message::to_lower(message::trim(name));
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

namespace {

// A zone's "ptr" may be given for the address itself ("127.0.1.20") or for its reverse
// name; the resolver stores it under the reverse name, which is what a PTR query asks.
std::string ptr_owner(const std::string& name) {
  if (const auto address = IpAddress::parse(name)) return address->reverse_name();
  return name;
}

std::string format_mx(const MxRecord& record) {
  return std::to_string(record.preference) + " " + record.host;
}

}  // namespace

Resolver::Resolver(const std::vector<NodeSpec>& nodes, const std::vector<DnsZoneSpec>& zones) {
  for (const auto& node : nodes) {
    if (node.address.empty()) continue;
    std::vector<std::string> host_names{normalize_dns_name(node.id)};
    if (!node.hostname.empty()) host_names.push_back(normalize_dns_name(node.hostname));
    for (const auto& host : host_names) add_address(host, node.address);
    if (const auto address = IpAddress::parse(node.address)) {
      // PTR: the address names the node's host name (the name of its greeting).
      auto& ptr = names_[address->reverse_name()].ptr;
      const std::string& target = host_names.back();
      if (std::find(ptr.begin(), ptr.end(), target) == ptr.end()) ptr.push_back(target);
    }
  }
  for (const auto& zone : zones) {
    const std::string name = normalize_dns_name(zone.name);
    for (const auto& mx_spec : zone.mx) add_mx(name, mx_spec.preference, mx_spec.host);
    for (const auto& address : zone.a) add_address(name, address);
    for (const auto& text : zone.txt) add_txt(name, text);
    if (zone.ptr) names_[ptr_owner(name)].ptr.push_back(normalize_dns_name(*zone.ptr));
  }
}

void Resolver::add_txt(std::string_view name, std::string_view text) {
  std::lock_guard lock(mutex_);
  names_[normalize_dns_name(name)].txt.emplace_back(text);
}

void Resolver::add_address(std::string_view name, std::string_view address) {
  const auto parsed = IpAddress::parse(message::trim(address));
  std::lock_guard lock(mutex_);
  auto& records = names_[normalize_dns_name(name)];
  // An address that does not parse is kept as an A record as written, so the lab can
  // show a broken zone instead of hiding it.
  auto& list = (parsed && !parsed->is_v4()) ? records.aaaa : records.a;
  const std::string text = parsed ? parsed->to_string() : std::string(address);
  if (std::find(list.begin(), list.end(), text) == list.end()) list.push_back(text);
}

void Resolver::add_mx(std::string_view domain, int preference, std::string_view host) {
  std::lock_guard lock(mutex_);
  names_[normalize_dns_name(domain)].mx.push_back({preference, normalize_dns_name(host)});
}

void Resolver::break_name(std::string_view name, DnsBreak how) {
  std::lock_guard lock(mutex_);
  broken_[normalize_dns_name(name)] = how;
}

void Resolver::repair_name(std::string_view name) {
  std::lock_guard lock(mutex_);
  broken_.erase(normalize_dns_name(name));
}

void Resolver::break_all(bool broken, DnsBreak how) {
  std::lock_guard lock(mutex_);
  all_broken_ = broken ? std::optional<DnsBreak>(how) : std::nullopt;
}

void Resolver::repair_all() {
  std::lock_guard lock(mutex_);
  broken_.clear();
  all_broken_.reset();
}

std::unique_ptr<Resolver> Resolver::quiet_copy() const {
  auto copy = std::make_unique<Resolver>();
  std::lock_guard lock(mutex_);
  copy->names_ = names_;
  copy->broken_ = broken_;
  copy->all_broken_ = all_broken_;
  return copy;
}

void Resolver::set_observer(Observer observer) {
  std::lock_guard lock(mutex_);
  observer_ = std::move(observer);
}

std::optional<DnsBreak> Resolver::broken_locked(const std::string& name) const {
  if (all_broken_) return all_broken_;
  std::optional<DnsBreak> how;
  std::size_t closest = 0;  // the longest broken name that is `name` or above it
  for (const auto& [broken, mode] : broken_) {
    const bool covers = name == broken || (name.size() > broken.size() && name.ends_with(broken) &&
                                           name[name.size() - broken.size() - 1] == '.');
    if (covers && (!how || broken.size() > closest)) {
      how = mode;
      closest = broken.size();
    }
  }
  return how;
}

bool Resolver::exists_locked(const std::string& name) const {
  if (names_.count(name) != 0) return true;
  // An empty non-terminal exists (RFC 8020): "_domainkey.d" above "lab._domainkey.d".
  const std::string suffix = "." + name;
  for (const auto& [owner, records] : names_) {
    (void)records;
    if (owner.ends_with(suffix)) return true;
  }
  return false;
}

DnsAnswer Resolver::lookup_locked(const std::string& name, DnsType type) const {
  DnsAnswer answer;
  if (const auto how = broken_locked(name)) {
    answer.status = *how == DnsBreak::NxDomain  ? DnsStatus::NxDomain
                    : *how == DnsBreak::Timeout ? DnsStatus::Timeout
                                                : DnsStatus::ServFail;
    return answer;
  }
  const auto it = names_.find(name);
  if (it != names_.end()) {
    const Records& r = it->second;
    switch (type) {
      case DnsType::A:
        answer.records = r.a;
        break;
      case DnsType::AAAA:
        answer.records = r.aaaa;
        break;
      case DnsType::TXT:
        answer.records = r.txt;
        break;
      case DnsType::PTR:
        answer.records = r.ptr;
        break;
      case DnsType::MX:
        for (const auto& record : r.mx) answer.records.push_back(format_mx(record));
        break;
    }
  }
  if (!answer.records.empty()) {
    answer.status = DnsStatus::Answer;
  } else {
    answer.status = exists_locked(name) ? DnsStatus::NoData : DnsStatus::NxDomain;
  }
  return answer;
}

void Resolver::report(const DnsQueryEvent& event) const {
  Observer observer;
  {
    std::lock_guard lock(mutex_);
    observer = observer_;
  }
  if (observer) observer(event);
}

MxAnswer Resolver::mx(std::string_view domain) const {
  const std::string name = normalize_dns_name(domain);
  MxAnswer answer;
  {
    std::lock_guard lock(mutex_);
    const DnsAnswer raw = lookup_locked(name, DnsType::MX);
    answer.status = raw.status;
    if (raw.ok()) {
      answer.records = names_.at(name).mx;
      // Lowest preference first (RFC 5321 §5.1); a stable sort keeps the file order of
      // equal preferences, so the lab's choice is reproducible (real servers shuffle).
      std::stable_sort(
          answer.records.begin(), answer.records.end(),
          [](const MxRecord& x, const MxRecord& y) { return x.preference < y.preference; });
    }
  }
  DnsQueryEvent event{name, DnsType::MX, answer.status, {}};
  for (const auto& record : answer.records) event.answers.push_back(format_mx(record));
  report(event);
  return answer;
}

MxAnswer Resolver::mail_exchangers(std::string_view domain) const {
  MxAnswer answer = mx(domain);
  if (answer.status != DnsStatus::NoData) return answer;
  // RFC 5321 §5.1: no MX but an address record -> the domain is its own exchanger.
  const DnsAnswer v4 = a(domain);
  const DnsAnswer v6 = v4.ok() ? v4 : aaaa(domain);
  if (v4.ok() || v6.ok()) {
    answer.status = DnsStatus::Answer;
    answer.records = {MxRecord{0, normalize_dns_name(domain)}};
    answer.implicit = true;
  } else if (dns_temporary(v4.status) || dns_temporary(v6.status)) {
    answer.status = dns_temporary(v4.status) ? v4.status : v6.status;
  }
  return answer;
}

DnsAnswer Resolver::query(const std::string& name, DnsType type) const {
  DnsAnswer answer;
  {
    std::lock_guard lock(mutex_);
    answer = lookup_locked(name, type);
  }
  report(DnsQueryEvent{name, type, answer.status, answer.records});
  return answer;
}

DnsAnswer Resolver::a(std::string_view name) const {
  return query(normalize_dns_name(name), DnsType::A);
}

DnsAnswer Resolver::aaaa(std::string_view name) const {
  return query(normalize_dns_name(name), DnsType::AAAA);
}

DnsAnswer Resolver::txt(std::string_view name) const {
  return query(normalize_dns_name(name), DnsType::TXT);
}

DnsAnswer Resolver::ptr(std::string_view address) const {
  const auto parsed = IpAddress::parse(message::trim(address));
  if (!parsed) {
    // Not an address: nothing to ask, but the timeline still shows the attempt.
    DnsAnswer none{DnsStatus::NxDomain, {}};
    report(DnsQueryEvent{normalize_dns_name(address), DnsType::PTR, none.status, {}});
    return none;
  }
  return query(parsed->reverse_name(), DnsType::PTR);
}

}  // namespace smtplab::agents
