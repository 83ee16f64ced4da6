// The byte layout the capture dissector harnesses share: two streams (client, server) fed to
// a stream dissector in interleaved pieces, with gaps, as reassembly would. Each piece is a
// control byte (bit 0 the side, bits 1-6 the length, 63 meaning 200, bit 7 a gap of
// length + 1 bytes) followed by the piece's bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "capture/stream_dissector.hpp"
#include "capture/stream_frame_map.hpp"

namespace smtplab::fuzz {

/// Feeds `data` to a new `Dissector` as the layout above says, then ends the connection.
template <class Dissector>
void feed_stream_dissector(const std::uint8_t* data, std::size_t size) {
  using namespace smtplab::capture;
  StreamFrameMap maps[2];
  StreamContext context;
  context.frames[0] = &maps[0];
  context.frames[1] = &maps[1];
  Dissector dissector(context);
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
}

}  // namespace smtplab::fuzz
