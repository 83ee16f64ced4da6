// Reading YAML nodes strictly, for the scenario loader (internal, includes yaml-cpp):
// typed getters that report wrong types, mappings that report unknown, duplicate and
// missing keys, all as LoadErrors placed at the node's YAML mark. Readers never throw and
// never stop at the first error: they record it and return false.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/lab/scenario_loader.hpp"
#include "sim/lab/scenario_spec.hpp"

namespace smtplab::lab::yamlread {

/// One file being read: its name as reported, and where its errors go.
struct Source {
  std::string file;  ///< as reported in errors
  std::vector<LoadError>* errors = nullptr;

  /// Location of a node (1-based).
  SourceLocation at(const YAML::Node& node) const;
  /// Location of a mark (1-based; a null mark becomes 1:1).
  SourceLocation at(const YAML::Mark& mark) const;
  /// Records an error at a node.
  void error(const YAML::Node& node, std::string message) const;
  /// Records an error at a mark.
  void error(const YAML::Mark& mark, std::string message) const;
  /// Records an error at a location already computed.
  void error(const SourceLocation& where, std::string message) const;
};

/// "a mapping", "a sequence", "a string", "null" for messages.
std::string describe(const YAML::Node& node);

/// A mapping whose keys are checked: unknown and duplicate keys are errors.
class MapReader {
 public:
  /// `what` names the mapping in messages ("node", "send step").
  MapReader(const Source& source, const YAML::Node& node, std::string what);
  /// False when the node was not a mapping (already reported).
  bool valid() const { return valid_; }
  /// The value of `key`, or an undefined node; marks the key as known.
  YAML::Node get(const std::string& key);
  /// Like get(), and reports a missing key.
  YAML::Node require(const std::string& key);
  /// True when the key is present (marks it known).
  bool has(const std::string& key);
  /// The mark of `key` itself (for errors about the key), or the mapping's.
  YAML::Mark key_mark(const std::string& key) const;
  /// Reports every key that was never asked for. Call once, after reading.
  void finish();
  /// The mapping itself.
  const YAML::Node& node() const { return node_; }
  /// The name used in messages.
  const std::string& what() const { return what_; }

 private:
  const Source& source_;
  YAML::Node node_;
  std::string what_;
  bool valid_ = false;
  std::vector<std::pair<std::string, YAML::Node>> keys_;  ///< key text and key node, in order
  std::map<std::string, YAML::Node> values_;
  std::vector<std::string> known_;
};

// Typed reads. Each takes the value node (possibly undefined: then it does nothing and
// returns true), the key name for messages, and writes `out` only on success.

bool read_string(const Source& s, const YAML::Node& v, const std::string& key, std::string& out);
bool read_bool(const Source& s, const YAML::Node& v, const std::string& key, bool& out);
bool read_int(const Source& s, const YAML::Node& v, const std::string& key, long long min,
              long long max, long long& out);
/// A number greater than zero.
bool read_positive(const Source& s, const YAML::Node& v, const std::string& key, double& out);
/// A sequence of strings; with `allow_single` a lone string is a one-element list.
bool read_strings(const Source& s, const YAML::Node& v, const std::string& key,
                  std::vector<std::string>& out, bool allow_single = false);
/// A mapping of string to string.
bool read_string_map(const Source& s, const YAML::Node& v, const std::string& key,
                     std::map<std::string, std::string>& out);
/// A mapping of string to a list of strings (a lone string is a one-element list).
bool read_string_list_map(const Source& s, const YAML::Node& v, const std::string& key,
                          std::map<std::string, std::vector<std::string>>& out);
/// `{ fr: ..., en: ... }`, both required.
bool read_localized(const Source& s, const YAML::Node& v, const std::string& key,
                    LocalizedText& out);
/// A duration: seconds as an integer, or "90s", "5m", "4h", "6d".
bool read_duration(const Source& s, const YAML::Node& v, const std::string& key,
                   std::uint64_t& out);
/// A reply code pattern: 250, "250", "5xx", "55x".
bool read_reply_pattern(const Source& s, const YAML::Node& v, const std::string& key,
                        ReplyPattern& out);
/// One pattern or a list of patterns.
bool read_expectation(const Source& s, const YAML::Node& v, const std::string& key,
                      ReplyExpectation& out);
/// A keyword among `allowed`; reports the allowed list when wrong.
bool read_keyword(const Source& s, const YAML::Node& v, const std::string& key,
                  const std::vector<std::string>& allowed, std::string& out);

/// True for dotted-quad IPv4 addresses in 127.0.0.0/8.
bool is_loopback_ipv4(const std::string& text);
/// True for "a.b.c.d" or "a.b.c.d/n" with valid parts.
bool is_ipv4_or_cidr(const std::string& text);

}  // namespace smtplab::lab::yamlread
