// Text wrapped at the edge of the panel (see wrapped_text.hpp).
#include "gui/app/widgets/wrapped_text.hpp"

#include <imgui.h>

namespace smtplab::app {

void wrapped_text(std::string_view text) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
}

void wrapped_hint(std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped_text(text);
  ImGui::PopStyleColor();
}

void bullet_wrapped(std::string_view text) {
  ImGui::Bullet();
  wrapped_text(text);
}

}  // namespace smtplab::app
