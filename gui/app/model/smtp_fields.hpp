// The SMTP layer of the frame details tree, as Wireshark shows it above TCP: for each
// dialogue line the selected frame carries, the command and its parameter, or the reply's
// code, enhanced code and text, each with what it means and its RFC section, in the
// window's language, and the bytes it covers in that frame (to light them in the hex view).
#pragma once

#include <cstdint>
#include <string_view>

#include "capture/field_tree.hpp"
#include "gui/app/model/capture_model.hpp"
#include "gui/app/model/ui_text.hpp"

namespace smtplab::app {

/// The layer's name in the tree (Wireshark's; a name, the same in both languages).
inline constexpr std::string_view kSmtpLayerName = "Simple Mail Transfer Protocol";

/// kSmtpLayerName with one child per dialogue line in frame `number`
/// (1-based); no children when the frame carries no SMTP line.
capture::FieldNode smtp_fields(const CaptureModel& model, std::uint64_t number, Language language);

}  // namespace smtplab::app
