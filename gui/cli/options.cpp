// Command-line option reading for the subcommands.
#include "gui/cli/options.hpp"

#include <cstdlib>

#include <charconv>

namespace smtplab::cli {

Options::Options(const std::vector<std::string>& args, const std::set<std::string>& with_value,
                 const std::set<std::string>& flags) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      positionals_.insert(positionals_.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                          args.end());
      break;
    }
    if (!arg.starts_with("-") || arg == "-") {
      positionals_.push_back(arg);
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    if (flags.count(name)) {
      if (inline_value) throw UsageError(name + " takes no value");
      flags_.insert(name);
    } else if (with_value.count(name)) {
      if (inline_value) {
        values_[name].push_back(*inline_value);
      } else if (i + 1 < args.size()) {
        values_[name].push_back(args[++i]);
      } else {
        throw UsageError(name + " needs a value");
      }
    } else {
      throw UsageError("unknown option " + name + " (see --help)");
    }
  }
}

std::optional<std::string> Options::value(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Options::values(const std::string& name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::optional<unsigned long long> Options::number(const std::string& name) const {
  const auto text = value(name);
  if (!text) return std::nullopt;
  unsigned long long n = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc{} || ptr != text->data() + text->size()) {
    throw UsageError(name + " needs a number, not \"" + *text + "\"");
  }
  return n;
}

std::pair<std::string, unsigned short> parse_host_port(const std::string& text) {
  std::string host;
  std::string port;
  if (text.starts_with("[")) {
    const auto close = text.find("]:");
    if (close == std::string::npos) throw UsageError("\"" + text + "\" is not [IPv6]:PORT");
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) throw UsageError("\"" + text + "\" is not HOST:PORT");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || ec != std::errc{} || ptr != port.data() + port.size() || value > 65535) {
    throw UsageError("\"" + text + "\" is not HOST:PORT");
  }
  return {host, static_cast<unsigned short>(value)};
}

std::string language_option(const Options& options) {
  if (const auto lang = options.value("--lang")) {
    if (*lang != "fr" && *lang != "en") throw UsageError("--lang is fr or en");
    return *lang;
  }
  // The first of these that is set wins, as for gettext.
  for (const char* variable : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(variable);
    if (value && *value) return std::string(value).rfind("fr", 0) == 0 ? "fr" : "en";
  }
  return "en";
}

}  // namespace smtplab::cli
