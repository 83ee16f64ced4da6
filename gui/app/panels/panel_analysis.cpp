// The capture analysis panel: what `smtplab analyze` reports about an opened capture, in
// the window. Two tabs: the messages rebuilt from each session (envelope, subject, size,
// whether complete; a click shows one in the message view, where its attachments can be
// saved) and the analyser's notes (severity, frame, session; a click selects the frame,
// so the dialogue and the frame details follow), as Wireshark's Expert Information does.
// The rows are rendered once per capture, language and filter (AnalysisListing): a frame
// with nothing new only draws them.
#include <imgui.h>

#include <string>
#include <vector>

#include "capture/smtp_session.hpp"
#include "gui/app/actions/app_actions.hpp"
#include "gui/app/actions/mail_actions.hpp"
#include "gui/app/model/capture_findings.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/panel_registry.hpp"
#include "gui/app/shell/theme.hpp"
#include "gui/app/widgets/mail_text.hpp"

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
    // The rows (and the tab titles, which count them) are rendered when the capture, the
    // language or the chat filter changed, not on every frame.
    if (listing_.update(state.capture, state.language, state.analysis_view.show_chat)) {
      messages_label_ = std::string(state.t(Text::AnalysisMessages)) + " (" +
                        std::to_string(listing_.messages().size()) + ")###messages";
      notes_label_ = std::string(state.t(Text::AnalysisNotes)) + " (" +
                     std::to_string(listing_.notes().size()) + ")###notes";
    }
    if (!ImGui::BeginTabBar("analysis-tabs")) return;
    if (ImGui::BeginTabItem(messages_label_.c_str())) {
      draw_messages(state, listing_.messages());
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(notes_label_.c_str(), nullptr,
                            state.analysis_view.select_notes ? ImGuiTabItemFlags_SetSelected : 0)) {
      draw_notes(state, listing_.notes());
      ImGui::EndTabItem();
    }
    state.analysis_view.select_notes = false;
    ImGui::EndTabBar();
  }

 private:
  static void draw_messages(AppState& state, const std::vector<RenderedMessage>& messages) {
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
    for (const RenderedMessage& row : messages) {
      const capture::SmtpMessage& message = *row.listed.message;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ImGui::Selectable(row.id.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
        open_captured_message(state, row.listed.session, row.listed.index);
      }
      ImGui::TableNextColumn();
      mail_text(row.from);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row.recipients.c_str());
      ImGui::TableNextColumn();
      mail_text(message.subject);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row.octets.c_str());
      if (!message.complete) {
        ImGui::SameLine();
        ImGui::TextColored(tone_colour_vec(Tone::Warning, state.presentation), "%s",
                           state.t(Text::AnalysisIncomplete));
      }
    }
    ImGui::EndTable();
  }

  static void draw_notes(AppState& state, const std::vector<RenderedNote>& notes) {
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
      const RenderedNote& rendered = notes[row];
      const capture::Note& note = *rendered.listed.note;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      severity_cell(state, note.severity);
      ImGui::TableNextColumn();
      const bool selected = note.frame != 0 && state.selection.frame == note.frame;
      if (ImGui::Selectable(rendered.id.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
        select_listed_note(state, static_cast<int>(row));
      }
      ImGui::TableNextColumn();
      if (!rendered.session.empty()) {
        ImGui::TextUnformatted(rendered.session.c_str());
      } else {
        ImGui::TextDisabled("—");
      }
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(rendered.text.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
  }

  AnalysisListing listing_;
  std::string messages_label_;  // "Messages (3)###messages", in the listing's language
  std::string notes_label_;
};

}  // namespace

std::unique_ptr<Panel> make_analysis_panel() {
  return std::make_unique<AnalysisPanel>();
}

}  // namespace smtplab::app
