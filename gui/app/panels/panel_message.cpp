// The message view: one stored message as raw source, parsed header fields, the Received
// chain drawn as the path it took (hop by hop: from → by, with, time), the MIME tree, the
// decoded text and the attachments, each with a "save to disk" button into a typed folder.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>
#include <utility>

#include "gui/app/actions/mail_actions.hpp"
#include "gui/app/model/capture_findings.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/panel_registry.hpp"
#include "gui/app/shell/theme.hpp"
#include "gui/app/widgets/mail_text.hpp"
#include "sim/message/encoded_word.hpp"

namespace smtplab::app {
namespace {

/// A labelled box at `pos`; returns its size.
ImVec2 draw_box(ImDrawList* draw, ImVec2 pos, const std::string& text, ImU32 border,
                float thickness) {
  const ImVec2 pad(6, 3);
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const ImVec2 end(pos.x + size.x + 2 * pad.x, pos.y + size.y + 2 * pad.y);
  draw->AddRect(pos, end, border, 4.0f, 0, thickness);
  draw->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), ImGui::GetColorU32(ImGuiCol_Text),
                text.c_str());
  return ImVec2(end.x - pos.x, end.y - pos.y);
}

/// "helo [ip]", or what the hop's from clause has.
std::string client_of(const message::ReceivedInfo& hop) {
  std::string name = hop.from.empty() ? hop.from_rdns : hop.from;
  if (!hop.from_ip.empty()) name += " [" + hop.from_ip + "]";
  return name.empty() ? "?" : name;
}

void draw_path(AppState& state, const MessageViewState& view) {
  ImGui::TextDisabled("%s", state.t(Text::PathHint));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float thickness = state.line_width();
  const ImU32 box = ImGui::GetColorU32(ImGuiCol_PlotLinesHovered);
  const ImU32 arrow = ImGui::GetColorU32(ImGuiCol_Text);
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  for (std::size_t i = 0; i < view.hops.size(); ++i) {
    const message::ReceivedInfo& hop = view.hops[i];
    ImGui::Text("%zu.", i + 1);
    ImGui::SameLine();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 from_size = draw_box(draw, pos, client_of(hop), box, thickness);
    // The arrow carries the protocol: what the receiving server says the hop used.
    const std::string with = hop.with.empty() ? "" : hop.with;
    const float arrow_w = std::max(70.0f, ImGui::CalcTextSize(with.c_str()).x + 20.0f);
    const float mid_y = pos.y + from_size.y / 2;
    const ImVec2 a(pos.x + from_size.x + 4, mid_y);
    const ImVec2 b(a.x + arrow_w, mid_y);
    draw->AddLine(a, ImVec2(b.x - 6, b.y), arrow, thickness);
    draw->AddTriangleFilled(ImVec2(b.x, b.y), ImVec2(b.x - 8, b.y - 4), ImVec2(b.x - 8, b.y + 4),
                            arrow);
    draw->AddText(ImVec2(a.x + 8, mid_y - line_h), arrow, with.c_str());
    const ImVec2 by_size =
        draw_box(draw, ImVec2(b.x + 4, pos.y), hop.by.empty() ? "?" : hop.by, box, thickness);
    ImGui::Dummy(ImVec2(from_size.x + arrow_w + 8 + by_size.x, from_size.y));
    ImGui::Indent();
    ImGui::TextDisabled("%s%s%s", hop.date_text.c_str(), hop.id.empty() ? "" : "   id ",
                        hop.id.c_str());
    ImGui::Unindent();
    ImGui::Spacing();
  }
}

void draw_mime(const message::MimePart& part, bool presentation, Language language) {
  std::string label = part.content_type.mime_type();
  if (!part.filename.empty()) label += "  \"" + part.filename + "\"";
  label += "  (" + std::to_string(part.body_end - part.body_begin) + " o)";
  const std::string id = label + "##part" + std::to_string(part.index);
  const ImGuiTreeNodeFlags flags =
      ImGuiTreeNodeFlags_DefaultOpen |
      (part.is_leaf() ? ImGuiTreeNodeFlags_Leaf : ImGuiTreeNodeFlags_None);
  if (!ImGui::TreeNodeEx(id.c_str(), flags)) return;
  for (const auto& note : part.notes) {
    ImGui::TextColored(tone_colour_vec(Tone::Warning, presentation), "%s",
                       mime_note_text(note, language).c_str());
  }
  for (const auto& child : part.children) draw_mime(child, presentation, language);
  ImGui::TreePop();
}

