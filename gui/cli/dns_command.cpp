// `smtplab dns NAME TYPE [--scenario S]`: asks the lab's simulated DNS (sim/agents
// resolver) what a chapter's topology publishes, and prints the answer the way
// `dig +short` does, so that a lesson's DNS examples can be run as printed. The lab's
// names live only in the lab: `dig` would ask the internet's DNS, which knows none of them.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <exception>
#include <string>

#include "gui/cli/commands.hpp"
#include "gui/cli/options.hpp"
#include "gui/cli/scenario_lookup.hpp"
#include "sim/agents/resolver.hpp"
#include "sim/lab/scenario_loader.hpp"

namespace smtplab::cli {
namespace {

constexpr const char* kUsage = R"(usage: smtplab dns NAME TYPE [--scenario S] [--lang fr|en]

Queries the lab's simulated DNS, the one the lab's servers use to route mail and to check
SPF, DKIM and DMARC, and prints the answer like `dig +short`: one record per line, after a
comment line (starting with ';') saying which lab answered. TYPE is MX, A, AAAA, TXT or
PTR (for PTR, NAME is an address, 127.0.1.20, or its in-addr.arpa name). Without
--scenario, the built-in topology (`smtplab run` without SCENARIO) answers.
DKIM keys (SELECTOR._domainkey.DOMAIN) are made when a lab starts, so only a running lab
publishes them (the window's DNS view).
Exit status: 0 with an answer, 1 for NXDOMAIN or no record of that type, 2 on a usage
or scenario error.

)";

agents::DnsType parse_type(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (const auto type : {agents::DnsType::A, agents::DnsType::AAAA, agents::DnsType::MX,
                          agents::DnsType::TXT, agents::DnsType::PTR}) {
    if (text == agents::to_string(type)) return type;
  }
  throw UsageError("TYPE is MX, A, AAAA, TXT or PTR, not \"" + text + "\"");
}

// "20.1.0.127.in-addr.arpa" -> "127.0.1.20"; anything else is returned as given.
std::string address_of_reverse_name(const std::string& name) {
  const std::string suffix = ".in-addr.arpa";
  const std::string lower = agents::normalize_dns_name(name);
  if (lower.size() <= suffix.size() || !lower.ends_with(suffix)) return name;
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

int run_dns_command(const Args& args) {
  try {
    Options options(args, {"--scenario", "--lang"}, {"--help", "-h"});
    if (options.flag("--help") || options.flag("-h")) {
      std::fputs(kUsage, stdout);
      std::fputs(kScenarioLookupHelp, stdout);
      return 0;
    }
    if (options.positionals().size() != 2)
      throw UsageError("give NAME and TYPE (e.g. gsimaroc.com MX)");
    const std::string lang = language_option(options);
    const bool fr = lang == "fr";
    const std::string name = options.positionals()[0];
    const agents::DnsType type = parse_type(options.positionals()[1]);

    lab::TopologySpec topology = lab::default_topology();
    std::string which = fr ? "la topologie par d\u00e9faut" : "the default topology";
    if (const auto scenario = options.value("--scenario")) {
      const auto loaded = lab::load_scenario(resolve_scenario(*scenario));
      if (!loaded.ok()) {
        for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
        return 2;
      }
      topology = loaded.scenario->topology;
      which = (fr ? "le sc\u00e9nario " : "scenario ") + loaded.scenario->id;
    }
    const agents::Resolver resolver(topology.nodes, topology.dns);

    agents::DnsStatus status = agents::DnsStatus::NxDomain;
    std::vector<std::string> lines;
    if (type == agents::DnsType::MX) {
      const auto answer = resolver.mx(name);
      status = answer.status;
      for (const auto& r : answer.records)
        lines.push_back(std::to_string(r.preference) + " " + fqdn(r.host));
    } else {
      agents::DnsAnswer answer;
      switch (type) {
        case agents::DnsType::A:
          answer = resolver.a(name);
          break;
        case agents::DnsType::AAAA:
          answer = resolver.aaaa(name);
          break;
        case agents::DnsType::TXT:
          answer = resolver.txt(name);
          break;
        case agents::DnsType::PTR:
          answer = resolver.ptr(address_of_reverse_name(name));
          break;
        case agents::DnsType::MX:
          break;
      }
      status = answer.status;
      for (const auto& r : answer.records) {
        lines.push_back(type == agents::DnsType::TXT   ? quoted(r)
                        : type == agents::DnsType::PTR ? fqdn(r)
                                                       : r);
      }
    }
    // The comment line comes first and starts with ';', as dig's own comments do.
    std::printf(fr ? "; DNS simul\u00e9 du lab (%s), pas celui d'Internet : %s %s -> %s\n"
                   : "; the lab's simulated DNS (%s), not the internet's: %s %s -> %s\n",
                which.c_str(), name.c_str(), agents::to_string(type), agents::to_string(status));
    for (const auto& line : lines) std::printf("%s\n", line.c_str());
    return status == agents::DnsStatus::Answer ? 0 : 1;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smtplab dns: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smtplab dns: %s\n", e.what());
    return 1;
  }
}

}  // namespace smtplab::cli
