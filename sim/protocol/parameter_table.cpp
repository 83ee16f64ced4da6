// The ESMTP parameter table (see parameter_table.hpp).
#include "sim/protocol/parameter_table.hpp"

#include <array>
#include <vector>

#include "sim/protocol/text.hpp"

namespace smtplab::protocol {
namespace {

constexpr std::array kParameters{
    ParameterSpec{Verb::Mail, "SIZE", ParameterValue::Decimal, "SIZE=<number of octets>", "SIZE",
                  "RFC 1870 §6"},
    ParameterSpec{Verb::Mail, "BODY", ParameterValue::BodyType, "BODY=7BIT|8BITMIME", "8BITMIME",
                  "RFC 6152 §2"},
    ParameterSpec{Verb::Mail, "SMTPUTF8", ParameterValue::None, "SMTPUTF8", "SMTPUTF8",
                  "RFC 6531 §3.4"},
    ParameterSpec{Verb::Mail, "RET", ParameterValue::ReturnType, "RET=FULL|HDRS", "DSN",
                  "RFC 3461 §4.3"},
    ParameterSpec{Verb::Mail, "ENVID", ParameterValue::Text, "ENVID=<xtext>", "DSN",
                  "RFC 3461 §4.4"},
    ParameterSpec{Verb::Mail, "AUTH", ParameterValue::Text, "AUTH=<mailbox in xtext>|<>", "AUTH",
                  "RFC 4954 §5"},
    ParameterSpec{Verb::Rcpt, "NOTIFY", ParameterValue::NotifyList,
                  "NOTIFY=NEVER|SUCCESS,FAILURE,DELAY", "DSN", "RFC 3461 §4.1"},
    ParameterSpec{Verb::Rcpt, "ORCPT", ParameterValue::TypedAddress,
                  "ORCPT=<address type>;<address in xtext>", "DSN", "RFC 3461 §4.2"},
};

// RFC 3461 §4.1: NEVER alone, or any of the three others, each at most once.
bool valid_notify_list(std::string_view value) {
  if (iequals(value, "NEVER")) return true;
  bool seen[3] = {false, false, false};
  constexpr std::string_view kWords[3] = {"SUCCESS", "FAILURE", "DELAY"};
  while (true) {
    const auto comma = value.find(',');
    const std::string_view word = value.substr(0, comma);
    bool known = false;
    for (int i = 0; i < 3; ++i) {
      if (iequals(word, kWords[i])) {
        if (seen[i]) return false;
        seen[i] = known = true;
      }
    }
    if (!known) return false;
    if (comma == std::string_view::npos) return true;
    value.remove_prefix(comma + 1);
  }
}

// RFC 3461 §4.2: addr-type is an atom ("rfc822", "utf-8"), then ";" and a non-empty address.
bool valid_typed_address(std::string_view value) {
  const auto semicolon = value.find(';');
  if (semicolon == 0 || semicolon == std::string_view::npos || semicolon + 1 == value.size())
    return false;
  for (const char c : value.substr(0, semicolon)) {
    if (!is_letter_digit_hyphen(c)) return false;
  }
  return true;
}

}  // namespace

std::span<const ParameterSpec> parameter_table() {
  return kParameters;
}

const ParameterSpec* find_parameter_spec(Verb verb, std::string_view keyword) {
  for (const auto& spec : kParameters) {
    if (spec.verb == verb && iequals(spec.keyword, keyword)) return &spec;
  }
  return nullptr;
}

std::string complete_parameter(std::string_view typed) {
  const std::string unchanged(typed);
  const Command command = parse_command(typed);
  if (command.verb != Verb::Mail && command.verb != Verb::Rcpt) return unchanged;
  // Parameters follow the path: the last word must start after its closing bracket.
  const auto close = typed.rfind('>');
  const auto space = typed.rfind(' ');
  if (close == std::string_view::npos || space == std::string_view::npos || space < close)
    return unchanged;
  const std::string_view word = typed.substr(space + 1);
  if (word.find('=') != std::string_view::npos) return unchanged;
  std::vector<const ParameterSpec*> candidates;
  for (const auto& spec : kParameters) {
    if (spec.verb == command.verb && istarts_with(spec.keyword, word)) candidates.push_back(&spec);
  }
  if (candidates.empty()) return unchanged;
  const std::string_view head = typed.substr(0, space + 1);
  if (candidates.size() == 1) {
    const ParameterSpec& spec = *candidates.front();
    return std::string(head) + std::string(spec.keyword) +
           (spec.value == ParameterValue::None ? "" : "=");
  }
  std::string_view common = candidates.front()->keyword;
  for (const ParameterSpec* spec : candidates) common = common_prefix(common, spec->keyword);
  return common.size() > word.size() ? std::string(head) + std::string(common) : unchanged;
}

bool parameter_value_valid(const ParameterSpec& spec, const std::optional<std::string>& value) {
  if (spec.value == ParameterValue::None) return !value;
  if (!value || value->empty()) return false;
  switch (spec.value) {
    case ParameterValue::None:
      return false;
    case ParameterValue::Decimal: {
      unsigned long long number = 0;
      return parse_decimal(*value, number);
    }
    case ParameterValue::BodyType:
      return iequals(*value, "7BIT") || iequals(*value, "8BITMIME");
    case ParameterValue::ReturnType:
      return iequals(*value, "FULL") || iequals(*value, "HDRS");
    case ParameterValue::NotifyList:
      return valid_notify_list(*value);
    case ParameterValue::TypedAddress:
      return valid_typed_address(*value);
    case ParameterValue::Text:
      return true;
  }
  return false;
}

}  // namespace smtplab::protocol
