// Strict YAML reading for the scenario loader: typed getters and checked mappings.
#include "sim/lab/scenario_yaml.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <limits>

#include "sim/lab/duration_text.hpp"

namespace smtplab::lab::yamlread {

namespace {

/// Levenshtein distance, to suggest the key the author probably meant.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool parse_integer(const std::string& text, long long& out) {
  if (text.empty()) return false;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (*begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

SourceLocation Source::at(const YAML::Mark& mark) const {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return {file, 1, 1};
  return {file, mark.line + 1, mark.column + 1};
}

SourceLocation Source::at(const YAML::Node& node) const {
  if (!node.IsDefined()) return {file, 1, 1};
  return at(node.Mark());
}

void Source::error(const SourceLocation& where, std::string message) const {
  errors->push_back(LoadError{where.file, where.line, where.column, std::move(message)});
}

void Source::error(const YAML::Node& node, std::string message) const {
  error(at(node), std::move(message));
}

void Source::error(const YAML::Mark& mark, std::string message) const {
  error(at(mark), std::move(message));
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
      return "nothing";
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    case YAML::NodeType::Sequence:
      return node.size() == 0 ? "an empty sequence" : "a sequence";
    case YAML::NodeType::Map:
      return "a mapping";
  }
  return "?";
}

// ---------------------------------------------------------------------------------------
// MapReader
// ---------------------------------------------------------------------------------------

MapReader::MapReader(const Source& source, const YAML::Node& node, std::string what)
    : source_(source), node_(node), what_(std::move(what)) {
  if (!node.IsMap()) {
    source_.error(node, what_ + " must be a mapping, not " + describe(node));
    return;
  }
  valid_ = true;
  for (const auto& kv : node) {
    const YAML::Node& key = kv.first;
    if (!key.IsScalar()) {
      source_.error(key, "a key in " + what_ + " must be a string, not " + describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    auto previous =
        std::find_if(keys_.begin(), keys_.end(), [&](const auto& k) { return k.first == name; });
    if (previous != keys_.end()) {
      source_.error(key, "duplicate key '" + name + "' in " + what_ + " (first at line " +
                             std::to_string(source_.at(previous->second).line) + ")");
      continue;
    }
    keys_.emplace_back(name, key);
    values_[name] = kv.second;
  }
}

YAML::Node MapReader::get(const std::string& key) {
  known_.push_back(key);
  auto it = values_.find(key);
  if (it == values_.end()) return YAML::Node(YAML::NodeType::Undefined);
  return it->second;
}

bool MapReader::has(const std::string& key) {
  known_.push_back(key);
  return values_.count(key) != 0;
}

YAML::Node MapReader::require(const std::string& key) {
  YAML::Node value = get(key);
  if (valid_ && !value.IsDefined()) {
    source_.error(node_, "missing required key '" + key + "' in " + what_);
  }
  return value;
}

YAML::Mark MapReader::key_mark(const std::string& key) const {
  for (const auto& [name, node] : keys_) {
    if (name == key) return node.Mark();
  }
  return node_.Mark();
}

void MapReader::finish() {
  for (const auto& [name, key] : keys_) {
    if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
    std::string message = "unknown key '" + name + "' in " + what_;
    std::string best;
    std::size_t best_distance = 3;
    for (const auto& candidate : known_) {
      const std::size_t d = edit_distance(name, candidate);
      if (d < best_distance && d < name.size()) {
        best_distance = d;
        best = candidate;
      }
    }
    if (!best.empty()) message += " (did you mean '" + best + "'?)";
    source_.error(key, message);
  }
}

// ---------------------------------------------------------------------------------------
// Typed reads
// ---------------------------------------------------------------------------------------

bool read_string(const Source& s, const YAML::Node& v, const std::string& key, std::string& out) {
  if (!v.IsDefined()) return true;
  if (!v.IsScalar()) {
    s.error(v, "'" + key + "' must be a string, not " + describe(v));
    return false;
  }
  out = v.Scalar();
  return true;
}

bool read_bool(const Source& s, const YAML::Node& v, const std::string& key, bool& out) {
  if (!v.IsDefined()) return true;
  if (v.IsScalar()) {
    const std::string& t = v.Scalar();
    if (t == "true" || t == "yes" || t == "on") {
      out = true;
      return true;
    }
    if (t == "false" || t == "no" || t == "off") {
      out = false;
      return true;
    }
  }
  s.error(v, "'" + key + "' must be true or false, not " + describe(v));
  return false;
}

bool read_int(const Source& s, const YAML::Node& v, const std::string& key, long long min,
              long long max, long long& out) {
  if (!v.IsDefined()) return true;
  long long value = 0;
  if (!v.IsScalar() || !parse_integer(v.Scalar(), value) || value < min || value > max) {
    s.error(v, "'" + key + "' must be an integer from " + std::to_string(min) + " to " +
                   std::to_string(max) + ", not " + describe(v));
    return false;
  }
  out = value;
  return true;
}

bool read_positive(const Source& s, const YAML::Node& v, const std::string& key, double& out) {
  if (!v.IsDefined()) return true;
  if (v.IsScalar() && !v.Scalar().empty()) {
    const std::string& t = v.Scalar();
    char* end = nullptr;
    const double value = std::strtod(t.c_str(), &end);
    if (end == t.c_str() + t.size() && value > 0) {
      out = value;
      return true;
    }
  }
  s.error(v, "'" + key + "' must be a number greater than 0, not " + describe(v));
  return false;
}

bool read_strings(const Source& s, const YAML::Node& v, const std::string& key,
                  std::vector<std::string>& out, bool allow_single) {
  if (!v.IsDefined()) return true;
  if (allow_single && v.IsScalar()) {
    out = {v.Scalar()};
    return true;
  }
  if (!v.IsSequence()) {
    s.error(v, "'" + key + "' must be a list of strings, not " + describe(v));
    return false;
  }
  std::vector<std::string> values;
  bool ok = true;
  for (const auto& item : v) {
    if (!item.IsScalar()) {
      s.error(item, "each entry of '" + key + "' must be a string, not " + describe(item));
      ok = false;
      continue;
    }
    values.push_back(item.Scalar());
  }
  if (ok) out = std::move(values);
  return ok;
}

bool read_string_map(const Source& s, const YAML::Node& v, const std::string& key,
                     std::map<std::string, std::string>& out) {
  if (!v.IsDefined()) return true;
  if (!v.IsMap()) {
    s.error(v, "'" + key + "' must be a mapping, not " + describe(v));
    return false;
  }
  std::map<std::string, std::string> values;
  bool ok = true;
  for (const auto& kv : v) {
    std::string name;
    std::string value;
    ok = read_string(s, kv.first, key + " key", name) && ok;
    ok = read_string(s, kv.second, key + "." + name, value) && ok;
    values[name] = value;
  }
  if (ok) out = std::move(values);
  return ok;
}

bool read_string_list_map(const Source& s, const YAML::Node& v, const std::string& key,
                          std::map<std::string, std::vector<std::string>>& out) {
  if (!v.IsDefined()) return true;
  if (!v.IsMap()) {
    s.error(v, "'" + key + "' must be a mapping, not " + describe(v));
    return false;
  }
  std::map<std::string, std::vector<std::string>> values;
  bool ok = true;
  for (const auto& kv : v) {
    std::string name;
    std::vector<std::string> list;
    ok = read_string(s, kv.first, key + " key", name) && ok;
    ok = read_strings(s, kv.second, key + "." + name, list, true) && ok;
    values[name] = list;
  }
  if (ok) out = std::move(values);
  return ok;
}

bool read_localized(const Source& s, const YAML::Node& v, const std::string& key,
                    LocalizedText& out) {
  if (!v.IsDefined()) return true;
  MapReader map(s, v, "'" + key + "'");
  if (!map.valid()) return false;
  LocalizedText text;
  bool ok = read_string(s, map.require("fr"), "fr", text.fr);
  ok = read_string(s, map.require("en"), "en", text.en) && ok;
  map.finish();
  if (ok) out = std::move(text);
  return ok;
}

bool read_duration(const Source& s, const YAML::Node& v, const std::string& key,
                   std::uint64_t& out) {
  if (!v.IsDefined()) return true;
  if (v.IsScalar()) {
    // Whole seconds: the clock steps a scenario names are counted, not measured.
    const auto seconds = parse_duration(v.Scalar());
    if (seconds && *seconds == static_cast<double>(static_cast<std::uint64_t>(*seconds))) {
      out = static_cast<std::uint64_t>(*seconds);
      return true;
    }
  }
  s.error(
      v, "'" + key + "' must be a duration (seconds, or like 90s, 5m, 4h, 6d), not " + describe(v));
  return false;
}

bool read_reply_pattern(const Source& s, const YAML::Node& v, const std::string& key,
                        ReplyPattern& out) {
  if (!v.IsDefined()) return true;
  if (v.IsScalar()) {
    const std::string& t = v.Scalar();
    const bool shape = t.size() == 3 && t[0] >= '2' && t[0] <= '5' &&
                       std::all_of(t.begin() + 1, t.end(),
                                   [](char c) { return (c >= '0' && c <= '9') || c == 'x'; });
    if (shape) {
      out.pattern = t;
      return true;
    }
  }
  s.error(v, "'" + key + "' must be a reply code like 250, 5xx or 55x, not " + describe(v));
  return false;
}

bool read_expectation(const Source& s, const YAML::Node& v, const std::string& key,
                      ReplyExpectation& out) {
  if (!v.IsDefined()) return true;
  ReplyExpectation patterns;
  bool ok = true;
  if (v.IsSequence()) {
    for (const auto& item : v) {
      ReplyPattern p;
      if (read_reply_pattern(s, item, key, p)) {
        patterns.push_back(p);
      } else {
        ok = false;
      }
    }
  } else {
    ReplyPattern p;
    ok = read_reply_pattern(s, v, key, p);
    patterns.push_back(p);
  }
  if (ok) out = std::move(patterns);
  return ok;
}

bool read_keyword(const Source& s, const YAML::Node& v, const std::string& key,
                  const std::vector<std::string>& allowed, std::string& out) {
  if (!v.IsDefined()) return true;
  if (v.IsScalar() && std::find(allowed.begin(), allowed.end(), v.Scalar()) != allowed.end()) {
    out = v.Scalar();
    return true;
  }
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  s.error(v, "'" + key + "' must be one of " + list + ", not " + describe(v));
  return false;
}

bool is_ipv4_or_cidr(const std::string& text) {
  std::string address = text;
  const auto slash = text.find('/');
  if (slash != std::string::npos) {
    long long bits = -1;
    if (!parse_integer(text.substr(slash + 1), bits) || bits < 0 || bits > 32) return false;
    address = text.substr(0, slash);
  }
  int parts = 0;
  std::size_t start = 0;
  while (true) {
    const auto dot = address.find('.', start);
    const std::string part = address.substr(start, dot == std::string::npos ? dot : dot - start);
    long long value = -1;
    if (part.empty() || part.size() > 3 || !parse_integer(part, value) || value > 255 ||
        part[0] == '+') {
      return false;
    }
    ++parts;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

bool is_loopback_ipv4(const std::string& text) {
  return text.find('/') == std::string::npos && is_ipv4_or_cidr(text) && text.rfind("127.", 0) == 0;
}

}  // namespace smtplab::lab::yamlread
