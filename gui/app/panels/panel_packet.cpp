// The frame details panel: the selected frame's field tree (link/IP/TCP/payload, each
// field with its byte range) above a hex + ASCII view. The bytes of the selected dialogue
// line are lit (correlation), and a field picked in the tree is lit in another colour.
#include <imgui.h>

#include <cstdio>
#include <string_view>

#include "capture/field_tree.hpp"
#include "gui/app/model/frame_details.hpp"
#include "gui/app/model/smtp_fields.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/panel_registry.hpp"
#include "gui/app/shell/theme.hpp"
#include "gui/app/widgets/hex_view.hpp"

namespace smtplab::app {
namespace {

class PacketPanel final : public Panel {
 public:
  Text title() const override { return Text::PanelPacket; }
  const char* id() const override { return "packet"; }
  Placement placement() const override { return {0.58f, 0.42f, 0.42f, 0.38f}; }

 protected:
  void draw_contents(AppState& state) override {
    const std::uint64_t number = state.selection.frame;
    if (!state.capture || number == 0 || number > state.capture->rows.size()) {
      ImGui::TextDisabled("%s", state.t(Text::NoFrameSelected));
      return;
    }
    // Built once per frame shown (and language): the tree is the same every draw.
    if (number != tree_frame_ || state.language != tree_language_ || state.capture != tree_model_) {
      tree_ = frame_details(*state.capture, number, state.language);
      tree_frame_ = number;
      tree_language_ = state.language;
      tree_model_ = state.capture;
    }
    const capture::FieldNode& root = tree_;
    const float tree_h = ImGui::GetContentRegionAvail().y * 0.45f;
    ImGui::BeginChild("fields", ImVec2(0, tree_h), true);
    draw_field(state, root, number, true);
    ImGui::EndChild();

    hex_.clear_highlights();
    long scroll_to = -1;
    for (const ByteRange& range : state.selection.highlights) {
      if (range.frame != number) continue;
      hex_.highlight(range.begin, range.end, selection_colour(state.presentation));
      if (scroll_to < 0) scroll_to = static_cast<long>(range.begin);
    }
    if (state.selection.field && state.selection.field->frame == number) {
      hex_.highlight(state.selection.field->begin, state.selection.field->end,
                     field_colour(state.presentation));
    }
    ImGui::TextDisabled("%s", state.t(Text::Hex));
    // Scroll only when the selection changed, so the user can scroll freely afterwards.
    const bool changed = number != shown_frame_;
    shown_frame_ = number;
    hex_.draw(state.capture->frame_bytes(number), state.fonts.mono, changed ? scroll_to : -1);
  }

 private:
  static void draw_field(AppState& state, const capture::FieldNode& node, std::uint64_t number,
                         bool open_by_default) {
    char label[512];
    std::snprintf(label, sizeof label, "%s%s%s##%zu-%zu", node.name.c_str(),
                  node.value.empty() ? "" : ": ", node.value.c_str(), node.offset, node.length);
    ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_SpanAvailWidth;
    if (node.children.empty())
      flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
    if (open_by_default) flags |= ImGuiTreeNodeFlags_DefaultOpen;
    const auto& field = state.selection.field;
    if (field && field->frame == number && field->begin == node.offset &&
        field->end == node.offset + node.length) {
      flags |= ImGuiTreeNodeFlags_Selected;
    }
    const bool open = ImGui::TreeNodeEx(label, flags);
    if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) {
      state.selection.field = ByteRange{number, node.offset, node.offset + node.length};
    }
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("[%zu, %zu)", node.offset, node.offset + node.length);
    }
    if (open && !node.children.empty()) {
      // The SMTP layer is what the analyst came for: open, with its lines, at first sight.
      const bool smtp = node.name == kSmtpLayerName;
      for (const auto& child : node.children)
        draw_field(state, child, number, smtp || child.name == kSmtpLayerName);
      ImGui::TreePop();
    }
  }

  capture::FieldNode tree_;  // the shown frame's details, in the shown language
  std::uint64_t tree_frame_ = 0;
  Language tree_language_ = Language::Fr;
  std::shared_ptr<const CaptureModel> tree_model_;
  HexView hex_;                    // highlights are rebuilt every frame from the state
  std::uint64_t shown_frame_ = 0;  // to scroll the hex view once per new frame
};

}  // namespace

std::unique_ptr<Panel> make_packet_panel() {
  return std::make_unique<PacketPanel>();
}

}  // namespace smtplab::app
