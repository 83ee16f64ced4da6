// A frame's details as the window shows them: capture/'s field tree (link, IP, TCP) in
// the window's language, with the SMTP layer of the lines the frame carries.
#pragma once

#include <cstdint>

#include "capture/field_tree.hpp"
#include "gui/app/model/capture_model.hpp"
#include "gui/app/model/ui_text.hpp"

namespace smtplab::app {

/// The tree of frame `number` (1-based); empty when there is no such frame.
capture::FieldNode frame_details(const CaptureModel& model, std::uint64_t number,
                                 Language language);

}  // namespace smtplab::app
