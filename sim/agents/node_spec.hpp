// What one node of a topology is, and the DNS records of one name: plain data with
// defaults, no behaviour. The agents are built from it (MtaAgent from a NodeSpec, the
// simulated Resolver from the nodes and the zones); sim/lab's TopologySpec gathers them
// with the queue timing and the clock (sim/lab/topology_spec.hpp), and scenario files are
// read into them. Every field a scenario can set about a node is here.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smtplab::agents {

/// A text in the two languages of the lab.
struct LocalizedText {
  std::string fr;
  std::string en;
  /// The text in `lang` ("fr" or "en"), falling back to the other language.
  const std::string& in(const std::string& lang) const {
    if (lang == "fr") return fr.empty() ? en : fr;
    return en.empty() ? fr : en;
  }
  bool operator==(const LocalizedText&) const = default;
};

/// One MX record.
struct MxSpec {
  int preference = 10;  ///< lower is tried first (RFC 5321 §5.1)
  std::string host;     ///< a host name; its address comes from an A record or a node
};

/// The records of one DNS name. Node host names get their A record from the node.
struct DnsZoneSpec {
  std::string name;                ///< "gsimaroc.com" or a host "mail.gsimaroc.com"
  std::vector<MxSpec> mx;          ///< MX records
  std::vector<std::string> a;      ///< A/AAAA records (loopback addresses)
  std::vector<std::string> txt;    ///< TXT records (SPF "v=spf1 ...", DMARC at _dmarc.<d>)
  std::optional<std::string> ptr;  ///< for an address name: the PTR target
};

/// What a node is in the chain.
enum class NodeKind {
  Mua,    ///< a mail user agent: composes and submits, listens on nothing
  Msa,    ///< submission server (587 with AUTH, 465), relays for its authenticated users
  Relay,  ///< relay MTA (smarthost or MX routing), adds its Received line
  Mx,     ///< destination MTA with its MDA: delivers to local Maildir mailboxes
};

/// Who may relay through a node (to domains that are not its own).
struct RelayPolicySpec {
  bool open = false;                  ///< anyone (the spam lesson)
  bool authenticated = true;          ///< clients that passed AUTH
  std::vector<std::string> networks;  ///< client addresses or CIDR ranges ("127.0.1.0/24")
};

/// How a node sends mail on (when it does not deliver it locally).
struct RoutingSpec {
  std::string smarthost;   ///< node id or host name to send everything to; empty = MX lookup
  std::uint16_t port = 0;  ///< 0 = the smarthost node's smtp port
};

/// The three rewrites of the course, applied by the node when it accepts a message.
struct RewriteSpec {
  std::string masquerade_domain;              ///< machine.truc.net -> truc.net
  std::vector<std::string> masquerade_hosts;  ///< host names to masquerade (empty = any subdomain)
  std::map<std::string, std::string> canonical;  ///< address -> address (sender and recipients)
  std::string append_domain;                     ///< domain added to bare local parts
};

/// Sender authentication settings of a node.
struct MailAuthSpec {
  bool dkim_sign = false;             ///< sign outgoing mail for dkim_domain
  std::string dkim_domain;            ///< d= of the signature
  std::string dkim_selector = "lab";  ///< s= of the signature; key published at <s>._domainkey.<d>
  bool spf_check = false;             ///< evaluate SPF on incoming mail (Received-SPF)
  bool dkim_verify = false;           ///< verify DKIM signatures (Authentication-Results)
  bool dmarc_apply = false;           ///< apply the sender domain's DMARC policy
  bool break_signature = false;       ///< a relay that modifies the body (to show DKIM failing)
};

/// What a receiving node checks about its SMTP clients at RCPT (the spam chapter).
struct ClientChecksSpec {
  std::vector<std::string> dnsbl;  ///< DNS blocklist zones asked for the client's address
  bool reverse_dns = false;        ///< PTR confirmed forward (FCrDNS), else 450 4.7.25
  bool helo_resolvable = false;    ///< the HELO name must resolve, else 450 4.7.1
  bool helo_match = false;         ///< note a HELO name that does not name the client
  std::vector<std::string> exempt{"postmaster", "abuse"};  ///< recipients never refused
};

/// Sender Rewriting Scheme for forwarded mail (aliases to other domains).
struct SrsSpec {
  std::string domain;  ///< SRS0 addresses are in this domain; empty = no SRS at start
  std::string secret;  ///< HMAC key of the hash; empty = one derived from the node id
};

/// How a MUA submits.
struct SubmitSpec {
  std::string server;               ///< node id of the MSA (or MTA)
  std::string port = "submission";  ///< "smtp", "submission" or "smtps"
  bool starttls = true;             ///< use STARTTLS when offered
  std::string user;                 ///< AUTH user (empty = no AUTH)
  std::string password;
};

/// One node of the topology.
struct NodeSpec {
  std::string id;  ///< unique name, e.g. "mail.gsimaroc.com"
  NodeKind kind = NodeKind::Mx;
  std::string address;                         ///< its own loopback address, e.g. "127.0.1.20"
  std::map<std::string, std::uint16_t> ports;  ///< "smtp"/"submission"/"smtps" -> port
                                               ///< (0 = standard or lab offset)
  std::string hostname;                        ///< name in greeting/Received (default: id)
  LocalizedText label;                         ///< shown in the topology view
  // Personality.
  std::string banner;                          ///< whole 220 text
  std::map<std::string, std::string> replies;  ///< reply name (e.g. "MessageAccepted") -> text
  // Delivery (Mx).
  std::vector<std::string> domains;    ///< domains this node is final destination for
  std::vector<std::string> mailboxes;  ///< local parts that exist ("ali.belabbas")
  std::map<std::string, std::vector<std::string>> aliases;  ///< local part -> addresses
  std::map<std::string, std::vector<std::string>> lists;    ///< list local part -> members
  bool reject_unknown_at_rcpt = true;  ///< false: accept with 250, then bounce (the lesson)
  std::uint64_t quota_bytes = 0;       ///< per mailbox, 0 = none (full -> 452/552)
  // Access.
  std::map<std::string, std::string> users;  ///< AUTH users: name -> password
  bool tls = true;                           ///< STARTTLS and the smtps port
  bool auth_over_cleartext = false;          ///< offer AUTH without TLS (a lesson)
  bool esmtp = true;                    ///< answer EHLO; false = 502, clients fall back to HELO
  std::vector<std::string> extensions;  ///< EHLO keywords to announce (empty = all supported)
  bool vrfy = false;                    ///< answer VRFY truthfully
  bool expn = false;                    ///< answer EXPN
  std::uint64_t max_message_size = 10 * 1024 * 1024;
  RelayPolicySpec relay;
  RoutingSpec routing;
  RewriteSpec rewrite;
  MailAuthSpec mail_auth;
  ClientChecksSpec client_checks;
  SrsSpec srs;
  SubmitSpec submit;  ///< for a Mua
};

}  // namespace smtplab::agents
