// SHA-256 of message and attachment bytes (OpenSSL), as lower-case hex.
#pragma once

#include <string>
#include <string_view>

namespace smtplab::capture {

/// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace smtplab::capture
