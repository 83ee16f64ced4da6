// BPF expression from hosts and ports.
#include "capture/bpf_filter.hpp"

namespace smtplab::capture {
namespace {

// "(word a or word b)", or just "word a" for one item.
template <typename T, typename Format>
std::string any_of(const char* word, const std::vector<T>& items, Format format) {
  std::string out = items.size() > 1 ? "(" : "";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += " or ";
    out += word;
    out += ' ';
    out += format(items[i]);
  }
  if (items.size() > 1) out += ")";
  return out;
}

}  // namespace

std::string build_bpf_filter(const std::vector<std::string>& hosts,
                             const std::vector<std::uint16_t>& ports) {
  std::string filter = "tcp";
  if (!hosts.empty()) {
    filter += " and " + any_of("host", hosts, [](const std::string& h) { return h; });
  }
  if (!ports.empty()) {
    filter += " and " + any_of("port", ports, [](std::uint16_t p) { return std::to_string(p); });
  }
  return filter;
}

}  // namespace smtplab::capture
