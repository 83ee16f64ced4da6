// One query to the lab's simulated DNS as a person asks it: a name and a type typed by
// hand (`smtplab dns`, the window's DNS lookup), answered in `dig +short`'s form so that
// what a lesson shows and what the student sees read the same. Both use this one
// formatter.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/agents/resolver.hpp"

namespace smtplab::agents {

/// The types a person may ask for, in the order they are offered: MX, A, AAAA, TXT, PTR.
const std::vector<DnsType>& dns_lookup_types();

/// The type named `text` ("mx", "MX", "Txt"...); nullopt for anything else.
std::optional<DnsType> dns_type_named(std::string_view text);

/// A query's answer as `dig +short` prints it.
struct DnsLookup {
  DnsStatus status = DnsStatus::NxDomain;
  /// One line per record: "10 mail.example.org." for MX, a quoted string for TXT, a
  /// fully qualified name for PTR, an address for A and AAAA.
  std::vector<std::string> lines;
};

/// Asks `resolver` for `name`'s records of `type`. For PTR, `name` is an address
/// ("127.0.1.20") or its in-addr.arpa name.
DnsLookup look_up(const Resolver& resolver, std::string_view name, DnsType type);

}  // namespace smtplab::agents
