// SHA-256 through OpenSSL's one-shot EVP_Digest, with the algorithm fetched once (OpenSSL 3
// otherwise looks EVP_sha256() up in its provider tables on every call).
#include "capture/digest.hpp"

#include <openssl/evp.h>

namespace smtplab::capture {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);  // never freed
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, kSha256 ? kSha256 : EVP_sha256(),
             nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(length * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0x0F];
  }
  return out;
}

}  // namespace smtplab::capture
