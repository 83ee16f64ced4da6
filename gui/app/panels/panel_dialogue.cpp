// The Dialogue panel: one session as a sequence diagram. Client and server lifelines,
// each command (C:) an arrow to the server, each reply (S:) an arrow back coloured by its
// class, multi-line replies grouped under one bracket, an encrypted band after STARTTLS.
// Hovering a line explains the command or reply code in the current language with its
// RFC section; clicking selects it (and, through the correlation, its frames and bytes).
// Reads TimelineEvents only, so it works the same for a capture and a live lab run.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/model/capture_timeline.hpp"
#include "gui/app/model/explanations.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/panel_registry.hpp"
#include "gui/app/shell/theme.hpp"
#include "gui/app/widgets/mail_text.hpp"

namespace smtplab::app {
namespace {

/// The message content's line, in the window's language (the engine's note is English).
std::string message_data_line(const AppState& state, const lab::TimelineEvent& ev) {
  char text[160];
  std::snprintf(text, sizeof text, state.t(Text::DialogueMessageData),
                static_cast<unsigned long long>(ev.length));
  return text;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  if (lines.empty()) lines.emplace_back();
  return lines;
}

/// The lines as shown: "C: " or "S: " before the first, an indent before the others, and
/// each one wrapped to `width` pixels of the current font (continuations indented further),
/// so a long reply or a projector's big text is wrapped, never cut at the lifeline.
std::vector<std::string> wrap_lines(const std::vector<std::string>& lines, const char* prefix,
                                    float width) {
  std::vector<std::string> out;
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const float scale = size / font->FontSize;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const std::string text = (l == 0 ? prefix : "   ") + lines[l];
    const char* start = text.c_str();
    const char* end = start + text.size();
    bool first = true;
    while (start < end) {
      const std::string indent = first ? "" : "     ";
      const float room = std::max(size * 4, width - ImGui::CalcTextSize(indent.c_str()).x);
      const char* cut = font->CalcWordWrapPositionA(scale, start, end, room);
      if (std::all_of(start, cut, [](char c) { return c == ' '; })) {
        // Only the indent fits before a word longer than the line: break inside the word,
        // at the last whole UTF-8 character that fits.
        cut = start;
        for (const char* next = start; next < end;) {
          const char* after = next + 1;
          while (after < end && (static_cast<unsigned char>(*after) & 0xC0) == 0x80) ++after;
          if (cut > start && ImGui::CalcTextSize(start, after).x > room) break;
          cut = next = after;
        }
      }
      out.push_back(indent + std::string(start, cut));
      start = cut;
      while (start < end && *start == ' ') ++start;
      first = false;
    }
    if (text.empty()) out.emplace_back();
  }
  return out;
}

/// The reply lines as on the wire: "250-2.0.0 first", ..., "250 2.0.0 last".
std::vector<std::string> reply_wire_lines(const lab::TimelineEvent& ev) {
  auto lines = split_lines(ev.text);
  const std::string enhanced = ev.enhanced.empty() ? "" : ev.enhanced + " ";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    lines[i] = std::to_string(ev.code) + (i + 1 < lines.size() ? "-" : " ") + enhanced + lines[i];
  }
  return lines;
}

