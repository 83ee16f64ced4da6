// The base of every panel: draw() owns ImGui's Begin/End, the stable window id, the first
// placement in the fixed layout and the record of visible titles; a panel writes only its
// contents in draw_contents(). Panels are created in one place (panel_registry.cpp).
#pragma once

#include <memory>
#include <vector>

#include "gui/app/model/app_state.hpp"
#include "gui/app/model/ui_text.hpp"

namespace smtplab::app {

/// Where a panel goes in the default layout, as fractions of the area below the menu bar.
struct Placement {
  float x = 0, y = 0, width = 1, height = 1;
};

class Panel {
 public:
  virtual ~Panel() = default;
  /// Draws the window and its contents; `reset_layout` puts it back in its default place.
  void draw(AppState& state, bool reset_layout);
  /// The title key (the window id stays the same across languages).
  virtual Text title() const = 0;
  /// A stable id for the window ("frames"), kept in imgui.ini.
  virtual const char* id() const = 0;
  /// The default place in the layout.
  virtual Placement placement() const = 0;
  /// False while the panel has nothing to show (a message view with no message open).
  virtual bool shown(const AppState&) const { return true; }

 protected:
  /// The panel's contents, between Begin and End.
  virtual void draw_contents(AppState& state) = 0;
};

/// Between two items of a row: on the same line when the next item (`width` pixels) still
/// fits, else on the next line, so rows wrap in a narrow panel instead of being cut.
void same_line_if_fits(float width);
/// The width of a button labelled `label`.
float button_width(const char* label);

/// Every panel of the window, in drawing order.
std::vector<std::unique_ptr<Panel>> make_panels();

}  // namespace smtplab::app
