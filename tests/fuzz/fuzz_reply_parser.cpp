// libFuzzer harness: reply lines through the multi-line reply parser, and format/parse
// round trips of every complete reply.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/protocol/line_framer.hpp"
#include "sim/protocol/reply.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smtplab::protocol;
  LineFramer framer(4096);
  framer.append(std::string_view(reinterpret_cast<const char*>(data), size));
  ReplyParser parser;
  while (auto line = framer.next_line()) {
    if (parser.feed_line(line->text) != ReplyParser::Status::Complete) continue;
    const Reply reply = parser.take();
    // A parsed reply, formatted again, must parse back to the same code and line count.
    LineFramer again(1 << 20);
    again.append(format_reply(reply));
    ReplyParser check;
    ReplyParser::Status status = ReplyParser::Status::NeedMore;
    while (auto l = again.next_line()) status = check.feed_line(l->text);
    if (status != ReplyParser::Status::Complete) __builtin_trap();
    const Reply back = check.take();
    if (back.code != reply.code || back.lines.size() != reply.lines.size()) __builtin_trap();
  }
  return 0;
}
