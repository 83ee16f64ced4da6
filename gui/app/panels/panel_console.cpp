// The Console panel: a telnet-like terminal over real TCP for typing SMTP by hand (the
// course's "Robinson Crusoe" method), with what a terminal and openssl give a student: a
// lab server picked from a list (ports as bound), the lab address to call from, implicit
// TLS, STARTTLS (typed; the connection upgrades on the 220), a batch sent in one write
// (pipelining), Tab to complete a verb from the command table, and an AUTH helper that
// shows the base64 it builds. The transcript has the reply-code explanations on hover and
// marks what travelled inside TLS. The connection lives on a background thread
// (console_connection); actions are in console_actions.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "gui/app/actions/console_actions.hpp"
#include "gui/app/model/console_targets.hpp"
#include "gui/app/model/explanations.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/panel_registry.hpp"
#include "gui/app/shell/theme.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/protocol/command.hpp"
#include "sim/protocol/parameter_table.hpp"

namespace smtplab::app {
namespace {

// Tab completes the verb being typed from the command table, or a MAIL/RCPT parameter typed
// after the path from the parameter table.
void complete(ImGuiInputTextCallbackData* data) {
  const std::string typed(data->Buf, static_cast<std::size_t>(data->BufTextLen));
  std::string completed = protocol::complete_verb(typed);
  if (completed == typed) completed = protocol::complete_parameter(typed);
  if (completed == typed) return;
  data->DeleteChars(0, data->BufTextLen);
  data->InsertChars(0, completed.c_str());
}

int input_callback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackCompletion) {
    complete(data);
    return 0;
  }
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
    console_follow_lab(state);
    const auto status =
        console.connection ? console.connection->status() : ConsoleConnection::Status::Closed;
    draw_target_row(state, status);

    const float line_h = ImGui::GetFrameHeightWithSpacing();
    float below = line_h;
    if (console.show_batch) below += ImGui::GetTextLineHeight() * 6 + line_h * 2;
    if (console.show_auth) below += line_h * 5 + ImGui::GetTextLineHeight() * 3;
    // The transcript keeps at least four lines; the helpers below scroll with the panel.
    const float keep = ImGui::GetTextLineHeightWithSpacing() * 4 + line_h;
    const float transcript_h = std::max(keep, ImGui::GetContentRegionAvail().y - below);
    ImGui::BeginChild("transcript", ImVec2(0, transcript_h), true);
    if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
    for (const auto& entry : console.lines) draw_line(state, entry);
    if (state.fonts.mono) ImGui::PopFont();
    if (console.scroll_to_bottom) ImGui::SetScrollHereY(1.0f);
    console.scroll_to_bottom = false;
    ImGui::EndChild();

