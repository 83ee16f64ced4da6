// Charset conversion through iconv (see iconv_charsets.hpp).
#include "sim/message/iconv_charsets.hpp"

#include <iconv.h>

#include <cerrno>

namespace smtplab::message {
namespace {

constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";  // U+FFFD

bool plausible_charset_name(std::string_view name) {
  if (name.empty() || name.size() > 40) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':' || c == '(' || c == ')';
    if (!ok) return false;
  }
  // "//TRANSLIT" and the like are options of glibc's iconv, not charsets.
  return name.find("//") == std::string_view::npos;
}

// Closes the descriptor on every path out.
class IconvHandle {
 public:
  explicit IconvHandle(const std::string& from) : handle_(iconv_open("UTF-8", from.c_str())) {}
  ~IconvHandle() {
    if (ok()) iconv_close(handle_);
  }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;
  bool ok() const { return handle_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return handle_; }

 private:
  iconv_t handle_;
};

}  // namespace

std::optional<std::string> iconv_to_utf8(std::string_view bytes, std::string_view name) {
  if (!plausible_charset_name(name)) return std::nullopt;
  IconvHandle converter{std::string(name)};
  if (!converter.ok()) return std::nullopt;
  std::string out;
  out.reserve(bytes.size() * 2 + 16);
  // iconv's interface takes non-const input pointers; it never writes through them.
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char buffer[4096];
  while (in_left > 0) {
    char* to = buffer;
    std::size_t to_left = sizeof buffer;
    const std::size_t result = iconv(converter.get(), &in, &in_left, &to, &to_left);
    out.append(buffer, static_cast<std::size_t>(to - buffer));
    if (result != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;  // the buffer is full: go round again
    // EILSEQ (an octet that is not of this charset) or EINVAL (a sequence cut by the end):
    // one replacement character, and resume after the octet.
    out += kReplacementUtf8;
    ++in;
    --in_left;
    iconv(converter.get(), nullptr, nullptr, nullptr, nullptr);  // back to the initial state
  }
  // Stateful charsets (ISO-2022-JP) may owe a final shift sequence.
  char* to = buffer;
  std::size_t to_left = sizeof buffer;
  iconv(converter.get(), nullptr, nullptr, &to, &to_left);
  out.append(buffer, static_cast<std::size_t>(to - buffer));
  return out;
}

}  // namespace smtplab::message
