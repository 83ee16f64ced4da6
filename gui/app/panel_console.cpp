// The Console panel: a telnet-like terminal over real TCP for typing SMTP by hand (the
// course's "Robinson Crusoe" method). Host:port, connect/disconnect, the transcript with
// the same reply-code explanations on hover, a line input with history (Up/Down); each
// line is sent with CRLF. The socket lives on a background thread (console_connection).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cctype>
#include <cstdio>

#include "gui/app/app_actions.hpp"
#include "gui/app/explanations.hpp"
#include "gui/app/panel.hpp"
#include "gui/app/panel_registry.hpp"
#include "gui/app/theme.hpp"

namespace smtplab::app {
namespace {

int history_callback(ImGuiInputTextCallbackData* data) {
  auto& console = *static_cast<ConsoleState*>(data->UserData);
  if (data->EventFlag != ImGuiInputTextFlags_CallbackHistory || console.history.empty()) return 0;
  const int count = static_cast<int>(console.history.size());
  if (data->EventKey == ImGuiKey_UpArrow) {
    console.history_pos =
        console.history_pos < 0 ? count - 1 : std::max(0, console.history_pos - 1);
  } else if (data->EventKey == ImGuiKey_DownArrow && console.history_pos >= 0) {
    console.history_pos = console.history_pos + 1 >= count ? -1 : console.history_pos + 1;
  }
  data->DeleteChars(0, data->BufTextLen);
  if (console.history_pos >= 0)
    data->InsertChars(0, console.history[static_cast<std::size_t>(console.history_pos)].c_str());
  return 0;
}

int leading_code(const std::string& line) {
  if (line.size() < 3) return 0;
  for (int i = 0; i < 3; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(line[static_cast<std::size_t>(i)]))) return 0;
  }
  return std::stoi(line.substr(0, 3));
}

class ConsolePanel final : public Panel {
 public:
  Text title() const override { return Text::PanelConsole; }
  const char* id() const override { return "console"; }
  Placement placement() const override { return {0.40f, 0.80f, 0.60f, 0.20f}; }

 protected:
  void draw_contents(AppState& state) override {
    ConsoleState& console = state.console;
    const auto status =
        console.connection ? console.connection->status() : ConsoleConnection::Status::Closed;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    ImGui::BeginDisabled(status != ConsoleConnection::Status::Closed);
    ImGui::InputText(state.t(Text::ConsoleHost), &console.host_port);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (status == ConsoleConnection::Status::Closed) {
      if (ImGui::Button(state.t(Text::ConsoleConnect))) console_connect(state, console.host_port);
    } else if (ImGui::Button(state.t(Text::ConsoleDisconnect))) {
      console.connection->close();
    }
    ImGui::SameLine();
    char line[256];
    if (status == ConsoleConnection::Status::Connected) {
      std::snprintf(line, sizeof line, state.t(Text::ConsoleConnected),
                    console.connection->target().c_str());
    } else if (status == ConsoleConnection::Status::Connecting) {
      std::snprintf(line, sizeof line, state.t(Text::ConsoleConnecting),
                    console.connection->target().c_str());
    } else {
      std::snprintf(line, sizeof line, "%s", state.t(Text::ConsoleNotConnected));
    }
    ImGui::TextDisabled("%s", line);

    const float input_h = ImGui::GetFrameHeightWithSpacing();
    ImGui::BeginChild("transcript", ImVec2(0, -input_h), true);
    if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
    for (const auto& entry : console.lines) draw_line(state, entry);
    if (state.fonts.mono) ImGui::PopFont();
    if (console.scroll_to_bottom) ImGui::SetScrollHereY(1.0f);
    console.scroll_to_bottom = false;
    ImGui::EndChild();

    ImGui::SetNextItemWidth(-ImGui::CalcTextSize(state.t(Text::ConsoleSend)).x -
                            ImGui::GetStyle().FramePadding.x * 4);
    const bool entered = ImGui::InputTextWithHint(
        "##line", state.t(Text::ConsoleHint), &console.input,
        ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackHistory,
        history_callback, &console);
    ImGui::SameLine();
    if ((ImGui::Button(state.t(Text::ConsoleSend)) || entered) &&
        status == ConsoleConnection::Status::Connected) {
      console_send(state, console.input);
      console.input.clear();
      ImGui::SetKeyboardFocusHere(-1);
    }
  }

 private:
  static void draw_line(const AppState& state, const ConsoleLine& entry) {
    switch (entry.kind) {
      case ConsoleLine::Kind::Sent:
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(command_colour(state.presentation)),
                           "C: %s", entry.text.c_str());
        break;
      case ConsoleLine::Kind::Received: {
        const int code = leading_code(entry.text);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(reply_colour(code, state.presentation)),
                           "S: %s", entry.text.c_str());
        if (code != 0 && ImGui::IsItemHovered()) {
          const Explanation ex = explain_reply(state.language, code);
          if (ex.text) {
            char ref[96];
            std::snprintf(ref, sizeof ref, state.t(Text::SeeRfc), ex.rfc);
            ImGui::SetTooltip("%d: %s\n%s", code, ex.text, ref);
          }
        }
        break;
      }
      case ConsoleLine::Kind::Status:
        ImGui::TextDisabled("%s", entry.text.c_str());
        break;
    }
  }
};

}  // namespace

std::unique_ptr<Panel> make_console_panel() {
  return std::make_unique<ConsolePanel>();
}

}  // namespace smtplab::app
