// The fault menu of a topology node (see topology_fault_menu.hpp).
#include "gui/app/widgets/topology_fault_menu.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

#include "gui/app/actions/topology_actions.hpp"
#include "gui/app/model/lab_faults.hpp"

namespace smtplab::app {
namespace {

/// Why the items are disabled, on hover (disabled items still report hovering with this flag).
void why_disabled(const AppState& state, Text why) {
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", state.t(why));
}

void inject(AppState& state, const lab::NodeSpec& node, lab::FaultKind kind,
            const std::string& argument = "") {
  std::string error;
  const std::string name(lab::fault_kind_names(kind).person);
  if (!inject_node_fault(state, node.id, name, argument, error))
    state.errors.push_back({error, Text::LabStartHint});
}

/// An item that injects `name` when chosen.
void fault_item(AppState& state, const lab::NodeSpec& node, Text label, lab::FaultKind kind,
                bool enabled, Text why) {
  if (ImGui::MenuItem(state.t(label), nullptr, false, enabled)) inject(state, node, kind);
  if (!enabled) why_disabled(state, why);
}

}  // namespace

void draw_fault_menu(AppState& state, const lab::NodeSpec& node) {
  const bool running = state.live.running();
  const bool server = node.kind != lab::NodeKind::Mua;
  const bool enabled = running && server;
  const Text why = !running ? Text::FaultNeedsLab : Text::FaultMuaNone;
  ImGui::TextDisabled("%s — %s", state.t(Text::FaultMenuTitle), node.id.c_str());
  if (!enabled) ImGui::TextWrapped("%s", state.t(why));
  ImGui::Separator();
  fault_item(state, node, Text::FaultNodeDown, lab::FaultKind::NodeDown, enabled, why);

  // Reply CODE to VERB: two small inputs and a button, in a submenu.
  if (ImGui::BeginMenu(state.t(Text::FaultReply), enabled)) {
    const float width = ImGui::GetFontSize() * 5;
    ImGui::SetNextItemWidth(width);
    ImGui::InputText(state.t(Text::FaultCode), &state.topology.reply_code,
                     ImGuiInputTextFlags_CharsDecimal);
    ImGui::SetNextItemWidth(width);
    ImGui::InputText(state.t(Text::FaultVerb), &state.topology.reply_verb,
                     ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_CharsNoBlank);
    if (ImGui::Button(state.t(Text::FaultInject))) {
      inject(state, node, lab::FaultKind::ReplyToVerb,
             state.topology.reply_code + " " + state.topology.reply_verb);
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndMenu();
  }
  if (!enabled) why_disabled(state, why);

  if (ImGui::BeginMenu(state.t(Text::FaultDelay), enabled)) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::InputInt(state.t(Text::FaultDelayMs), &state.topology.delay_ms, 250, 1000);
    if (state.topology.delay_ms < 0) state.topology.delay_ms = 0;
    if (ImGui::Button(state.t(Text::FaultInject))) {
      inject(state, node, lab::FaultKind::DelayReplies, std::to_string(state.topology.delay_ms));
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndMenu();
  }
  if (!enabled) why_disabled(state, why);

  fault_item(state, node, Text::FaultDropData, lab::FaultKind::DropData, enabled, why);
  fault_item(state, node, Text::FaultStripStartTls, lab::FaultKind::StripStartTls, enabled, why);
  fault_item(state, node, Text::FaultModifyBody, lab::FaultKind::ModifyBody, enabled, why);

  // A full mailbox only makes sense where mailboxes are: one item per mailbox.
  const auto addresses = mailbox_addresses(node);
  if (ImGui::BeginMenu(state.t(Text::FaultFillMailbox), enabled && !addresses.empty())) {
    for (const auto& address : addresses) {
      if (ImGui::MenuItem(address.c_str()))
        inject(state, node, lab::FaultKind::FillMailbox, address);
    }
    ImGui::EndMenu();
  }
  if (!enabled) why_disabled(state, why);

  const std::string dns_name = default_dns_name(node);
  const std::string dns_label = std::string(state.t(Text::FaultBreakDns)) + " " + dns_name;
  if (ImGui::MenuItem(dns_label.c_str(), nullptr, false, enabled))
    inject(state, node, lab::FaultKind::BreakDns, dns_name);
  if (!enabled) why_disabled(state, why);

  ImGui::Separator();
  const bool has_faults = !faults_of(state.topology.activity, node.id).empty();
  if (ImGui::MenuItem(state.t(Text::FaultClear), nullptr, false, running && has_faults))
    clear_node_faults(state, node.id);
  if (!running) why_disabled(state, Text::FaultNeedsLab);
}

}  // namespace smtplab::app
