// libFuzzer harness: the TCP reassembler alone, and the IP fragment reassembler, driven by
// arbitrary segments. Checks the reassembler's promises, not just the absence of crashes:
// bytes come out in order, each offset exactly once (bytes or gap), nothing past what was
// sent; every delivered byte maps back to a frame. Layout: per segment a 7-byte control
// (seq delta: 4, length: 1, flags: 1, ack/frag: 1) then the payload.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "capture/ip_reassembler.hpp"
#include "capture/tcp_reassembler.hpp"

namespace {

using namespace smtplab::capture;

void check_in_order(const std::vector<StreamChunk>& chunks, std::uint64_t& expected,
                    const TcpReassembler& reassembler) {
  for (const StreamChunk& chunk : chunks) {
    if (chunk.offset != expected) std::abort();  // out of order, duplicated or skipped
    if (!chunk.gap && chunk.bytes.size() != chunk.length) std::abort();
    if (!chunk.gap && reassembler.frames().frame_at(chunk.offset) == 0) std::abort();
    expected += chunk.length;
  }
}

void fuzz_tcp(const std::uint8_t* data, std::size_t size) {
  TcpReassembler reassembler;
  reassembler.set_base(0xFFFFFF00u);  // near the wrap-around, where bugs live
  std::uint32_t seq = 0xFFFFFF00u;
  std::uint64_t expected = 0;
  std::uint64_t frame = 0;
  std::vector<StreamChunk> out;
  std::size_t at = 0;
  while (at + 7 <= size) {
    const std::int32_t delta = static_cast<std::int32_t>(
        (std::uint32_t{data[at]} << 24) | (std::uint32_t{data[at + 1]} << 16) |
        (std::uint32_t{data[at + 2]} << 8) | data[at + 3]);
    std::size_t length = data[at + 4];
    const std::uint8_t flags = data[at + 5];
    const std::uint8_t extra = data[at + 6];
    at += 7;
    if (length > size - at) length = size - at;
    // Mostly small moves around the current position, sometimes anywhere.
    const std::uint32_t segment_seq =
        (flags & 0x80) ? static_cast<std::uint32_t>(delta) : seq + (delta % 4096);
    ++frame;
    out.clear();
    reassembler.add(segment_seq, std::string_view(reinterpret_cast<const char*>(data + at), length),
                    frame, out);
    check_in_order(out, expected, reassembler);
    if (flags & 0x01) {
      out.clear();
      reassembler.acknowledged(segment_seq + extra, out);
      check_in_order(out, expected, reassembler);
    }
    if (flags & 0x02) reassembler.fin(segment_seq + static_cast<std::uint32_t>(length));
    seq = segment_seq + static_cast<std::uint32_t>(length);
    at += length;
  }
  out.clear();
  reassembler.flush(out);
  check_in_order(out, expected, reassembler);
  if (expected != reassembler.next_offset()) std::abort();
}

void fuzz_ip(const std::uint8_t* data, std::size_t size) {
  IpReassembler reassembler;
  std::vector<Note> notes;
  std::vector<std::uint8_t> frame_bytes;
  std::size_t at = 0;
  std::uint64_t number = 0;
  while (at + 4 <= size) {
    IpHeader ip;
    ip.version = (data[at] & 1) ? 6 : 4;
    ip.fragment = true;
    ip.fragment_id = data[at] >> 6;
    ip.fragment_offset = static_cast<std::size_t>(data[at + 1]) * 8 * ((data[at] & 2) ? 64 : 1);
    ip.more_fragments = (data[at] & 4) != 0;
    ip.fragment_protocol = 6;
    std::size_t length = data[at + 2];
    at += 4;
    if (length > size - at) length = size - at;
    frame_bytes.assign(data + at, data + at + length);
    Frame frame;
    frame.number = ++number;
    frame.data = std::span<const std::uint8_t>(frame_bytes.data(), frame_bytes.size());
    ip.fragment_data = 0;
    ip.fragment_length = length;
    notes.clear();
    if (auto datagram = reassembler.add(frame, ip, notes)) {
      if (datagram->packet.size() < 20) std::abort();
    }
    at += length;
  }
  reassembler.finish(notes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  if (data[0] & 1) {
    fuzz_ip(data + 1, size - 1);
  } else {
    fuzz_tcp(data + 1, size - 1);
  }
  return 0;
}
