// Which panels must paint their own background. Every panel used to fill its whole window
// with WindowBg, but the frame is cleared to that very colour first, so a panel with
// nothing beneath it painted every pixel twice. Under a software rasteriser (llvmpipe in
// CI, many lecture-hall PCs) the fill is most of the frame's cost: at 1600×1000 the
// backgrounds alone took ~45% of each frame. A panel now skips its background unless its
// rectangle from the last frame overlaps another shown panel's (a moved window, the
// mailbox and message panels that open over the layout); a panel seen for the first time
// paints it, so nothing shows through while its place is still unknown.
#pragma once

#include <map>
#include <string>

namespace smtplab::app {

/// A panel window's rectangle on screen, in pixels.
struct PanelRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

class PanelBackdrop {
 public:
  /// Windows of a tiled layout meet on rounded edges and may share a pixel or two; an
  /// overlap that thin hides nothing worth painting under.
  static constexpr float kEdgeTolerance = 2.0f;

  /// True when panel `id` must paint its background this frame.
  bool needs_background(const std::string& id) const;
  /// Records where panel `id` was drawn this frame.
  void record(const std::string& id, PanelRect rect) { rects_[id] = rect; }
  /// Panel `id` is not shown any more: it hides nothing and nothing hides it.
  void forget(const std::string& id) { rects_.erase(id); }

 private:
  std::map<std::string, PanelRect> rects_;
};

}  // namespace smtplab::app
