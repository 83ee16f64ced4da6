// The Mailboxes and queues panel: per server node its queue (message, recipients,
// attempts, next retry, last error), then every mailbox found on disk with its messages
// (From, Subject, Date); clicking a message opens it in the message view.
#include <imgui.h>

#include <string>

#include "gui/app/actions/mail_actions.hpp"
#include "gui/app/model/queue_problem_text.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/panel_registry.hpp"
#include "gui/app/widgets/lab_clock.hpp"
#include "gui/app/widgets/mail_text.hpp"

namespace smtplab::app {
namespace {

constexpr ImGuiTableFlags kTableFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                        ImGuiTableFlags_SizingStretchProp |
                                        ImGuiTableFlags_Resizable;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

class MailPanel final : public Panel {
 public:
  Text title() const override { return Text::PanelMail; }
  const char* id() const override { return "mail"; }
  Placement placement() const override { return {0.28f, 0.36f, 0.30f, 0.44f}; }
  bool shown(const AppState& state) const override { return state.mail.show; }

 protected:
  void draw_contents(AppState& state) override {
    MailState& mail = state.mail;
    if (ImGui::SmallButton(state.t(Text::Close))) mail.show = false;
    // The queues' retry times are on the lab's clock: its reading and its jumps sit above them.
    draw_clock_bar(state);
    if (mail.queues.empty() && mail.mailboxes.empty()) {
      ImGui::TextWrapped("%s", state.t(Text::MailNoLab));
      return;
    }
    draw_queues(state);
    ImGui::Separator();
    draw_mailboxes(state);
  }

 private:
  static void draw_queues(AppState& state) {
    for (const QueueView& queue : state.mail.queues) {
      char heading[160];
      std::snprintf(heading, sizeof heading, state.t(Text::MailQueueOf), queue.node.c_str());
      ImGui::TextUnformatted(heading);
      if (queue.entries.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("(%s)", state.t(Text::QueueEmpty));
        continue;
      }
      const std::string table_id = "queue-" + queue.node;
      if (!ImGui::BeginTable(table_id.c_str(), 5, kTableFlags)) continue;
      for (Text column : {Text::ColMessage, Text::ColRecipients, Text::ColAttempts,
                          Text::ColNextRetry, Text::ColLastError}) {
        ImGui::TableSetupColumn(state.t(column));
      }
      ImGui::TableHeadersRow();
      for (const auto& entry : queue.entries) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%s <%s>", entry.id.c_str(), entry.reverse_path.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(join(entry.pending()).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%u", entry.attempts);
        ImGui::TableNextColumn();
        // Simulated seconds: the lab's clock can run faster than the wall clock.
        ImGui::Text("t = %.0f s", entry.next_attempt);
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", describe_problem(entry.problem, state.language).c_str());
      }
      ImGui::EndTable();
    }
  }

  static void draw_mailboxes(AppState& state) {
    MailState& mail = state.mail;
    for (std::size_t i = 0; i < mail.mailboxes.size(); ++i) {
      const MailboxView& box = mail.mailboxes[i];
      const std::string label = box.address + " (" + std::to_string(box.messages.size()) + ")  — " +
                                box.node + "##box" + std::to_string(i);
      if (ImGui::Selectable(label.c_str(), mail.selected_mailbox == static_cast<int>(i))) {
        mail.selected_mailbox = static_cast<int>(i);
      }
    }
    if (mail.selected_mailbox < 0 ||
        mail.selected_mailbox >= static_cast<int>(mail.mailboxes.size()))
      return;
    const MailboxView& box = mail.mailboxes[mail.selected_mailbox];
    ImGui::Separator();
    ImGui::TextUnformatted(box.address.c_str());
    if (box.messages.empty()) {
      ImGui::TextDisabled("%s", state.t(Text::MailboxEmpty));
      return;
    }
    if (!ImGui::BeginTable("messages", 3, kTableFlags)) return;
    for (Text column : {Text::ColFrom, Text::ColSubject, Text::ColDate})
      ImGui::TableSetupColumn(state.t(column));
    ImGui::TableHeadersRow();
    for (std::size_t k = 0; k < box.messages.size(); ++k) {
      const MailSummary& summary = box.messages[k];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const bool current = state.message.open && state.message.file == summary.file;
      const std::string label = mail_display(summary.from) + "##msg" + std::to_string(k);
      if (ImGui::Selectable(label.c_str(), current, ImGuiSelectableFlags_SpanAllColumns)) {
        open_message(state, static_cast<int>(k) + 1);
      }
      ImGui::TableNextColumn();
      mail_text(summary.subject);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(summary.date.c_str());
    }
    ImGui::EndTable();
  }
};

}  // namespace

std::unique_ptr<Panel> make_mail_panel() {
  return std::make_unique<MailPanel>();
}

}  // namespace smtplab::app
