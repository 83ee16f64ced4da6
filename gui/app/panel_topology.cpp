// The Topology panel: the nodes of the topology (default_topology() until a scenario sets
// another) as boxes with name, address and ports, SMTP edges between them (MUA → MSA by
// submission, smarthost routing, MX by DNS), the simulated DNS; clicking a node shows its
// configuration. A node whose address takes part in the selected session is outlined.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "gui/app/panel.hpp"
#include "gui/app/panel_registry.hpp"
#include "gui/app/theme.hpp"

namespace smtplab::app {
namespace {

const char* kind_name(lab::NodeKind kind) {
  switch (kind) {
    case lab::NodeKind::Mua:
      return "MUA";
    case lab::NodeKind::Msa:
      return "MSA";
    case lab::NodeKind::Relay:
      return "Relay";
    case lab::NodeKind::Mx:
      return "MX + MDA";
  }
  return "?";
}

std::string ports_text(const lab::NodeSpec& node) {
  if (node.kind == lab::NodeKind::Mua) return "—";
  if (node.ports.empty()) {
    // The lab's defaults (DESIGN.md: standard ports, else a fixed offset).
    return node.kind == lab::NodeKind::Msa ? "587, 465" : "25";
  }
  std::string out;
  for (const auto& [name, port] : node.ports) {
    if (!out.empty()) out += ", ";
    out += name + " " + std::to_string(port);
  }
  return out;
}

/// The node each node sends to, as the lab routes mail.
std::vector<std::pair<std::size_t, std::size_t>> smtp_edges(const lab::TopologySpec& topology) {
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  const auto index_of = [&](const std::string& id) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < topology.nodes.size(); ++i) {
      if (topology.nodes[i].id == id || topology.nodes[i].hostname == id) return i;
    }
    return std::nullopt;
  };
  for (std::size_t i = 0; i < topology.nodes.size(); ++i) {
    const auto& node = topology.nodes[i];
    std::optional<std::size_t> next;
    if (node.kind == lab::NodeKind::Mua)
      next = index_of(node.submit.server);
    else if (!node.routing.smarthost.empty())
      next = index_of(node.routing.smarthost);
    if (next && *next != i) edges.emplace_back(i, *next);
    const bool routes_by_mx = node.kind == lab::NodeKind::Msa || node.kind == lab::NodeKind::Relay;
    if (routes_by_mx && node.routing.smarthost.empty()) {
      // MX routing: to the MX hosts of every domain that is not the node's own.
      for (const auto& zone : topology.dns) {
        if (std::find(node.domains.begin(), node.domains.end(), zone.name) != node.domains.end())
          continue;
        for (const auto& mx : zone.mx) {
          const auto target = index_of(mx.host);
          const bool exists =
              target && std::find(edges.begin(), edges.end(), std::pair{i, *target}) != edges.end();
          // Only hops towards a destination (an MX or a backup relay), not back to a
          // submission server that a zone happens to name as its MX.
          const bool onward = target && (topology.nodes[*target].kind == lab::NodeKind::Mx ||
                                         topology.nodes[*target].kind == lab::NodeKind::Relay);
          if (onward && *target != i && !exists) {
            edges.emplace_back(i, *target);
          }
        }
      }
    }
  }
  return edges;
}

class TopologyPanel final : public Panel {
 public:
  Text title() const override { return Text::PanelTopology; }
  const char* id() const override { return "topology"; }
  Placement placement() const override { return {0.0f, 0.0f, 0.28f, 0.38f}; }

