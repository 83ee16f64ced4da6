// The Compose panel: the lab's MUA in the window. The student writes a message (From, To,
// Cc, Bcc, Subject, text, attachments), chooses the envelope options the chapters teach
// (8-bit text with BODY=8BITMIME, delivery status notifications with RET and NOTIFY; SIZE
// and SMTPUTF8 are added by the client when they apply) and the route (which node calls,
// which server and port, AUTH and STARTTLS), then sends it over a real SMTP session of
// the running lab. Each recipient's reply is shown under the form. It opens over the
// frames side, never over the dialogue.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>

#include "gui/app/actions/compose_actions.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/panel_registry.hpp"
#include "gui/app/shell/theme.hpp"
#include "sim/lab/lab_runtime.hpp"

namespace smtplab::app {
namespace {

constexpr const char* kListeners[] = {"smtp", "submission", "smtps"};

class ComposePanel final : public Panel {
 public:
  Text title() const override { return Text::PanelCompose; }
  const char* id() const override { return "compose"; }
  Placement placement() const override { return {0.58f, 0.0f, 0.42f, 0.80f}; }
  bool shown(const AppState& state) const override { return state.compose.show; }

 protected:
  void draw_contents(AppState& state) override {
    ComposeState& compose = state.compose;
    if (ImGui::SmallButton(state.t(Text::Close))) compose.show = false;
    const lab::LabRuntime* lab = state.live.runtime();
    if (!lab) {
      ImGui::TextWrapped("%s", state.t(Text::ComposeNoLab));
      return;
    }
    if (!compose.filled) compose_open(state);
    ComposeForm& f = compose.form;
    const float label_w = ImGui::GetFontSize() * 10;

    section(state, Text::ComposeRoute);
    node_combo(state, Text::ComposeFromNode, "##fromnode", f.from_node, *lab, false, label_w);
    node_combo(state, Text::ComposeServer, "##server", f.server, *lab, true, label_w);
    label(state, Text::ComposeListener, label_w);
    for (const char* l : kListeners) {
      const std::uint16_t port = lab->port(f.server, l);
      if (port == 0) continue;
      char text[64];
      std::snprintf(text, sizeof text, "%s %u", l, static_cast<unsigned>(port));
      if (ImGui::RadioButton(text, f.listener == l)) f.listener = l;
      ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::Checkbox(state.t(Text::ComposeStartTls), &f.starttls);
    ImGui::SameLine();
    ImGui::Checkbox(state.t(Text::ComposeAuth), &f.use_auth);
    if (f.use_auth) {
      ImGui::SameLine();
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
      ImGui::InputTextWithHint("##user", state.t(Text::ConsoleAuthUser), &f.auth_user);
      ImGui::SameLine();
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
      ImGui::InputTextWithHint("##password", state.t(Text::ConsoleAuthPassword), &f.auth_password,
                               ImGuiInputTextFlags_Password);
    }

    section(state, Text::ComposeMessage);
    field(state, Text::ComposeFrom, "##from", f.from, label_w);
    field(state, Text::ComposeTo, "##to", f.to, label_w);
    field(state, Text::ComposeCc, "##cc", f.cc, label_w);
    field(state, Text::ComposeBcc, "##bcc", f.bcc, label_w);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", state.t(Text::ComposeBccHint));
    field(state, Text::ComposeSubject, "##subject", f.subject, label_w);
    ImGui::InputTextMultiline("##body", &f.body, ImVec2(-1, ImGui::GetTextLineHeight() * 7));
    draw_attachments(state, label_w);

    section(state, Text::ComposeOptions);
    ImGui::Checkbox(state.t(Text::ComposeEightBit), &f.eight_bit);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", state.t(Text::ComposeEightBitHint));
    label(state, Text::ComposeRet, label_w);
    ImGui::RadioButton(state.t(Text::ComposeRetNone), &f.ret, 0);
    ImGui::SameLine();
    ImGui::RadioButton("RET=FULL", &f.ret, 1);
    ImGui::SameLine();
    ImGui::RadioButton("RET=HDRS", &f.ret, 2);
    label(state, Text::ComposeNotify, label_w);
    ImGui::BeginDisabled(f.notify_never);
    ImGui::Checkbox("SUCCESS", &f.notify_success);
    ImGui::SameLine();
    ImGui::Checkbox("FAILURE", &f.notify_failure);
    ImGui::SameLine();
    ImGui::Checkbox("DELAY", &f.notify_delay);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Checkbox("NEVER", &f.notify_never);

    ImGui::Separator();
    ImGui::BeginDisabled(compose.sender.busy());
    if (ImGui::Button(state.t(Text::ComposeSend))) compose_send(state);
    ImGui::EndDisabled();
    if (compose.sender.busy()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", state.t(Text::ComposeSending));
    }
    draw_result(state);
  }

 private:
  // A titled group of fields (ImGui 1.86 has no SeparatorText).
  static void section(const AppState& state, Text key) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", state.t(key));
    ImGui::Separator();
  }

