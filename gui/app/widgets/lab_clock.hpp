// The lab's simulated clock in the window: what it reads, and the jumps a student or a
// lecturer makes with it (Lab > Advance the lab's clock, the buttons above the queues, the
// UI script's advance-clock), the same move as `smtplab clock` in a terminal: a retry due
// in an hour, a 6-day queue lifetime, a greylisting delay, shown without waiting for them.
#pragma once

#include <array>
#include <string>

#include "gui/app/model/ui_text.hpp"

namespace smtplab::app {

struct AppState;

/// The jumps offered, in menu order: simulated seconds and their label.
struct ClockJump {
  double seconds;
  Text label;
};
inline constexpr std::array<ClockJump, 5> kClockJumps = {{
    {60, Text::ClockOneMinute},
    {600, Text::ClockTenMinutes},
    {3600, Text::ClockOneHour},
    {86400, Text::ClockOneDay},
    {6 * 86400, Text::ClockSixDays},
}};

/// Moves the running lab's clock on by `seconds`; false when no lab runs.
bool advance_lab_clock(AppState& state, double seconds);

/// "day 0, 01:02:05 (×3600)" in the window's language; empty when no lab runs.
std::string lab_clock_reading(const AppState& state);

/// The clock's items in the Lab menu (a submenu).
void draw_clock_menu(AppState& state);

/// One line above the queues: the clock's reading and a button per jump.
void draw_clock_bar(AppState& state);

}  // namespace smtplab::app