    const bool can_send = status == ConsoleConnection::Status::Connected;
    const float buttons = ImGui::CalcTextSize(state.t(Text::ConsoleSend)).x +
                          ImGui::CalcTextSize(state.t(Text::ConsoleBatch)).x +
                          ImGui::CalcTextSize(state.t(Text::ConsoleAuthHelper)).x +
                          ImGui::GetStyle().FramePadding.x * 6 +
                          ImGui::GetStyle().ItemSpacing.x * 3;
    ImGui::SetNextItemWidth(-buttons);
    const bool entered = ImGui::InputTextWithHint(
        "##line", state.t(Text::ConsoleHint), &console.input,
        ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackHistory |
            ImGuiInputTextFlags_CallbackCompletion,
        input_callback, &console);
    ImGui::SameLine();
    if ((ImGui::Button(state.t(Text::ConsoleSend)) || entered) && can_send) {
      console_send(state, console.input);
      console.input.clear();
      ImGui::SetKeyboardFocusHere(-1);
    }
    ImGui::SameLine();
    if (ImGui::Button(state.t(Text::ConsoleBatch))) console.show_batch = !console.show_batch;
    ImGui::SameLine();
    if (ImGui::Button(state.t(Text::ConsoleAuthHelper))) console.show_auth = !console.show_auth;
    if (console.show_batch) draw_batch(state, can_send);
    if (console.show_auth) draw_auth_helper(state);
  }

 private:
  // Lab server, host:port, source address, implicit TLS, connect, status.
  static void draw_target_row(AppState& state, ConsoleConnection::Status status) {
    ConsoleState& console = state.console;
    const lab::LabRuntime* lab = state.live.runtime();
    const bool closed = status == ConsoleConnection::Status::Closed;
    ImGui::BeginDisabled(!closed);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::BeginCombo("##servers", state.t(Text::ConsoleLabNodes))) {
      if (!lab) ImGui::TextDisabled("%s", state.t(Text::ConsoleNoLab));
      for (const auto& e : lab ? lab_endpoints(*lab) : std::vector<ConsoleEndpoint>{}) {
        if (ImGui::Selectable(e.label().c_str())) {
          console.host_port = e.address + ":" + std::to_string(e.port);
          console.implicit_tls = e.implicit_tls;
        }
      }
      ImGui::EndCombo();
    }
    same_line_if_fits(ImGui::GetFontSize() * 9);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    ImGui::InputTextWithHint("##hostport", state.t(Text::ConsoleHost), &console.host_port);
    same_line_if_fits(ImGui::CalcTextSize(state.t(Text::ConsoleFrom)).x +
                      ImGui::GetFontSize() * 11);
    ImGui::TextUnformatted(state.t(Text::ConsoleFrom));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11);
    const std::string from = console.source_address.empty()
                                 ? std::string(state.t(Text::ConsoleAnyAddress))
                                 : console.source_address;
    if (ImGui::BeginCombo("##from", from.c_str())) {
      if (ImGui::Selectable(state.t(Text::ConsoleAnyAddress))) console.source_address.clear();
      for (const auto& s : lab ? lab_sources(*lab) : std::vector<ConsoleSource>{}) {
        const std::string label = s.node + " " + s.address;
        if (ImGui::Selectable(label.c_str(), console.source_address == s.address)) {
          console.source_address = s.address;
        }
      }
      ImGui::EndCombo();
    }
    same_line_if_fits(button_width(state.t(Text::ConsoleImplicitTls)) + ImGui::GetFrameHeight());
    ImGui::Checkbox(state.t(Text::ConsoleImplicitTls), &console.implicit_tls);
    ImGui::EndDisabled();
    same_line_if_fits(
        button_width(state.t(closed ? Text::ConsoleConnect : Text::ConsoleDisconnect)));
    if (closed) {
      if (ImGui::Button(state.t(Text::ConsoleConnect))) console_connect(state, console.host_port);
    } else if (ImGui::Button(state.t(Text::ConsoleDisconnect))) {
      console.connection->close();
    }
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
    const bool secure = console.connection && console.connection->secure();
    same_line_if_fits(ImGui::CalcTextSize(line).x);
    ImGui::TextDisabled("%s%s%s", line, secure ? " " : "",
                        secure ? state.t(Text::ConsoleTlsMark) : "");
  }

  // Several lines, sent in one write (RFC 2920 pipelining).
  static void draw_batch(AppState& state, bool can_send) {
    ConsoleState& console = state.console;
    ImGui::TextWrapped("%s", state.t(Text::ConsoleBatchHint));
    if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
    ImGui::InputTextMultiline("##batch", &console.batch,
                              ImVec2(-1, ImGui::GetTextLineHeight() * 5));
    if (state.fonts.mono) ImGui::PopFont();
    ImGui::BeginDisabled(!can_send);
    if (ImGui::Button(state.t(Text::ConsoleSendBatch)) &&
        console_send_batch(state, console.batch)) {
      console.batch.clear();
    }
    ImGui::EndDisabled();
  }

  // Builds the base64 of AUTH PLAIN / LOGIN from a user and a password, and shows it.
  static void draw_auth_helper(AppState& state) {
    ConsoleState& console = state.console;
    ImGui::TextUnformatted(state.t(Text::ConsoleAuthTitle));
    ImGui::RadioButton("PLAIN", &console.auth_mechanism, 0);
    ImGui::SameLine();
    ImGui::RadioButton("LOGIN", &console.auth_mechanism, 1);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::InputTextWithHint("##authuser", state.t(Text::ConsoleAuthUser), &console.auth_user);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::InputTextWithHint("##authpass", state.t(Text::ConsoleAuthPassword),
                             &console.auth_password);
    ImGui::TextWrapped("%s", state.t(console.auth_mechanism == 0 ? Text::ConsoleAuthPlainExplain
                                                                 : Text::ConsoleAuthLoginExplain));
    const auto lines =
        console_auth_lines(console.auth_mechanism, console.auth_user, console.auth_password);
    int n = 0;
    for (const auto& line : lines) {
      ImGui::PushID(n++);
      if (ImGui::SmallButton(state.t(Text::ConsoleUseLine))) console.input = line;
      ImGui::SameLine();
      if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
      ImGui::TextUnformatted(line.c_str());
      if (state.fonts.mono) ImGui::PopFont();
      ImGui::PopID();
    }
  }

  static void draw_line(const AppState& state, const ConsoleLine& entry) {
    const char* tls = entry.secure ? state.t(Text::ConsoleTlsMark) : "";
    const char* gap = entry.secure ? " " : "";
    switch (entry.kind) {
      case ConsoleLine::Kind::Sent:
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(command_colour(state.presentation)),
                           "%s%sC: %s", tls, gap, entry.text.c_str());
        break;
      case ConsoleLine::Kind::Received: {
        const int code = leading_code(entry.text);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(reply_colour(code, state.presentation)),
                           "%s%sS: %s", tls, gap, entry.text.c_str());
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
      case ConsoleLine::Kind::Status: {
        char text[512];
        if (entry.status == Text::Count) {
          std::snprintf(text, sizeof text, "%s", entry.text.c_str());
        } else {
          std::snprintf(text, sizeof text, state.t(entry.status), entry.text.c_str());
        }
        ImGui::TextDisabled("-- %s", text);
        break;
      }
    }
  }
};

}  // namespace

std::unique_ptr<Panel> make_console_panel() {
  return std::make_unique<ConsolePanel>();
}

}  // namespace smtplab::app
