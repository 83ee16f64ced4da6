// PanelBackdrop: the overlap test behind skipping panel backgrounds (see the header).
#include "gui/app/model/panel_backdrop.hpp"

#include <algorithm>

namespace smtplab::app {
namespace {

bool overlap(const PanelRect& a, const PanelRect& b) {
  const float width = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
  const float height = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  return width > PanelBackdrop::kEdgeTolerance && height > PanelBackdrop::kEdgeTolerance;
}

}  // namespace

bool PanelBackdrop::needs_background(const std::string& id) const {
  const auto self = rects_.find(id);
  if (self == rects_.end()) return true;
  return std::any_of(rects_.begin(), rects_.end(), [&](const auto& other) {
    return other.first != id && overlap(self->second, other.second);
  });
}

}  // namespace smtplab::app
