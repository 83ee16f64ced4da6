// The MAIL and RCPT parameters of the ESMTP extensions the lab offers, in one table (as the
// command table is one for verbs): what a value must look like, the syntax a 501 shows,
// the EHLO keyword that offers it and the RFC that defines it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/protocol/command.hpp"

namespace smtplab::protocol {

/// What a parameter's value may be, for the server to check it.
enum class ParameterValue {
  None,          ///< a bare keyword ("SMTPUTF8"): a value is an error
  Decimal,       ///< digits only (SIZE)
  BodyType,      ///< 7BIT or 8BITMIME (BODY)
  ReturnType,    ///< FULL or HDRS (RET)
  NotifyList,    ///< NEVER, or a comma list of SUCCESS, FAILURE, DELAY (NOTIFY)
  TypedAddress,  ///< addr-type ";" xtext (ORCPT)
  Text,          ///< any non-empty xtext (ENVID, AUTH)
};

struct ParameterSpec {
  Verb verb;                   ///< Verb::Mail or Verb::Rcpt
  std::string_view keyword;    ///< as the client sends it ("SIZE")
  ParameterValue value;        ///< what its value may be
  std::string_view syntax;     ///< as a 501 shows it ("SIZE=<number of octets>")
  std::string_view extension;  ///< the EHLO keyword that offers it ("DSN")
  std::string_view rfc;        ///< "RFC 1870 §6"
};

/// Every row, MAIL's parameters first.
std::span<const ParameterSpec> parameter_table();

/// The row of `keyword` (case-insensitive) on `verb`, nullptr when the lab knows none.
const ParameterSpec* find_parameter_spec(Verb verb, std::string_view keyword);

/// The console's Tab on a MAIL or RCPT line whose last word is a parameter being typed
/// after the path ("MAIL FROM:<a@b.example> SI"): the one keyword it can be, with its "="
/// when it takes a value, else the longest common start of the candidates; `typed`
/// unchanged otherwise (another verb, no path yet, a value already begun, no match).
std::string complete_parameter(std::string_view typed);

/// Whether `value` (nullopt: the keyword was sent bare) has the form the row asks for.
bool parameter_value_valid(const ParameterSpec& spec, const std::optional<std::string>& value);

}  // namespace smtplab::protocol