 protected:
  void draw_contents(AppState& state) override {
    const auto& topology = state.topology.topology;
    const std::size_t n = topology.nodes.size();
    if (n == 0) return;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float avail_w = ImGui::GetContentRegionAvail().x;
    const float line_h = ImGui::GetTextLineHeight();
    const float gap = 24;
    // Boxes as wide as their longest line; as many per row as fit (a flow layout), so the
    // names stay readable in a narrow panel.
    float box_w = 0;
    for (const auto& node : topology.nodes) {
      box_w = std::max({box_w, ImGui::CalcTextSize(node.id.c_str()).x,
                        ImGui::CalcTextSize((node.address + " :" + ports_text(node)).c_str()).x});
    }
    box_w = std::min(box_w + 12, avail_w);
    const float box_h = line_h * 3 + 10;
    const auto columns =
        static_cast<std::size_t>(std::max(1.0f, std::floor((avail_w + gap) / (box_w + gap))));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const std::string session_server = selected_server_address(state);

    std::vector<ImVec2> corners;
    for (std::size_t i = 0; i < n; ++i) {
      const auto col = static_cast<float>(i % columns);
      const auto row = static_cast<float>(i / columns);
      corners.emplace_back(origin.x + col * (box_w + gap), origin.y + line_h + row * (box_h + gap));
    }
    const float rows_h = static_cast<float>((n + columns - 1) / columns) * (box_h + gap) - gap;
    // Edges first, under the boxes: side to side on one row, bottom to top across rows.
    const ImU32 edge = reply_colour(250, state.presentation);
    for (const auto& [from, to] : smtp_edges(topology)) {
      ImVec2 a;
      ImVec2 b;
      if (corners[from].y == corners[to].y) {
        const bool right = corners[to].x > corners[from].x;
        a = ImVec2(corners[from].x + (right ? box_w : 0), corners[from].y + box_h / 2);
        b = ImVec2(corners[to].x + (right ? 0 : box_w), corners[to].y + box_h / 2);
      } else {
        a = ImVec2(corners[from].x + box_w / 2, corners[from].y + box_h);
        b = ImVec2(corners[to].x + box_w / 2, corners[to].y);
      }
      draw->AddLine(a, b, edge, state.line_width());
      const float len = std::max(1.0f, std::hypot(b.x - a.x, b.y - a.y));
      const ImVec2 d((b.x - a.x) / len, (b.y - a.y) / len);
      const float head = 8;
      draw->AddTriangleFilled(
          b, ImVec2(b.x - d.x * head - d.y * head * 0.5f, b.y - d.y * head + d.x * head * 0.5f),
          ImVec2(b.x - d.x * head + d.y * head * 0.5f, b.y - d.y * head - d.x * head * 0.5f), edge);
    }
    ImGui::TextDisabled("SMTP →");
    for (std::size_t i = 0; i < n; ++i) {
      const auto& node = topology.nodes[i];
      ImGui::SetCursorScreenPos(corners[i]);
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::InvisibleButton("node", ImVec2(box_w, box_h)))
        state.topology.selected_node = node.id;
      const bool hovered = ImGui::IsItemHovered();
      ImGui::PopID();
      const bool selected = state.topology.selected_node == node.id;
      const ImVec2 a = corners[i];
      const ImVec2 b(a.x + box_w, a.y + box_h);
      draw->AddRectFilled(
          a, b, ImGui::GetColorU32(hovered || selected ? ImGuiCol_HeaderHovered : ImGuiCol_FrameBg),
          5);
      const bool in_session = !session_server.empty() && session_server == node.address;
      draw->AddRect(
          a, b,
          in_session ? selection_colour(state.presentation) : ImGui::GetColorU32(ImGuiCol_Border),
          5, 0, in_session ? state.line_width() * 2 : state.line_width());
      draw->PushClipRect(a, b, true);
      const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
      draw->AddText(ImVec2(a.x + 5, a.y + 4), text, kind_name(node.kind));
      draw->AddText(ImVec2(a.x + 5, a.y + 4 + line_h), text, node.id.c_str());
      draw->AddText(ImVec2(a.x + 5, a.y + 4 + 2 * line_h),
                    ImGui::GetColorU32(ImGuiCol_TextDisabled),
                    (node.address + " :" + ports_text(node)).c_str());
      draw->PopClipRect();
      if (hovered)
        ImGui::SetTooltip("%s", node.label.in(std::string(language_code(state.language))).c_str());
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + line_h + rows_h + 8));
    ImGui::BeginChild("node-config", ImVec2(0, 0), true);
    draw_configuration(state);
    ImGui::EndChild();
  }

 private:
  /// The server address of the selected session, from its timeline (live or capture).
  static std::string selected_server_address(const AppState& state) {
    if (state.selection.session < 0) return {};
    const auto index = static_cast<std::size_t>(state.selection.session);
    if (index >= state.session_events.size() || state.session_events[index].empty()) return {};
    const std::string& server = state.timeline[state.session_events[index].front()].server;
    const auto colon = server.rfind(':');
    std::string address = server.substr(0, colon);
    if (address.size() > 2 && address.front() == '[')
      address = address.substr(1, address.size() - 2);
    return address;
  }

  static void list_line(const AppState& state, Text label, const std::vector<std::string>& items) {
    if (items.empty()) return;
    std::string joined;
    for (const auto& item : items) joined += (joined.empty() ? "" : ", ") + item;
    ImGui::TextWrapped("%s%s%s", state.t(label), state.colon(), joined.c_str());
  }

  static void draw_configuration(const AppState& state) {
    const auto& topology = state.topology.topology;
    const lab::NodeSpec* node = topology.find_node(state.topology.selected_node);
    if (!node) {
      ImGui::TextDisabled("%s", state.t(Text::ClickNodeHint));
      ImGui::Text("%s%s", state.t(Text::DnsRecords), state.colon());
      for (const auto& zone : topology.dns) {
        for (const auto& mx : zone.mx)
          ImGui::BulletText("%s MX %d %s", zone.name.c_str(), mx.preference, mx.host.c_str());
        for (const auto& txt : zone.txt)
          ImGui::BulletText("%s TXT \"%s\"", zone.name.c_str(), txt.c_str());
      }
      return;
    }
    ImGui::Text("%s — %s", state.t(Text::NodeConfiguration), node->id.c_str());
    ImGui::TextWrapped("%s", node->label.in(std::string(language_code(state.language))).c_str());
    ImGui::Text("%s%s%s", state.t(Text::NodeKindLabel), state.colon(), kind_name(node->kind));
    ImGui::Text("%s%s%s", state.t(Text::Address), state.colon(), node->address.c_str());
    ImGui::Text("%s%s%s", state.t(Text::Ports), state.colon(), ports_text(*node).c_str());
    list_line(state, Text::Domains, node->domains);
    list_line(state, Text::Mailboxes, node->mailboxes);
    std::vector<std::string> users;
    for (const auto& [user, password] : node->users) users.push_back(user);
    list_line(state, Text::Users, users);
    if (!node->routing.smarthost.empty())
      ImGui::Text("%s%s%s", state.t(Text::Smarthost), state.colon(),
                  node->routing.smarthost.c_str());
    list_line(state, Text::RelayNetworks, node->relay.networks);
  }
};

}  // namespace

std::unique_ptr<Panel> make_topology_panel() {
  return std::make_unique<TopologyPanel>();
}

}  // namespace smtplab::app