void explain_tooltip(const AppState& state, const lab::TimelineEvent& ev) {
  Explanation ex;
  std::string what;
  if (ev.kind == lab::TimelineKind::Reply) {
    ex = explain_reply(state.language, ev.code);
    what = std::to_string(ev.code);
  } else if (!ev.verb.empty()) {
    ex = explain_command(state.language, ev.verb);
    what = ev.verb;
  } else if (ev.kind == lab::TimelineKind::MessageData) {
    ex = explain_command(state.language, "DATA");
    what = ".";
  }
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  ImGui::Text("%s", what.c_str());
  if (ex.text) {
    ImGui::TextUnformatted(ex.text);
    char ref[96];
    std::snprintf(ref, sizeof ref, state.t(Text::SeeRfc), ex.rfc);
    ImGui::TextDisabled("%s", ref);
  }
  if (const auto* where = ev.details<lab::CaptureRefPayload>())
    ImGui::TextDisabled("frame %llu", static_cast<unsigned long long>(where->frame));
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

class DialoguePanel final : public Panel {
 public:
  Text title() const override { return Text::PanelDialogue; }
  const char* id() const override { return "dialogue"; }
  Placement placement() const override { return {0.28f, 0.0f, 0.30f, 0.80f}; }

 protected:
  void draw_contents(AppState& state) override {
    if (!draw_session_picker(state)) return;
    ImGui::BeginChild("diagram", ImVec2(0, 0), true);
    draw_diagram(state);
    ImGui::EndChild();
  }

 private:
  /// The session's first event (SessionOpened carries the endpoints), or nullptr.
  static const lab::TimelineEvent* session_head(const AppState& state, std::size_t session) {
    if (session >= state.session_events.size() || state.session_events[session].empty())
      return nullptr;
    return &state.timeline[state.session_events[session].front()];
  }

  static bool draw_session_picker(AppState& state) {
    // Sessions come from the timeline, not from the capture, so a live run shows the same.
    const std::size_t count = state.session_events.size();
    if (count == 0) {
      ImGui::TextDisabled("%s", state.t(Text::NoSessions));
      return false;
    }
    if (state.selection.session < 0 || static_cast<std::size_t>(state.selection.session) >= count) {
      state.selection.session = 0;
    }
    const auto label = [&](std::size_t i) {
      const lab::TimelineEvent* head = session_head(state, i);
      return std::string(state.t(Text::Session)) + " " + std::to_string(i + 1) + state.colon() +
             (head ? head->client + " → " + head->server : std::string{});
    };
    ImGui::SetNextItemWidth(-1);
    const auto current = static_cast<std::size_t>(state.selection.session);
    if (ImGui::BeginCombo("##session", label(current).c_str())) {
      // A combo of a million sessions would not be usable anyway: the first 5000.
      for (std::size_t i = 0; i < count && i < 5000; ++i) {
        if (ImGui::Selectable(label(i).c_str(), i == current))
          select_session(state, static_cast<int>(i));
      }
      ImGui::EndCombo();
    }
    return true;
  }

  static void draw_diagram(AppState& state) {
    const auto session = static_cast<std::uint64_t>(state.selection.session) + 1;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float line_h = ImGui::GetTextLineHeight();
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const float client_x = top.x + 12;
    const float server_x = top.x + width - 12;
    const float thick = state.line_width();
    const ImU32 lifeline = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const lab::TimelineEvent* head = session_head(state, session - 1);

    // Lifeline heads.
    const std::string client =
        std::string(state.t(Text::Client)) + " " + (head ? head->client : "");
    const std::string server =
        std::string(state.t(Text::Server)) + " " + (head ? head->server : "");
    const float server_w = ImGui::CalcTextSize(server.c_str()).x;
    const float left = ImGui::GetCursorPosX();
    ImGui::TextUnformatted(client.c_str());
    // Side by side when both fit (with a gap), else the server under the client, on the
    // right: never one drawn over the other in a narrow panel or with projector text.
    if (ImGui::CalcTextSize(client.c_str()).x + server_w + line_h < width) ImGui::SameLine();
    ImGui::SetCursorPosX(left + std::max(0.0f, width - server_w));
    ImGui::TextUnformatted(server.c_str());
    ImGui::Separator();

    bool in_tls = false;
    const float row_pad = 6;
    if (session > state.session_events.size()) return;
    for (std::size_t i : state.session_events[session - 1]) {
      const auto& ev = state.timeline[i];
      const ImVec2 at = ImGui::GetCursorScreenPos();
      if (ev.kind == lab::TimelineKind::TlsStarted) {
        in_tls = true;
        const float h = line_h * 2.2f;
        draw->AddRectFilled(ImVec2(client_x, at.y), ImVec2(server_x, at.y + h),
                            tls_colour(state.presentation), 4);
        const auto* where = ev.details<lab::CaptureRefPayload>();
        const char* text =
            state.t(where && where->implicit_tls ? Text::TlsBandImplicit : Text::TlsBand);
        const float tw = ImGui::CalcTextSize(text).x;
        draw->AddText(
            ImVec2(std::max(client_x + 6, (client_x + server_x - tw) / 2), at.y + line_h * 0.6f),
            ImGui::GetColorU32(ImGuiCol_Text), text);
        ImGui::Dummy(ImVec2(width, h));
        continue;
      }
      if (!is_dialogue_event(ev)) {
        if (ev.kind == lab::TimelineKind::SessionOpened ||
            ev.kind == lab::TimelineKind::SessionClosed) {
          ImGui::TextDisabled(ev.kind == lab::TimelineKind::SessionOpened ? "— TCP SYN —"
                                                                          : "— TCP FIN —");
        } else if (ev.details<lab::ClientFailurePayload>() ||
                   ev.details<lab::ConnectFailedPayload>()) {
          // A session the client saw break (a timeout, a cut): said here, never in silence.
          ImGui::PushTextWrapPos(0);
          ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(reply_colour(550, state.presentation)),
                             "— %s%s%s —", state.t(Text::StepFailed), state.colon(),
                             ev.text.c_str());
          ImGui::PopTextWrapPos();
        }
        continue;
      }
      const bool is_reply = ev.kind == lab::TimelineKind::Reply;
      const float text_x = is_reply ? client_x + 40 : client_x + 14;
      const std::vector<std::string> wire =
          is_reply ? reply_wire_lines(ev)
          : ev.kind == lab::TimelineKind::MessageData
              ? std::vector<std::string>{message_data_line(state, ev)}
              : split_lines(ev.text);
      const std::vector<std::string> lines =
          wrap_lines(wire, is_reply ? "S: " : "C: ", server_x - text_x - 6);
      const float text_h = line_h * static_cast<float>(lines.size());
      const float row_h = text_h + row_pad + thick + 6;
      ImGui::PushID(static_cast<int>(i));
      const bool clicked = ImGui::InvisibleButton("line", ImVec2(width, row_h));
      const bool hovered = ImGui::IsItemHovered();
      ImGui::PopID();
      const bool selected = state.selection.event && *state.selection.event == i;
      const bool lit = std::find(state.selection.events.begin(), state.selection.events.end(), i) !=
                       state.selection.events.end();
      if ((selected || lit) && state.selection.scroll_dialogue) {
        ImGui::SetScrollHereY(0.4f);
        state.selection.scroll_dialogue = false;
      }
      if (clicked) select_event(state, i);
      if (!ImGui::IsItemVisible()) continue;
      if (in_tls)
        draw->AddRectFilled(ImVec2(client_x, at.y), ImVec2(server_x, at.y + row_h),
                            tls_colour(state.presentation));
      if (selected || lit) {
        draw->AddRectFilled(at, ImVec2(at.x + width, at.y + row_h),
                            selection_colour(state.presentation), 3);
      } else if (hovered) {
        draw->AddRectFilled(at, ImVec2(at.x + width, at.y + row_h),
                            ImGui::GetColorU32(ImGuiCol_HeaderHovered), 3);
      }
      const ImU32 colour =
          is_reply ? reply_colour(ev.code, state.presentation) : command_colour(state.presentation);
      const ImU32 text_colour =
          selected || lit ? selected_text_colour(colour, state.presentation) : colour;
      for (std::size_t l = 0; l < lines.size(); ++l) {
        draw->AddText(ImVec2(text_x, at.y + 2 + line_h * static_cast<float>(l)), text_colour,
                      mail_display(lines[l]).c_str());
      }
      if (wire.size() > 1) {
        // The bracket that groups a multi-line reply (not a line that was only wrapped).
        const float bx = text_x - 8;
        draw->AddLine(ImVec2(bx, at.y + 3), ImVec2(bx, at.y + text_h), colour, thick);
        draw->AddLine(ImVec2(bx, at.y + 3), ImVec2(bx + 4, at.y + 3), colour, thick);
        draw->AddLine(ImVec2(bx, at.y + text_h), ImVec2(bx + 4, at.y + text_h), colour, thick);
      }
      const float arrow_y = at.y + text_h + row_pad;
      const float from = is_reply ? server_x : client_x;
      const float to = is_reply ? client_x : server_x;
      draw->AddLine(ImVec2(from, arrow_y), ImVec2(to, arrow_y), colour, thick);
      const float dir = to > from ? -1.0f : 1.0f;
      const float arrow_head = 6 + thick * 2;
      draw->AddTriangleFilled(ImVec2(to, arrow_y),
                              ImVec2(to + dir * arrow_head, arrow_y - arrow_head * 0.6f),
                              ImVec2(to + dir * arrow_head, arrow_y + arrow_head * 0.6f), colour);
      if (hovered) explain_tooltip(state, ev);
    }
    // Lifelines behind everything drawn above (same draw list, drawn last but thin).
    const float bottom = ImGui::GetCursorScreenPos().y;
    draw->AddLine(ImVec2(client_x, top.y + line_h * 1.5f), ImVec2(client_x, bottom), lifeline,
                  thick);
    draw->AddLine(ImVec2(server_x, top.y + line_h * 1.5f), ImVec2(server_x, bottom), lifeline,
                  thick);
  }
};

}  // namespace

std::unique_ptr<Panel> make_dialogue_panel() {
  return std::make_unique<DialoguePanel>();
}

}  // namespace smtplab::app
