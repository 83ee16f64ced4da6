// MIME structured header values with parameters: Content-Type (RFC 2045 §5.1),
// Content-Disposition (RFC 2183) and their parameters, including quoted strings,
// comments and RFC 2231 extended parameters (continuations name*0*=, charset'lang'%XX).
// Also the Content-Transfer-Encoding value (RFC 2045 §6.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smtplab::message {

/// A header value of the form `token; name=value; …` after decoding.
struct ParameterizedValue {
  std::string value;  ///< the leading token, lower-cased ("multipart/mixed", "attachment")
  std::vector<std::pair<std::string, std::string>>
      params;  ///< lower-cased name, decoded UTF-8 value, in order, one per name
  std::vector<std::string> notes;  ///< anomalies (unterminated quote, unknown charset…)

  /// Value of parameter `name` (case-insensitive), or nullopt.
  std::optional<std::string> param(std::string_view name) const;
};

/// Parses `value; p1=v1; p2="v 2"; p3*=utf-8''%C3%A9; p4*0*=…; p4*1*=…` with comments
/// anywhere. RFC 2231 sections are joined in order and their charset converted to UTF-8
/// (an unknown charset keeps the percent-decoded octets); a quoted value that holds
/// RFC 2047 encoded words (a common, non-standard habit) is decoded too. Never fails.
ParameterizedValue parse_parameterized(std::string_view header_value);

/// A parsed Content-Type.
struct ContentType {
  std::string type = "text";                                ///< lower-cased top-level type
  std::string subtype = "plain";                            ///< lower-cased subtype
  std::vector<std::pair<std::string, std::string>> params;  ///< as in ParameterizedValue
  bool valid = true;  ///< false when the header was present but unusable (default applied)

  /// "type/subtype".
  std::string mime_type() const { return type + "/" + subtype; }
  /// Value of parameter `name`, or nullopt.
  std::optional<std::string> param(std::string_view name) const;
  /// True for multipart/*.
  bool is_multipart() const { return type == "multipart"; }
};

/// Parses a Content-Type value. An invalid value (no "type/subtype") gives text/plain with
/// valid = false, as RFC 2045 §5.2 says.
ContentType parse_content_type(std::string_view header_value);

/// Content-Transfer-Encoding values.
enum class TransferEncoding {
  SevenBit,         ///< "7bit", the default: no decoding
  EightBit,         ///< "8bit": no decoding
  Binary,           ///< "binary": no decoding
  Base64,           ///< "base64"
  QuotedPrintable,  ///< "quoted-printable"
  Unknown,          ///< anything else: the body is left as it is
};

/// Parses a Content-Transfer-Encoding value (case-insensitive, comments allowed).
TransferEncoding parse_transfer_encoding(std::string_view header_value);

/// Canonical name of an encoding ("base64"); "unknown" for Unknown.
std::string_view transfer_encoding_name(TransferEncoding encoding);

/// Formats one parameter for output: `name="value"` for ASCII values, RFC 2231
/// `name*=utf-8''%XX…` for non-ASCII ones, split into `name*0*=`, `name*1*=` sections
/// separated by ";" CRLF SP when longer than fits on a 78-character line.
std::string format_parameter(std::string_view name, std::string_view utf8_value);

}  // namespace smtplab::message
