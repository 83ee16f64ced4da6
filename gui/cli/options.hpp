// A small command-line option reader shared by the subcommands: "--name value",
// "--name=value", repeatable options and positionals, with readable errors.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace smtplab::cli {

/// Thrown for a bad command line; the message is shown as "smtplab CMD: message".
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Options {
 public:
  /// `with_value`: options that take a value; `flags`: options that do not.
  Options(const std::vector<std::string>& args, const std::set<std::string>& with_value,
          const std::set<std::string>& flags);

  /// Last value of an option, or nullopt.
  std::optional<std::string> value(const std::string& name) const;
  /// Every value of a repeatable option, in order.
  std::vector<std::string> values(const std::string& name) const;
  /// True when a flag was given.
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  const std::vector<std::string>& positionals() const { return positionals_; }
  /// A numeric option; throws UsageError when it is not a number.
  std::optional<unsigned long long> number(const std::string& name) const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::set<std::string> flags_;
  std::vector<std::string> positionals_;
};

/// The language of printed lines: --lang fr|en when given (UsageError otherwise), else the
/// user's locale (LC_ALL, LC_MESSAGES, LANG: "fr..." is French), else English.
std::string language_option(const Options& options);

/// Splits "HOST:PORT" ("[::1]:25" for IPv6); throws UsageError.
std::pair<std::string, unsigned short> parse_host_port(const std::string& text);

}  // namespace smtplab::cli
