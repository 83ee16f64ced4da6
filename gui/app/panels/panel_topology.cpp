// The Topology panel: the nodes of the topology (default_topology() until a scenario sets
// another) as boxes with name, address and ports, SMTP edges between them (MUA → MSA by
// submission, smarthost routing, MX by DNS), the simulated DNS; clicking a node shows its
// configuration, its sessions and its log. A node whose address takes part in the selected
// session is outlined. While the lab runs, each node shows its health (up, down, faulted)
// and queue size, an envelope travels along the edge of every open session, and a
// right-click on a node injects or clears faults.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "gui/app/actions/topology_actions.hpp"
#include "gui/app/model/node_ports.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/panel_registry.hpp"
#include "gui/app/shell/theme.hpp"
#include "gui/app/widgets/dns_lookup_view.hpp"
#include "gui/app/widgets/topology_fault_menu.hpp"
#include "gui/app/widgets/topology_node_view.hpp"
#include "gui/app/widgets/wrapped_text.hpp"

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

/// Where a line between two boxes starts and ends: side to side on one row, bottom to top
/// across rows.
std::pair<ImVec2, ImVec2> edge_ends(ImVec2 from, ImVec2 to, float box_w, float box_h) {
  if (from.y == to.y) {
    const bool right = to.x > from.x;
    return {ImVec2(from.x + (right ? box_w : 0), from.y + box_h / 2),
            ImVec2(to.x + (right ? 0 : box_w), to.y + box_h / 2)};
  }
  if (from.y < to.y)
    return {ImVec2(from.x + box_w / 2, from.y + box_h), ImVec2(to.x + box_w / 2, to.y)};
  return {ImVec2(from.x + box_w / 2, from.y), ImVec2(to.x + box_w / 2, to.y + box_h)};
}

ImU32 health_colour(NodeHealth health, bool presentation) {
  switch (health) {
    case NodeHealth::Up:
      return reply_colour(250, presentation);
    case NodeHealth::Faulted:
      return reply_colour(450, presentation);
    case NodeHealth::Down:
      return reply_colour(550, presentation);
  }
  return reply_colour(250, presentation);
}

Text health_text(NodeHealth health) {
  switch (health) {
    case NodeHealth::Up:
      return Text::NodeUp;
    case NodeHealth::Faulted:
      return Text::NodeFaulted;
    case NodeHealth::Down:
      return Text::NodeDown;
  }
  return Text::NodeUp;
}

const ImU32 kEnvelopeFill = IM_COL32(255, 214, 90, 255);
const ImU32 kEnvelopeInk = IM_COL32(60, 45, 10, 255);

/// A letter envelope centred on `centre`, `width` wide: a filled card and its flap.
void draw_envelope(ImDrawList* draw, ImVec2 centre, float width) {
  const float h = width * 0.66f;
  const ImVec2 a(centre.x - width / 2, centre.y - h / 2);
  const ImVec2 b(centre.x + width / 2, centre.y + h / 2);
  draw->AddRectFilled(a, b, kEnvelopeFill, 2);
  draw->AddRect(a, b, kEnvelopeInk, 2, 0, 1.5f);
  draw->AddLine(a, ImVec2(centre.x, centre.y + h * 0.1f), kEnvelopeInk, 1.5f);
  draw->AddLine(ImVec2(b.x, a.y), ImVec2(centre.x, centre.y + h * 0.1f), kEnvelopeInk, 1.5f);
}

/// "● up  ● faulted  ● down  ✉ message in flight" after the cursor, on one line.
/// Continues the line when `width` more fits in the window, else starts a new one.
void same_line_if_fits(float width) {
  const float spacing = ImGui::GetTextLineHeight();
  ImGui::SameLine(0, spacing);
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
}

