// A node's live settings, written as a Postfix main.cf: the lab writes one per server node
// (state dir, etc/<node>/main.cf) when it starts, and the node reads it again whenever it
// changes, so an administrator (the student) can close an open relay or turn SRS on while
// the lab runs, as `postconf -e` then `postfix reload` would. Only the parameters below
// are understood; others are kept and ignored. As in Postfix, a parameter set twice takes
// its last value, and `#` starts a comment line.
#pragma once

#include <string>
#include <vector>

namespace smtplab::agents {

struct MainCf {
  /// mynetworks: the client ranges permit_mynetworks lets relay ("127.0.1.0/24").
  std::vector<std::string> mynetworks;
  /// smtpd_relay_restrictions, in order: permit, permit_mynetworks,
  /// permit_sasl_authenticated, reject_unauth_destination, reject. The first that decides
  /// wins; the end of the list refuses (Postfix would permit, which is why its own default
  /// ends with reject_unauth_destination).
  std::vector<std::string> relay_restrictions{"permit_mynetworks", "permit_sasl_authenticated",
                                              "reject_unauth_destination"};
  /// srs_domain (postsrsd's SRS_DOMAIN): when set, mail forwarded to another domain leaves
  /// with an SRS0 reverse-path in this domain; empty = forward the sender unchanged.
  std::string srs_domain;

  /// May a client at `client_address` (authenticated or not) relay to another domain?
  bool relay_permitted(const std::string& client_address, bool authenticated) const;
};

/// Reads main.cf text; unknown parameters are ignored. `unknown` receives their names.
MainCf parse_main_cf(const std::string& text, std::vector<std::string>* unknown = nullptr);

/// The text of a main.cf holding these settings, with a comment header naming `node`.
std::string format_main_cf(const MainCf& settings, const std::string& node);

}  // namespace smtplab::agents
