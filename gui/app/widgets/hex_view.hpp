// A hex + ASCII view of a frame's bytes with highlight(begin, end) ranges (the shape of
// imgui_club's memory editor API), drawn with the monospace font and a list clipper.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <imgui.h>

namespace smtplab::app {

class HexView {
 public:
  /// Forgets the highlights (call before setting this frame's ranges).
  void clear_highlights() { highlights_.clear(); }
  /// Lights bytes [begin, end) in `colour`; later ranges draw over earlier ones.
  void highlight(std::size_t begin, std::size_t end, ImU32 colour);
  /// Draws the bytes in a scrolling child; `scroll_to` brings that byte into view.
  void draw(std::span<const std::uint8_t> bytes, ImFont* mono, long scroll_to);

 private:
  struct Range {
    std::size_t begin;
    std::size_t end;
    ImU32 colour;
  };
  std::vector<Range> highlights_;
};

}  // namespace smtplab::app
