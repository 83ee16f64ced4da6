// The window's DNS lookup (see dns_lookup_view.hpp).
#include "gui/app/widgets/dns_lookup_view.hpp"

#include <algorithm>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/app/model/app_state.hpp"
#include "gui/app/widgets/wrapped_text.hpp"

namespace smtplab::app {
namespace {

Text status_text(agents::DnsStatus status) {
  switch (status) {
    case agents::DnsStatus::Answer:
      return Text::DnsStatusAnswer;
    case agents::DnsStatus::NoData:
      return Text::DnsStatusNoData;
    case agents::DnsStatus::NxDomain:
      return Text::DnsStatusNxDomain;
    case agents::DnsStatus::ServFail:
      return Text::DnsStatusServFail;
    case agents::DnsStatus::Timeout:
      return Text::DnsStatusTimeout;
  }
  return Text::DnsStatusNxDomain;
}

}  // namespace

void draw_dns_lookup(AppState& state) {
  DnsLookupForm& form = state.topology.dns_lookup;
  ImGui::Spacing();
  ImGui::TextUnformatted(state.t(Text::DnsLookupTitle));
  // The name field gives way to the type and the button: in a narrow panel they stay in view.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float type_w = ImGui::GetFontSize() * 5;
  const float ask_w = ImGui::CalcTextSize(state.t(Text::DnsLookupAsk)).x + style.FramePadding.x * 2;
  const float room = ImGui::GetContentRegionAvail().x - type_w - ask_w - style.ItemSpacing.x * 2;
  ImGui::SetNextItemWidth(std::clamp(room, ImGui::GetFontSize() * 6, ImGui::GetFontSize() * 14));
  bool ask = ImGui::InputTextWithHint("##dns-name", state.t(Text::DnsLookupName), &form.name,
                                      ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(type_w);
  if (ImGui::BeginCombo("##dns-type", agents::to_string(form.type))) {
    for (const agents::DnsType type : agents::dns_lookup_types()) {
      if (ImGui::Selectable(agents::to_string(type), type == form.type)) form.type = type;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ask |= ImGui::Button(state.t(Text::DnsLookupAsk));
  if (ask && !form.name.empty()) ask_lab_dns(state);
  if (!form.answered) return;
  // The answer, as `smtplab dns` prints it: what was asked and how it ended, then the records.
  ImGui::Text("%s %s%s%s", form.asked_name.c_str(), agents::to_string(form.asked_type),
              state.colon(), state.t(status_text(form.answer.status)));
  for (const auto& line : form.answer.lines) bullet_wrapped(line);
  wrapped_hint(
      state.t(form.from_running_lab ? Text::DnsLookupRunningLab : Text::DnsLookupTopology));
  // Inside the settings pane; the topology panel itself follows (see draw_contents).
  if (form.reveal_frames > 0) ImGui::SetScrollHereY(1.0f);
}

}  // namespace smtplab::app
