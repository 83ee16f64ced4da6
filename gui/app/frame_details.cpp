// A frame's details as the window shows them (see frame_details.hpp).
#include "gui/app/frame_details.hpp"

#include <utility>

#include "gui/app/field_names.hpp"
#include "gui/app/smtp_fields.hpp"

namespace smtplab::app {

capture::FieldNode frame_details(const CaptureModel& model, std::uint64_t number,
                                 Language language) {
  capture::FieldNode root = localized_field_tree(model.describe(number), language);
  capture::FieldNode smtp = smtp_fields(model, number, language);
  if (smtp.children.empty()) return root;
  // Last, as Wireshark puts the application layer after TCP.
  root.children.push_back(std::move(smtp));
  return root;
}

}  // namespace smtplab::app
