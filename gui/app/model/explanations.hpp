// Plain-language explanations of SMTP commands and reply codes, in French and English,
// with the RFC section that defines them. Shown as tooltips in the dialogue view and the
// console. The table itself is in explanations.cpp.
#pragma once

#include <string>
#include <string_view>

#include "gui/app/model/ui_text.hpp"

namespace smtplab::app {

/// One explanation.
struct Explanation {
  const char* text = nullptr;  ///< what it means, in the requested language
  const char* rfc = nullptr;   ///< "5321 §4.1.1.2"
};

/// Explanation of a command verb (case-insensitive); text is nullptr when unknown.
Explanation explain_command(Language language, std::string_view verb);

/// Explanation of a reply code; falls back to the meaning of its class (2xx, 3xx...).
Explanation explain_reply(Language language, int code);

/// The reply class of a code: 2 success, 3 intermediate, 4 transient, 5 permanent, 0 other.
int reply_class(int code);

}  // namespace smtplab::app
