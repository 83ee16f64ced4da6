// SRS0 rewriting and its reverse (libsrs2's format).
#include "sim/agents/srs.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <vector>

#include "sim/message/ascii.hpp"

namespace smtplab::agents {
namespace {

constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string stamp(int day) {
  return {kBase32[(day >> 5) & 31], kBase32[day & 31]};
}

std::optional<int> parse_stamp(const std::string& text) {
  if (text.size() != 2) return std::nullopt;
  int day = 0;
  for (char c : text) {
    const char upper = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    const char* at = std::char_traits<char>::find(kBase32, 32, upper);
    if (!at) return std::nullopt;
    day = day * 32 + static_cast<int>(at - kBase32);
  }
  return day;
}

std::string hash(const std::string& secret, const std::string& tt, const std::string& domain,
                 const std::string& local) {
  const std::string data = message::to_lower(tt + domain + local);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  std::vector<unsigned char> encoded(4 * ((length + 2) / 3) + 1);
  EVP_EncodeBlock(encoded.data(), digest, static_cast<int>(length));
  return std::string(reinterpret_cast<const char*>(encoded.data()), 4);
}

// "SRS0=HHHH=TT=domain=local" -> its four fields.
std::optional<std::vector<std::string>> srs0_fields(const std::string& local_part) {
  if (local_part.size() < 5 || message::to_lower(local_part.substr(0, 5)) != "srs0=")
    return std::nullopt;
  std::vector<std::string> fields;
  std::size_t start = 5;
  for (int i = 0; i < 3; ++i) {
    const auto eq = local_part.find('=', start);
    if (eq == std::string::npos) return std::nullopt;
    fields.push_back(local_part.substr(start, eq - start));
    start = eq + 1;
  }
  fields.push_back(local_part.substr(start));  // the local part may itself hold '='
  if (fields[2].empty() || fields[3].empty()) return std::nullopt;
  return fields;
}

}  // namespace

int srs_day(long long unix_seconds) {
  return static_cast<int>((unix_seconds / 86400) % 1024);
}

std::string srs_forward(const std::string& sender, const std::string& domain,
                        const std::string& secret, int day) {
  const auto at = sender.rfind('@');
  if (sender.empty() || at == std::string::npos) return sender;
  std::string local = sender.substr(0, at);
  std::string original_domain = sender.substr(at + 1);
  if (const auto fields = srs0_fields(local)) {
    original_domain = (*fields)[2];
    local = (*fields)[3];
  }
  const std::string tt = stamp(day);
  return "SRS0=" + hash(secret, tt, original_domain, local) + "=" + tt + "=" + original_domain +
         "=" + local + "@" + domain;
}

std::optional<std::string> srs_reverse(const std::string& local_part, const std::string& secret,
                                       int today, int max_age_days) {
  const auto fields = srs0_fields(local_part);
  if (!fields) return std::nullopt;
  const std::string& h = (*fields)[0];
  const std::string& tt = (*fields)[1];
  const std::string& domain = (*fields)[2];
  const std::string& local = (*fields)[3];
  const auto day = parse_stamp(tt);
  if (!day) return std::nullopt;
  if (message::to_lower(h) != message::to_lower(hash(secret, tt, domain, local)))
    return std::nullopt;
  const int age = ((today - *day) % 1024 + 1024) % 1024;
  if (age > max_age_days) return std::nullopt;
  return local + "@" + domain;
}

}  // namespace smtplab::agents
