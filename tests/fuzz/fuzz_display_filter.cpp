// libFuzzer harness: the window's display-filter parser (gui/app/display_filter), then the
// evaluator on a small capture model. Any text either parses into a well-formed tree or
// gives an error with a column inside the text; nothing crashes, nothing recurses without
// bound.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gui/app/model/display_filter.hpp"
#include "gui/app/model/frame_filter.hpp"

namespace {

// Three frames: IPv4 TCP, IPv6 TCP, and one that is not IP (no SMTP session, no bytes).
smtplab::app::CaptureModel make_model() {
  smtplab::app::CaptureModel model;
  smtplab::app::FrameRow v4;
  v4.has_ip = v4.has_tcp = true;
  v4.source.address.bytes = {127, 0, 1, 10};
  v4.source.port = 40000;
  v4.destination.address.bytes = {127, 0, 1, 20};
  v4.destination.port = 25;
  v4.tcp_stream = 0;
  v4.dissected = 0xff;
  smtplab::app::FrameRow v6 = v4;
  v6.source.address.v6 = v6.destination.address.v6 = true;
  v6.tcp_stream = 1;
  model.rows = {v4, v6, smtplab::app::FrameRow{}};
  return model;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smtplab::app;
  static const CaptureModel model = make_model();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  dfilter::ParseError error;
  const auto expression = dfilter::parse(text, error);
  if (!expression) {
    if (error.column < 1 || error.column > size + 1 || error.reason.empty()) __builtin_trap();
    return 0;
  }
  const auto count = static_cast<int>(expression->nodes.size());
  if (expression->root >= count || (expression->root < 0 && count != 0)) __builtin_trap();
  for (const auto& node : expression->nodes) {
    for (int operand : node.operands) {
      if (operand < 0 || operand >= count) __builtin_trap();
    }
  }
  std::string message;
  const auto filter = FrameFilter::parse(text, message);
  if (!filter) __builtin_trap();  // the same text must parse the same way
  for (const auto& row : model.rows) (void)filter->matches(model, row);
  return 0;
}
