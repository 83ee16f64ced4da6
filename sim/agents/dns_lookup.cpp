// A query typed by a person, answered as `dig +short` does (see dns_lookup.hpp).
#include "sim/agents/dns_lookup.hpp"

#include <algorithm>
#include <cctype>

namespace smtplab::agents {
namespace {

// "20.1.0.127.in-addr.arpa" -> "127.0.1.20"; anything else is returned as given.
std::string address_of_reverse_name(std::string_view name) {
  const std::string suffix = ".in-addr.arpa";
  const std::string lower = normalize_dns_name(name);
  if (lower.size() <= suffix.size() || !lower.ends_with(suffix)) return std::string(name);
  std::string labels = lower.substr(0, lower.size() - suffix.size());
  std::string address;
  while (!labels.empty()) {
    const auto dot = labels.rfind('.');
    const std::string label = dot == std::string::npos ? labels : labels.substr(dot + 1);
    address += (address.empty() ? "" : ".") + label;
    labels = dot == std::string::npos ? "" : labels.substr(0, dot);
  }
  return address;
}

// dig prints host names fully qualified, with their final dot.
std::string fqdn(const std::string& host) {
  return host.ends_with('.') ? host : host + ".";
}

// dig prints a TXT record as its quoted character strings.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

const std::vector<DnsType>& dns_lookup_types() {
  static const std::vector<DnsType> types = {DnsType::MX, DnsType::A, DnsType::AAAA, DnsType::TXT,
                                             DnsType::PTR};
  return types;
}

std::optional<DnsType> dns_type_named(std::string_view text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (const DnsType type : dns_lookup_types()) {
    if (upper == to_string(type)) return type;
  }
  return std::nullopt;
}

DnsLookup look_up(const Resolver& resolver, std::string_view name, DnsType type) {
  DnsLookup lookup;
  if (type == DnsType::MX) {
    const MxAnswer answer = resolver.mx(name);
    lookup.status = answer.status;
    for (const auto& record : answer.records)
      lookup.lines.push_back(std::to_string(record.preference) + " " + fqdn(record.host));
    return lookup;
  }
  DnsAnswer answer;
  switch (type) {
    case DnsType::A:
      answer = resolver.a(name);
      break;
    case DnsType::AAAA:
      answer = resolver.aaaa(name);
      break;
    case DnsType::TXT:
      answer = resolver.txt(name);
      break;
    case DnsType::PTR:
      answer = resolver.ptr(address_of_reverse_name(name));
      break;
    case DnsType::MX:
      break;
  }
  lookup.status = answer.status;
  for (const auto& record : answer.records) {
    lookup.lines.push_back(type == DnsType::TXT   ? quoted(record)
                           : type == DnsType::PTR ? fqdn(record)
                                                  : record);
  }
  return lookup;
}

}  // namespace smtplab::agents