void draw_legend(const AppState& state) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float line_h = ImGui::GetTextLineHeight();
  for (const NodeHealth health : {NodeHealth::Up, NodeHealth::Faulted, NodeHealth::Down}) {
    same_line_if_fits(line_h + ImGui::CalcTextSize(state.t(health_text(health))).x);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    draw->AddCircleFilled(ImVec2(at.x + line_h * 0.4f, at.y + line_h * 0.5f), line_h * 0.32f,
                          health_colour(health, state.presentation));
    ImGui::Dummy(ImVec2(line_h * 0.9f, line_h));
    ImGui::SameLine(0, 2);
    ImGui::TextUnformatted(state.t(health_text(health)));
  }
  same_line_if_fits(line_h * 1.5f + ImGui::CalcTextSize(state.t(Text::EnvelopeInFlight)).x);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  draw_envelope(draw, ImVec2(at.x + line_h * 0.6f, at.y + line_h * 0.5f), line_h * 1.1f);
  ImGui::Dummy(ImVec2(line_h * 1.3f, line_h));
  ImGui::SameLine(0, 2);
  ImGui::TextUnformatted(state.t(Text::EnvelopeInFlight));
}

/// The queue size of a node as the last lab snapshot saw its spool (0 when unknown).
std::size_t queue_size(const AppState& state, const std::string& node) {
  for (const auto& queue : state.mail.queues) {
    if (queue.node == node) return queue.entries.size();
  }
  return 0;
}

class TopologyPanel final : public Panel {
 public:
  Text title() const override { return Text::PanelTopology; }
  const char* id() const override { return "topology"; }
  Placement placement() const override { return {0.0f, 0.0f, 0.28f, 0.38f}; }

