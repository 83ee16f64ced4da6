// Bounds-checked big-endian reads from a frame (every decoder reads through these, so a
// truncated or corrupt frame can never make a decoder read past its end).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace smtplab::capture {

using Bytes = std::span<const std::uint8_t>;

/// True when `bytes` holds `count` bytes from `offset`.
inline bool has_bytes(Bytes bytes, std::size_t offset, std::size_t count) {
  return offset <= bytes.size() && count <= bytes.size() - offset;
}
inline std::uint8_t read_u8(Bytes bytes, std::size_t offset) {
  return bytes[offset];
}
inline std::uint16_t read_u16(Bytes bytes, std::size_t offset) {
  return static_cast<std::uint16_t>((bytes[offset] << 8) | bytes[offset + 1]);
}
inline std::uint32_t read_u32(Bytes bytes, std::size_t offset) {
  return (std::uint32_t{bytes[offset]} << 24) | (std::uint32_t{bytes[offset + 1]} << 16) |
         (std::uint32_t{bytes[offset + 2]} << 8) | std::uint32_t{bytes[offset + 3]};
}
/// Little-endian 32-bit read (the BSD loopback header is in the capturing host's order).
inline std::uint32_t read_u32_le(Bytes bytes, std::size_t offset) {
  return (std::uint32_t{bytes[offset + 3]} << 24) | (std::uint32_t{bytes[offset + 2]} << 16) |
         (std::uint32_t{bytes[offset + 1]} << 8) | std::uint32_t{bytes[offset]};
}

}  // namespace smtplab::capture