  static void label(const AppState& state, Text key, float width) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(state.t(key));
    ImGui::SameLine(width);
  }

  static void field(const AppState& state, Text key, const char* id, std::string& value,
                    float width) {
    label(state, key, width);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText(id, &value);
  }

  static void node_combo(const AppState& state, Text key, const char* id, std::string& value,
                         const lab::LabRuntime& lab, bool servers, float width) {
    label(state, key, width);
    ImGui::SetNextItemWidth(-1);
    if (!ImGui::BeginCombo(id, value.c_str())) return;
    for (const auto& node : lab.topology().nodes) {
      const bool listens = node.kind != lab::NodeKind::Mua;
      if (servers && !listens) continue;
      const std::string text = node.id + "  " + node.address;
      if (ImGui::Selectable(text.c_str(), value == node.id)) value = node.id;
    }
    ImGui::EndCombo();
  }

  static void draw_attachments(AppState& state, float width) {
    ComposeState& compose = state.compose;
    label(state, Text::ComposeAttachments, width);
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize(state.t(Text::ComposeAttachAdd)).x -
                            ImGui::GetStyle().FramePadding.x * 4);
    ImGui::InputTextWithHint("##attach", "/path/file.pdf", &compose.attach_input);
    ImGui::SameLine();
    if (ImGui::Button(state.t(Text::ComposeAttachAdd)) && !compose.attach_input.empty()) {
      compose.form.attachments.push_back(compose.attach_input);
      compose.attach_input.clear();
    }
    auto& list = compose.form.attachments;
    for (std::size_t i = 0; i < list.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::SmallButton(state.t(Text::ComposeRemove))) {
        list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
        ImGui::PopID();
        break;
      }
      ImGui::SameLine();
      ImGui::TextUnformatted(list[i].c_str());
      ImGui::PopID();
    }
  }

  static void draw_result(const AppState& state) {
    const ComposeState& compose = state.compose;
    if (compose.error.what != Text::Count) {
      char text[512];
      std::snprintf(text, sizeof text, state.t(compose.error.what), compose.error.argument.c_str());
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(reply_colour(550, state.presentation)),
                         "%s", text);
    }
    if (!compose.outcome.error.empty()) {
      char text[512];
      std::snprintf(text, sizeof text, state.t(Text::ComposeLabError),
                    compose.outcome.error.c_str());
      ImGui::TextWrapped("%s", text);
    }
    for (const auto& r : compose.outcome.recipients) {
      char text[512];
      std::snprintf(text, sizeof text,
                    state.t(r.accepted ? Text::ComposeAccepted : Text::ComposeRefused),
                    r.address.c_str());
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(reply_colour(r.code, state.presentation)),
                         "%s  %d %s", text, r.code, r.text.c_str());
    }
  }
};

}  // namespace

std::unique_ptr<Panel> make_compose_panel() {
  return std::make_unique<ComposePanel>();
}

}  // namespace smtplab::app