 protected:
  void draw_contents(AppState& state) override {
    refresh_topology_activity(state);
    const auto& topology = state.topology.topology;
    const std::size_t n = topology.nodes.size();
    if (n == 0) return;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float avail_w = ImGui::GetContentRegionAvail().x;
    const float line_h = ImGui::GetTextLineHeight();
    const float gap = 28;
    // Boxes as wide as their longest line; as many per row as fit (a flow layout), so the
    // names stay readable in a narrow panel.
    float box_w = 0;
    for (const auto& node : topology.nodes) {
      box_w =
          std::max({box_w, ImGui::CalcTextSize(node.id.c_str()).x,
                    ImGui::CalcTextSize(
                        (node.address + " :" + node_ports_text(node, state.live.runtime())).c_str())
                        .x});
    }
    box_w = std::min(box_w + 12, avail_w);
    const float box_h = line_h * 4 + 12;
    const auto columns =
        static_cast<std::size_t>(std::max(1.0f, std::floor((avail_w + gap) / (box_w + gap))));
    ImGui::TextDisabled("SMTP →");
    draw_legend(state);
    // Room above the first row: an outside client's envelope comes down from there.
    const ImVec2 origin(ImGui::GetCursorScreenPos().x,
                        ImGui::GetCursorScreenPos().y + line_h * 0.9f);
    const std::string session_server = selected_server_address(state);
    const bool live = state.timeline_source == TimelineSource::Live && state.live.running();

    std::vector<ImVec2> corners;
    for (std::size_t i = 0; i < n; ++i) {
      const auto col = static_cast<float>(i % columns);
      const auto row = static_cast<float>(i / columns);
      corners.emplace_back(origin.x + col * (box_w + gap), origin.y + row * (box_h + gap));
    }
    const float rows_h = static_cast<float>((n + columns - 1) / columns) * (box_h + gap) - gap;
    // Edges first, under the boxes.
    const ImU32 edge = reply_colour(250, state.presentation);
    for (const auto& [from, to] : smtp_edges(topology)) {
      const auto [a, b] = edge_ends(corners[from], corners[to], box_w, box_h);
      draw->AddLine(a, b, edge, state.line_width());
      const float len = std::max(1.0f, std::hypot(b.x - a.x, b.y - a.y));
      const ImVec2 d((b.x - a.x) / len, (b.y - a.y) / len);
      const float head = 8;
      draw->AddTriangleFilled(
          b, ImVec2(b.x - d.x * head - d.y * head * 0.5f, b.y - d.y * head + d.x * head * 0.5f),
          ImVec2(b.x - d.x * head + d.y * head * 0.5f, b.y - d.y * head - d.x * head * 0.5f), edge);
    }
    for (std::size_t i = 0; i < n; ++i)
      draw_node(state, draw, i, corners[i], box_w, box_h, session_server, live);
    if (live) draw_envelopes(state, draw, corners, box_w, box_h);
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + rows_h + 8));
    // At least a dozen lines for the settings, the zones and the DNS lookup: where the
    // diagram leaves less, the panel scrolls rather than squeezing them to one line.
    const float config_h = std::max(ImGui::GetContentRegionAvail().y, line_h * 12);
    ImGui::BeginChild("node-config", ImVec2(0, config_h), true);
    if (state.topology.selected_node.empty()) {
      draw_configuration(state);
    } else if (ImGui::BeginTabBar("node-tabs")) {
      // Tabs, not one long column: the panel is short and the log wants its height.
      if (ImGui::BeginTabItem((std::string(state.t(Text::NodeSettings)) + "###config").c_str())) {
        ImGui::BeginChild("node-settings");
        draw_node_faults(state);
        draw_configuration(state);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      draw_node_tabs(state);
      ImGui::EndTabBar();
    }
    ImGui::EndChild();
    if (state.topology.dns_lookup.reveal_frames > 0) {
      ImGui::SetScrollHereY(1.0f);  // the panel's own scroll, down to the settings pane
      --state.topology.dns_lookup.reveal_frames;
    }
  }

 private:
  /// One node's box: kind, name, address and ports, then its health and queue; a click
  /// selects it, a right-click opens its fault menu.
  static void draw_node(AppState& state, ImDrawList* draw, std::size_t i, ImVec2 a, float box_w,
                        float box_h, const std::string& session_server, bool live) {
    const auto& node = state.topology.topology.nodes[i];
    const float line_h = ImGui::GetTextLineHeight();
    ImGui::SetCursorScreenPos(a);
    ImGui::PushID(static_cast<int>(i));
    // A second click on the selected node goes back to the lab's DNS (zones and lookup).
    if (ImGui::InvisibleButton("node", ImVec2(box_w, box_h)))
      state.topology.selected_node = state.topology.selected_node == node.id ? "" : node.id;
    const bool hovered = ImGui::IsItemHovered();
    if (state.topology.open_fault_menu == node.id) {
      // Opened by the UI script, as a right-click would.
      ImGui::OpenPopup("faults");
      state.topology.open_fault_menu.clear();
    }
    if (ImGui::BeginPopupContextItem("faults")) {
      draw_fault_menu(state, node);
      ImGui::EndPopup();
    }
    ImGui::PopID();
    const auto found = state.topology.activity.health.find(node.id);
    const NodeHealth health =
        found == state.topology.activity.health.end() ? NodeHealth::Up : found->second;
    const bool selected = state.topology.selected_node == node.id;
    const ImVec2 b(a.x + box_w, a.y + box_h);
    draw->AddRectFilled(
        a, b, ImGui::GetColorU32(hovered || selected ? ImGuiCol_HeaderHovered : ImGuiCol_FrameBg),
        5);
    if (health == NodeHealth::Down) {
      // A down node is struck through: it refuses every connection.
      draw->AddLine(a, b, health_colour(health, state.presentation), state.line_width());
    }
    const bool in_session = !session_server.empty() && session_server == node.address;
    const ImU32 border = in_session                 ? selection_colour(state.presentation)
                         : health != NodeHealth::Up ? health_colour(health, state.presentation)
                                                    : ImGui::GetColorU32(ImGuiCol_Border);
    draw->AddRect(
        a, b, border, 5, 0,
        in_session || health != NodeHealth::Up ? state.line_width() * 2 : state.line_width());
    draw->PushClipRect(a, b, true);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    // Dimmed text would fade on the highlighted box: the full text colour there.
    const ImU32 dim =
        ImGui::GetColorU32(hovered || selected ? ImGuiCol_Text : ImGuiCol_TextDisabled);
    draw->AddText(ImVec2(a.x + 5, a.y + 4), text, kind_name(node.kind));
    draw->AddText(ImVec2(a.x + 5, a.y + 4 + line_h), text, node.id.c_str());
    draw->AddText(ImVec2(a.x + 5, a.y + 4 + 2 * line_h), dim,
                  (node.address + " :" + node_ports_text(node, state.live.runtime())).c_str());
    if (live) {
      const float y = a.y + 6 + 3 * line_h;
      draw->AddCircleFilled(ImVec2(a.x + 5 + line_h * 0.35f, y + line_h * 0.5f), line_h * 0.3f,
                            health_colour(health, state.presentation));
      std::string status = state.t(health_text(health));
      if (node.kind != lab::NodeKind::Mua) {
        status += std::string(" · ") + state.t(Text::QueueSize) + state.colon() +
                  std::to_string(queue_size(state, node.id));
      }
      draw->AddText(ImVec2(a.x + 7 + line_h * 0.8f, y), text, status.c_str());
    }
    draw->PopClipRect();
    if (hovered) {
      ImGui::SetTooltip("%s\n%s", node.label.in(std::string(language_code(state.language))).c_str(),
                        state.t(Text::NodeMenuHint));
    }
  }

  /// An envelope on the edge of each open session, from its client to its server, as far
  /// along as the dialogue is; it glides between steps. An outside client (the console,
  /// telnet) comes from above the server.
  static void draw_envelopes(AppState& state, ImDrawList* draw, const std::vector<ImVec2>& corners,
                             float box_w, float box_h) {
    const auto& nodes = state.topology.topology.nodes;
    const auto index_of = [&](const std::string& id) -> std::optional<std::size_t> {
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].id == id) return i;
      }
      return std::nullopt;
    };
    const double now = ImGui::GetTime();
    state.topology.envelope_positions.clear();
    for (const auto& session : state.topology.activity.sessions) {
      const auto server = index_of(session.server_node);
      if (!server) continue;
      const auto client = index_of(session.client_node);
      ImVec2 a;
      ImVec2 b;
      if (client && *client != *server) {
        std::tie(a, b) = edge_ends(corners[*client], corners[*server], box_w, box_h);
      } else {
        b = ImVec2(corners[*server].x + box_w / 2, corners[*server].y);
        a = ImVec2(b.x, b.y - ImGui::GetTextLineHeight() * 1.5f);
      }
      const double position =
          advance_envelope(state.topology.envelopes[session.session], session.progress, now);
      state.topology.envelope_positions[session.session] = position;
      // The envelope stays clear of both boxes: its whole run is between their edges.
      const float width = ImGui::GetTextLineHeight() * (state.presentation ? 1.8f : 1.4f);
      const float length = std::max(1.0f, std::hypot(b.x - a.x, b.y - a.y));
      const float margin = std::min(0.45f, width * 0.6f / length);
      const float t = margin + static_cast<float>(position) * (1 - 2 * margin);
      draw_envelope(draw, ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t), width);
    }
  }

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

  static void draw_configuration(AppState& state) {
    const auto& topology = state.topology.topology;
    const lab::NodeSpec* node = topology.find_node(state.topology.selected_node);
    if (!node) {
      wrapped_hint(state.t(Text::ClickNodeHint));
      ImGui::Text("%s%s", state.t(Text::DnsRecords), state.colon());
      for (const auto& zone : topology.dns) {
        for (const auto& mx : zone.mx)
          bullet_wrapped(zone.name + " MX " + std::to_string(mx.preference) + " " + mx.host);
        for (const auto& txt : zone.txt) bullet_wrapped(zone.name + " TXT \"" + txt + "\"");
      }
      draw_dns_lookup(state);
      return;
    }
    ImGui::Text("%s — %s", state.t(Text::NodeConfiguration), node->id.c_str());
    ImGui::TextWrapped("%s", node->label.in(std::string(language_code(state.language))).c_str());
    ImGui::Text("%s%s%s", state.t(Text::NodeKindLabel), state.colon(), kind_name(node->kind));
    ImGui::Text("%s%s%s", state.t(Text::Address), state.colon(), node->address.c_str());
    ImGui::Text("%s%s%s", state.t(Text::Ports), state.colon(),
                node_ports_text(*node, state.live.runtime()).c_str());
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
