// Capture bytes on their way to a terminal. A capture is hostile input: an ESC sequence in
// a subject could move the cursor, rewrite earlier lines or set the window's title, a
// bidi override could make a file name read backwards (CVE-2021-42574, "Trojan Source").
// Every capture-sourced string the text report prints goes through terminal_safe().
#pragma once

#include <string>
#include <string_view>

namespace smtplab::capture {

/// `bytes` as text a terminal shows literally: printable UTF-8 as is; control bytes
/// (C0, DEL), bytes that are not valid UTF-8 and "\" as \xNN (and \\, \t, \r, \n); C1
/// controls and the bidi formatting characters as \u{XXXX}.
std::string terminal_safe(std::string_view bytes);

}  // namespace smtplab::capture
