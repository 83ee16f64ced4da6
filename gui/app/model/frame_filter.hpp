// The packet list's display filter: Wireshark's display-filter language over the fields
// the window shows (the grammar and the fields are in display_filter.hpp), evaluated per
// frame against the capture model and the per-frame index built once with it
// (frame_fields.hpp). A wrong filter is refused with its column and reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gui/app/model/capture_model.hpp"
#include "gui/app/model/display_filter.hpp"

namespace smtplab::app {

class FrameFilter {
 public:
  /// Parses `text`; nullopt with `error` set to "column N: why" when it is wrong.
  static std::optional<FrameFilter> parse(std::string_view text, std::string& error);
  /// The same, with the error's column and reason apart.
  static std::optional<FrameFilter> parse(std::string_view text, dfilter::ParseError& error);
  /// True when the frame passes (an empty filter keeps every frame). `row` is one of
  /// `model.rows`.
  bool matches(const CaptureModel& model, const FrameRow& row) const;
  bool empty() const { return expression_.root < 0; }

 private:
  dfilter::Expression expression_;
};

/// Row indices of the frames that pass `filter`.
std::vector<std::uint32_t> filter_frames(const CaptureModel& model, const FrameFilter& filter);

}  // namespace smtplab::app
