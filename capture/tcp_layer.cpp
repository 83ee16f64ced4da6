// TCP header and option decoding.
#include "capture/tcp_layer.hpp"

namespace smtplab::capture {
namespace {

struct OptionSpan {
  std::uint8_t kind;
  std::size_t offset;
  std::size_t length;
};

// Walks the options; calls `visit` for each well-formed one. Returns false on a malformed
// option (its length runs past the header or is below 2).
template <typename Visit>
bool walk_options(Bytes frame, std::size_t begin, std::size_t end, Visit visit) {
  std::size_t at = begin;
  while (at < end) {
    const std::uint8_t kind = frame[at];
    if (kind == 0) {  // end of option list
      visit(OptionSpan{kind, at, 1});
      return true;
    }
    if (kind == 1) {  // no-operation padding
      visit(OptionSpan{kind, at, 1});
      ++at;
      continue;
    }
    if (at + 1 >= end) return false;
    const std::size_t length = frame[at + 1];
    if (length < 2 || at + length > end) return false;
    visit(OptionSpan{kind, at, length});
    at += length;
  }
  return true;
}

std::string option_name(std::uint8_t kind) {
  switch (kind) {
    case 0:
      return "End of options";
    case 1:
      return "No-operation";
    case 2:
      return "Maximum segment size";
    case 3:
      return "Window scale";
    case 4:
      return "SACK permitted";
    case 5:
      return "SACK";
    case 8:
      return "Timestamps";
    default:
      return "Option " + std::to_string(kind);
  }
}

}  // namespace

bool decode_tcp(Bytes frame, std::size_t offset, std::size_t length, TcpHeader& out,
                std::optional<Note>& problem) {
  out = TcpHeader{};
  if (length < 20 || !has_bytes(frame, offset, 20)) {
    problem = make_note(NoteId::TcpHeaderTruncated, 0);
    return false;
  }
  const std::size_t header_length = static_cast<std::size_t>(frame[offset + 12] >> 4) * 4;
  if (header_length < 20 || header_length > length || !has_bytes(frame, offset, header_length)) {
    problem = make_note(NoteId::TcpDataOffsetInvalid, 0);
    return false;
  }
  out.offset = offset;
  out.header_length = header_length;
  out.source_port = read_u16(frame, offset);
  out.destination_port = read_u16(frame, offset + 2);
  out.seq = read_u32(frame, offset + 4);
  out.ack = read_u32(frame, offset + 8);
  out.flags = static_cast<std::uint16_t>(read_u16(frame, offset + 12) & 0x01FF);
  out.window = read_u16(frame, offset + 14);
  const bool ok = walk_options(frame, offset + 20, offset + header_length, [&](OptionSpan o) {
    const std::size_t v = o.offset + 2;
    if (o.kind == 2 && o.length == 4) out.mss = read_u16(frame, v);
    if (o.kind == 3 && o.length == 3) out.window_scale = frame[v];
    if (o.kind == 4 && o.length == 2) out.sack_permitted = true;
    if (o.kind == 5) {
      for (std::size_t at = v; at + 8 <= o.offset + o.length; at += 8) {
        out.sack_blocks.emplace_back(read_u32(frame, at), read_u32(frame, at + 4));
      }
    }
    if (o.kind == 8 && o.length == 10) {
      out.timestamps = std::make_pair(read_u32(frame, v), read_u32(frame, v + 4));
    }
  });
  out.bad_options = !ok;
  return true;
}

std::string tcp_flags_text(std::uint16_t flags) {
  static constexpr const char* kNames[] = {"FIN", "SYN", "RST", "PSH", "ACK",
                                           "URG", "ECE", "CWR", "NS"};
  std::string out;
  for (int bit = 0; bit < 9; ++bit) {
    if (flags & (1u << bit)) {
      if (!out.empty()) out += ", ";
      out += kNames[bit];
    }
  }
  return out;
}

FieldNode describe_tcp(Bytes frame, const TcpHeader& header) {
  const std::size_t o = header.offset;
  FieldNode root{"Transmission Control Protocol",
                 std::to_string(header.source_port) + " → " +
                     std::to_string(header.destination_port) + " [" + tcp_flags_text(header.flags) +
                     "]",
                 o,
                 header.header_length,
                 {}};
  root.add("Source port", std::to_string(header.source_port), o, 2);
  root.add("Destination port", std::to_string(header.destination_port), o + 2, 2);
  root.add("Sequence number (raw)", std::to_string(header.seq), o + 4, 4);
  root.add("Acknowledgment number (raw)", std::to_string(header.ack), o + 8, 4);
  root.add("Header length", std::to_string(header.header_length) + " bytes", o + 12, 1);
  root.add("Flags", tcp_flags_text(header.flags), o + 12, 2);
  root.add("Window", std::to_string(header.window), o + 14, 2);
  root.add("Checksum (not verified)", std::to_string(read_u16(frame, o + 16)), o + 16, 2);
  root.add("Urgent pointer", std::to_string(read_u16(frame, o + 18)), o + 18, 2);
  if (header.header_length > 20) {
    auto& options = root.add("Options", {}, o + 20, header.header_length - 20);
    walk_options(frame, o + 20, o + header.header_length, [&](OptionSpan opt) {
      std::string value;
      const std::size_t v = opt.offset + 2;
      if (opt.kind == 2 && opt.length == 4) value = std::to_string(read_u16(frame, v));
      if (opt.kind == 3 && opt.length == 3) value = "shift " + std::to_string(frame[v]);
      if (opt.kind == 8 && opt.length == 10) {
        value = "TSval " + std::to_string(read_u32(frame, v)) + ", TSecr " +
                std::to_string(read_u32(frame, v + 4));
      }
      options.add(option_name(opt.kind), value, opt.offset, opt.length);
    });
  }
  return root;
}

}  // namespace smtplab::capture
