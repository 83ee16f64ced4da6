// Text wrapped at the edge of the panel, in full. ImGui's TextWrapped and BulletText format
// into a 3 KB buffer and BulletText does not wrap: a DKIM key, an SPF record or a long
// checkpoint reason is wider than a panel at 1280x720, and a body can be longer than 3 KB.
#pragma once

#include <string_view>

namespace smtplab::app {

/// `text` wrapped at the panel's edge.
void wrapped_text(std::string_view text);

/// The same in the dimmed colour of hints and notes.
void wrapped_hint(std::string_view text);

/// A bullet, then `text` wrapped beside it.
void bullet_wrapped(std::string_view text);

}  // namespace smtplab::app
