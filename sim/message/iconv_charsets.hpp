// Every other charset mail declares (gb2312, big5, koi8-r, shift_jis, windows-125x,
// iso-8859-x...), converted by the C library's iconv: glibc ships converters for all of
// them, so the lab needs no table of its own for each.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smtplab::message {

/// `bytes` in the charset called `name`, converted to UTF-8 by iconv; octets it cannot
/// convert become U+FFFD. nullopt when iconv does not know the name (or the name is not
/// a plausible charset name: letters, digits and -_.:() only, at most 40 bytes).
std::optional<std::string> iconv_to_utf8(std::string_view bytes, std::string_view name);

}  // namespace smtplab::message
