// SHA-256 through OpenSSL's one-shot EVP_Digest, with the algorithm fetched once (OpenSSL 3
// otherwise looks EVP_sha256() up in its provider tables on every call).
#include "capture/digest.hpp"

#include <openssl/evp.h>

#include <memory>

namespace smtplab::capture {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);  // never freed
  const EVP_MD* md = kSha256 ? kSha256 : EVP_sha256();
  // One context per thread, reused (EVP_Digest allocates and frees one per call: a
  // capture hashes every message and attachment).
  static thread_local const std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context(
      EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!context || !EVP_DigestInit_ex(context.get(), md, nullptr) ||
      !EVP_DigestUpdate(context.get(), bytes.data(), bytes.size()) ||
      !EVP_DigestFinal_ex(context.get(), digest, &length)) {
    EVP_Digest(bytes.data(), bytes.size(), digest, &length, md, nullptr);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(length * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0x0F];
  }
  return out;
}

}  // namespace smtplab::capture
