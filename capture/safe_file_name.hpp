// A name from a capture (an attachment's filename, chosen by whoever sent the mail) made
// safe to create as a file: `--extract` must never write outside its folder, create a
// hidden file, fail on an over-long name, or put control bytes in a directory listing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace smtplab::capture {

/// Longest name safe_file_name() returns, in bytes (file systems allow 255).
inline constexpr std::size_t kMaxSafeFileName = 120;

/// The last path component of `name` (after '/' or '\'), with control bytes, bytes that
/// are not UTF-8 and characters Windows forbids replaced by '_', leading dots and spaces
/// removed, and cut to `max_bytes` at a character boundary keeping a short extension.
/// "attachment" when nothing is left.
std::string safe_file_name(std::string_view name, std::size_t max_bytes = kMaxSafeFileName);

}  // namespace smtplab::capture
