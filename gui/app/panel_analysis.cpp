// The capture analysis panel: what `smtplab analyze` reports about an opened capture, in
// the window. Two tabs: the messages rebuilt from each session (envelope, subject, size,
// whether complete; a click shows one in the message view, where its attachments can be
// saved) and the analyser's notes (severity, frame, session; a click selects the frame,
// so the dialogue and the frame details follow), as Wireshark's Expert Information does.
#include <imgui.h>

#include <cstdio>
#include <string>
#include <vector>

#include "capture/smtp_session.hpp"
#include "gui/app/app_actions.hpp"
#include "gui/app/capture_findings.hpp"
#include "gui/app/mail_actions.hpp"
#include "gui/app/panel.hpp"
#include "gui/app/panel_registry.hpp"
#include "gui/app/theme.hpp"

namespace smtplab::app {
namespace {

constexpr ImGuiTableFlags kTableFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                        ImGuiTableFlags_SizingStretchProp |
                                        ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollY;

void severity_cell(const AppState& state, capture::Severity severity) {
  const char* name = state.t(severity_text(severity));
  if (severity == capture::Severity::Error) {
    ImGui::TextColored(tone_colour_vec(Tone::Error, state.presentation), "%s", name);
  } else if (severity == capture::Severity::Warning) {
    ImGui::TextColored(tone_colour_vec(Tone::Warning, state.presentation), "%s", name);
  } else {
    ImGui::TextDisabled("%s", name);
  }
}

std::string recipients(const capture::SmtpMessage& message) {
  std::string out;
  for (const auto& rcpt : message.rcpt_to) {
    out += (out.empty() ? "" : ", ") + capture::path_address(rcpt);
  }
  return out;
}

class AnalysisPanel final : public Panel {
 public:
  Text title() const override { return Text::PanelAnalysis; }
  const char* id() const override { return "analysis"; }
  // Over the lesson: an analyst reading a capture keeps the dialogue, frames and details.
  Placement placement() const override { return {0.0f, 0.38f, 0.28f, 0.42f}; }
  bool shown(const AppState& state) const override {
    return state.analysis_view.show && state.capture != nullptr;
  }

 protected:
  void draw_contents(AppState& state) override {
    if (ImGui::SmallButton(state.t(Text::Close))) state.analysis_view.show = false;
    // Listed once a draw: the tab titles count what the tabs show.
    const auto messages = listed_messages(*state.capture);
    const auto notes = listed_notes(*state.capture, state.analysis_view.show_chat);
    if (!ImGui::BeginTabBar("analysis-tabs")) return;
    char label[96];
    std::snprintf(label, sizeof label, "%s (%zu)###messages", state.t(Text::AnalysisMessages),
                  messages.size());
    if (ImGui::BeginTabItem(label)) {
      draw_messages(state, messages);
      ImGui::EndTabItem();
    }
    std::snprintf(label, sizeof label, "%s (%zu)###notes", state.t(Text::AnalysisNotes),
                  notes.size());
    if (ImGui::BeginTabItem(label, nullptr,
                            state.analysis_view.select_notes ? ImGuiTabItemFlags_SetSelected : 0)) {
      draw_notes(state, notes);
      ImGui::EndTabItem();
    }
    state.analysis_view.select_notes = false;
    ImGui::EndTabBar();
  }

 private:
  static void draw_messages(AppState& state, const std::vector<ListedMessage>& messages) {
    if (messages.empty()) {
      ImGui::TextDisabled("%s", state.t(Text::AnalysisNoMessages));
      return;
    }
    if (!ImGui::BeginTable("capture-messages", 5, kTableFlags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (Text column :
         {Text::Session, Text::ColFrom, Text::ColRecipients, Text::ColSubject, Text::ColOctets}) {
      ImGui::TableSetupColumn(state.t(column));
    }
    ImGui::TableHeadersRow();
    for (std::size_t row = 0; row < messages.size(); ++row) {
      const ListedMessage& listed = messages[row];
      const capture::SmtpMessage& message = *listed.message;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      char id[96];
      std::snprintf(id, sizeof id, "%d.%d##msg-%zu", listed.session + 1, listed.index + 1, row);
      if (ImGui::Selectable(id, false, ImGuiSelectableFlags_SpanAllColumns)) {
        open_captured_message(state, listed.session, listed.index);
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(capture::path_address(message.mail_from).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(recipients(message).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(message.subject.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%zu", message.content.size());
      if (!message.complete) {
        ImGui::SameLine();
        ImGui::TextColored(tone_colour_vec(Tone::Warning, state.presentation), "%s",
                           state.t(Text::AnalysisIncomplete));
      }
    }
    ImGui::EndTable();
  }

  static void draw_notes(AppState& state, const std::vector<ListedNote>& notes) {
    AnalysisViewState& view = state.analysis_view;
    ImGui::Checkbox(state.t(Text::AnalysisShowChat), &view.show_chat);
    if (!ImGui::BeginTable("capture-notes", 4, kTableFlags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (Text column : {Text::AnalysisSeverity, Text::ColNo, Text::Session, Text::AnalysisNote}) {
      ImGui::TableSetupColumn(state.t(column), column == Text::AnalysisNote
                                                   ? ImGuiTableColumnFlags_WidthStretch
                                                   : ImGuiTableColumnFlags_WidthFixed);
    }
    ImGui::TableHeadersRow();
    for (std::size_t row = 0; row < notes.size(); ++row) {
      const capture::Note& note = *notes[row].note;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      severity_cell(state, note.severity);
      ImGui::TableNextColumn();
      char id[64];
      std::snprintf(id, sizeof id, "%llu##note-%zu", static_cast<unsigned long long>(note.frame),
                    row);
      const bool selected = note.frame != 0 && state.selection.frame == note.frame;
      if (ImGui::Selectable(id, selected, ImGuiSelectableFlags_SpanAllColumns)) {
        select_listed_note(state, static_cast<int>(row));
      }
      ImGui::TableNextColumn();
      if (notes[row].session >= 0) {
        ImGui::Text("%d", notes[row].session + 1);
      } else {
        ImGui::TextDisabled("—");
      }
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", note_text(note, state.language).c_str());
    }
    ImGui::EndTable();
  }
};

}  // namespace

std::unique_ptr<Panel> make_analysis_panel() {
  return std::make_unique<AnalysisPanel>();
}

}  // namespace smtplab::app
