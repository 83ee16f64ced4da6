// libFuzzer harness: two byte streams (client, server) fed straight to the SMTP dissector in
// interleaved pieces, with gaps, as reassembly would. Layout of the input: a control byte
// per piece (side, length, gap), then the piece.
#include <cstdint>
#include <string_view>

#include "capture/smtp_dissector.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace smtplab::capture;
  StreamFrameMap maps[2];
  StreamContext context;
  context.frames[0] = &maps[0];
  context.frames[1] = &maps[1];
  SmtpDissector dissector(context);
  std::uint64_t offsets[2] = {0, 0};
  std::uint64_t frame = 0;
  std::size_t at = 0;
  while (at < size) {
    const std::uint8_t control = data[at++];
    const int side = control & 1;
    const bool gap = (control & 0x80) != 0;
    std::size_t length = (control >> 1) & 0x3F;
    if (length == 0x3F) length = 200;
    if (length > size - at) length = size - at;
    ++frame;
    if (gap) {
      dissector.on_gap(static_cast<Side>(side), offsets[side], length + 1, frame);
      offsets[side] += length + 1;
      continue;
    }
    maps[side].add(offsets[side], length, frame);
    dissector.on_bytes(static_cast<Side>(side), offsets[side],
                       std::string_view(reinterpret_cast<const char*>(data + at), length));
    offsets[side] += length;
    at += length;
  }
  dissector.on_end(frame);
  return 0;
}