void draw_attachments(AppState& state) {
  MessageViewState& view = state.message;
  const auto parts = attachments(view);
  if (parts.empty()) {
    ImGui::TextDisabled("%s", state.t(Text::NoAttachments));
    return;
  }
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize(state.t(Text::SaveFolder)).x - 12);
  ImGui::InputText(state.t(Text::SaveFolder), &view.save_dir);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Button(state.t(Text::SaveToDisk))) save_attachment(state, static_cast<int>(i) + 1);
    ImGui::SameLine();
    ImGui::Text("%s  %s  (%zu o)", mail_display(parts[i]->filename).c_str(),
                parts[i]->content_type.mime_type().c_str(), parts[i]->body.size());
    ImGui::PopID();
  }
  if (view.save_status.empty()) return;
  if (view.save_failed) {
    ImGui::TextColored(tone_colour_vec(Tone::Error, state.presentation), "%s%s%s",
                       state.t(Text::ErrorTitle), state.colon(), view.save_status.c_str());
  } else {
    ImGui::TextColored(tone_colour_vec(Tone::Success, state.presentation), state.t(Text::SavedTo),
                       view.save_status.c_str());
  }
}

class MessagePanel final : public Panel {
 public:
  Text title() const override { return Text::PanelMessage; }
  const char* id() const override { return "message"; }
  Placement placement() const override { return {0.58f, 0.0f, 0.42f, 0.80f}; }
  bool shown(const AppState& state) const override { return state.message.open; }

 protected:
  void draw_contents(AppState& state) override {
    MessageViewState& view = state.message;
    if (ImGui::SmallButton(state.t(Text::Close))) view.open = false;
    ImGui::SameLine();
    mail_text(message::decoded_subject(view.root));
    if (!ImGui::BeginTabBar("message-tabs")) return;
    // A UI script's message-tab: that tab is brought to the front once.
    const std::string wanted = std::exchange(view.select_tab, std::string());
    const auto tab_flags = [&wanted](const char* name) {
      return wanted == name ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    };
    if (ImGui::BeginTabItem(state.t(Text::TabPath), nullptr, tab_flags("path"))) {
      draw_path(state, view);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(state.t(Text::TabHeaders), nullptr, tab_flags("headers"))) {
      if (ImGui::BeginTable("headers", 2,
                            ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_SizingStretchProp)) {
        for (const auto& field : view.root.headers().fields) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(field.name.c_str());
          ImGui::TableNextColumn();
          mail_text_wrapped(message::decode_header_text(field.raw_value));
        }
        ImGui::EndTable();
      }
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(state.t(Text::TabMime), nullptr, tab_flags("mime"))) {
      draw_mime(view.root, state.presentation, state.language);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(state.t(Text::TabText), nullptr, tab_flags("text"))) {
      const message::MimePart* text = message::find_text_part(view.root);
      if (text) {
        mail_text_wrapped(message::text_content(*text));
      } else {
        ImGui::TextDisabled("%s", state.t(Text::NoTextPart));
      }
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(state.t(Text::TabAttachments), nullptr, tab_flags("attachments"))) {
      draw_attachments(state);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(state.t(Text::TabRaw), nullptr, tab_flags("raw"))) {
      ImGui::PushFont(state.fonts.mono);
      // Read-only: ImGui never writes into the buffer, and the text stays selectable.
      ImGui::InputTextMultiline("##raw", view.raw.data(), view.raw.size() + 1, ImVec2(-1, -1),
                                ImGuiInputTextFlags_ReadOnly);
      ImGui::PopFont();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
};

}  // namespace

std::unique_ptr<Panel> make_message_panel() {
  return std::make_unique<MessagePanel>();
}

}  // namespace smtplab::app
