// A node's live settings in Postfix main.cf syntax.
#include "sim/agents/main_cf.hpp"

#include <sstream>

#include "sim/agents/ip_range.hpp"
#include "sim/message/ascii.hpp"

namespace smtplab::agents {
namespace {

// "a, b c" -> {a, b, c}: Postfix separates list items with commas and/or white space.
std::vector<std::string> list_items(const std::string& value) {
  std::vector<std::string> items;
  std::string item;
  for (char c : value + " ") {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!item.empty()) items.push_back(item);
      item.clear();
    } else {
      item += c;
    }
  }
  return items;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

bool MainCf::relay_permitted(const std::string& client_address, bool authenticated) const {
  const auto client = IpAddress::parse(client_address);
  for (const auto& restriction : relay_restrictions) {
    const std::string r = message::to_lower(restriction);
    if (r == "permit") return true;
    if (r == "reject" || r == "reject_unauth_destination") return false;
    if (r == "permit_sasl_authenticated" && authenticated) return true;
    if (r == "permit_mynetworks" && client) {
      for (const auto& network : mynetworks) {
        const auto range = IpRange::parse(network);
        if (range && range->contains(*client)) return true;
      }
    }
  }
  return false;
}

MainCf parse_main_cf(const std::string& text, std::vector<std::string>* unknown) {
  MainCf out;
  std::istringstream lines(text);
  std::string logical;
  std::vector<std::string> logical_lines;
  // A line starting with white space continues the previous one (main.cf's rule).
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string trimmed(message::trim(line));
    if (trimmed.empty() || trimmed.front() == '#') continue;
    if ((line.front() == ' ' || line.front() == '\t') && !logical.empty()) {
      logical += " " + trimmed;
      continue;
    }
    if (!logical.empty()) logical_lines.push_back(logical);
    logical = trimmed;
  }
  if (!logical.empty()) logical_lines.push_back(logical);
  for (const auto& l : logical_lines) {
    const auto eq = l.find('=');
    if (eq == std::string::npos) continue;
    const std::string name(message::trim(l.substr(0, eq)));
    const std::string value(message::trim(l.substr(eq + 1)));
    if (name == "mynetworks") {
      out.mynetworks = list_items(value);
    } else if (name == "smtpd_relay_restrictions") {
      out.relay_restrictions = list_items(value);
    } else if (name == "srs_domain") {
      out.srs_domain = value;
    } else if (unknown) {
      unknown->push_back(name);
    }
  }
  return out;
}

std::string format_main_cf(const MainCf& settings, const std::string& node) {
  std::string out = "# " + node +
                    ": the settings this node reads again whenever this file changes\n"
                    "# (Postfix syntax; a parameter set twice takes its last value).\n";
  out += "mynetworks = " + join(settings.mynetworks) + "\n";
  out += "smtpd_relay_restrictions = " + join(settings.relay_restrictions) + "\n";
  out += settings.srs_domain.empty() ? "#srs_domain = \n"
                                     : "srs_domain = " + settings.srs_domain + "\n";
  return out;
}

}  // namespace smtplab::agents
