// `smtplab dns NAME TYPE [--scenario S]`: asks the lab's simulated DNS (sim/agents
// resolver) what a chapter's topology publishes, and prints the answer the way
// `dig +short` does, so that a lesson's DNS examples can be run as printed. The lab's
// names live only in the lab: `dig` would ask the internet's DNS, which knows none of them.
#include <cstdio>
#include <exception>
#include <string>

#include "gui/cli/commands.hpp"
#include "gui/cli/options.hpp"
#include "gui/cli/scenario_lookup.hpp"
#include "sim/agents/dns_lookup.hpp"
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
publishes them (the DNS lookup in the window's topology view, while the lab runs).
Exit status: 0 with an answer, 1 for NXDOMAIN or no record of that type, 2 on a usage
or scenario error.

)";

agents::DnsType parse_type(const std::string& text) {
  if (const auto type = agents::dns_type_named(text)) return *type;
  throw UsageError("TYPE is MX, A, AAAA, TXT or PTR, not \"" + text + "\"");
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

    const agents::DnsLookup lookup = agents::look_up(resolver, name, type);
    // The comment line comes first and starts with ';', as dig's own comments do.
    std::printf(fr ? "; DNS simul\u00e9 du lab (%s), pas celui d'Internet : %s %s -> %s\n"
                   : "; the lab's simulated DNS (%s), not the internet's: %s %s -> %s\n",
                which.c_str(), name.c_str(), agents::to_string(type),
                agents::to_string(lookup.status));
    for (const auto& line : lookup.lines) std::printf("%s\n", line.c_str());
    return lookup.status == agents::DnsStatus::Answer ? 0 : 1;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smtplab dns: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smtplab dns: %s\n", e.what());
    return 1;
  }
}

}  // namespace smtplab::cli
