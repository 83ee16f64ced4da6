// PanelBackdrop: which panels paint their background (gui/app/model/panel_backdrop.hpp).
#include "gui/app/model/panel_backdrop.hpp"

#include <gtest/gtest.h>

namespace smtplab::app {
namespace {

TEST(PanelBackdrop, APanelSeenForTheFirstTimePaintsItsBackground) {
  PanelBackdrop backdrop;
  EXPECT_TRUE(backdrop.needs_background("frames"));
}

TEST(PanelBackdrop, TiledPanelsThatOnlyTouchSkipIt) {
  PanelBackdrop backdrop;
  backdrop.record("topology", {0, 20, 448, 500});
  backdrop.record("dialogue", {448, 20, 1000, 500});
  // Rounded edges may share a pixel column: still tiled.
  backdrop.record("frames", {0, 499, 1001, 1000});
  EXPECT_FALSE(backdrop.needs_background("topology"));
  EXPECT_FALSE(backdrop.needs_background("dialogue"));
  EXPECT_FALSE(backdrop.needs_background("frames"));
}

TEST(PanelBackdrop, OverlappingPanelsBothPaintIt) {
  PanelBackdrop backdrop;
  backdrop.record("topology", {0, 20, 448, 500});
  backdrop.record("dialogue", {448, 20, 1000, 500});
  backdrop.record("mail", {300, 200, 700, 600});  // opened over both
  EXPECT_TRUE(backdrop.needs_background("mail"));
  EXPECT_TRUE(backdrop.needs_background("topology"));
  EXPECT_TRUE(backdrop.needs_background("dialogue"));
}

TEST(PanelBackdrop, AClosedPanelHidesNothingAnyMore) {
  PanelBackdrop backdrop;
  backdrop.record("topology", {0, 20, 448, 500});
  backdrop.record("mail", {300, 200, 700, 600});
  backdrop.forget("mail");
  EXPECT_FALSE(backdrop.needs_background("topology"));
  EXPECT_TRUE(backdrop.needs_background("mail"));  // unknown again until drawn
}

}  // namespace
}  // namespace smtplab::app
