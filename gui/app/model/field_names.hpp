// The frame details tree in the window's language. capture/ names fields as Wireshark
// does, in English (the command line and the JSON keep them); the window shows them in
// French when the window is in French, from one table here. Protocol names (Transmission
// Control Protocol, Ethernet) stay as they are: they are names, not words.
#pragma once

#include <string>

#include "capture/field_tree.hpp"
#include "gui/app/model/ui_text.hpp"

namespace smtplab::app {

/// The French name of a capture/ field name, or nullptr when the table has none.
const char* french_field_name(const std::string& english);

/// The tree with its names and values in `language` (English: unchanged).
capture::FieldNode localized_field_tree(capture::FieldNode node, Language language);

}  // namespace smtplab::app
