// The open dialog's model (see file_browser.hpp).
#include "gui/app/model/file_browser.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "sim/message/ascii.hpp"

namespace smtplab::app {
namespace fs = std::filesystem;
namespace {

bool contains_folded(const std::string& haystack, const std::string& needle) {
  return message::to_lower(haystack).find(message::to_lower(needle)) != std::string::npos;
}

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The typed text read as a path: "~" and "~/x" from HOME, relative paths from the folder.
fs::path typed_path(const FileBrowser& browser) {
  const std::string& typed = browser.typed;
  if (typed == "~" || typed.rfind("~/", 0) == 0) {
    const char* home = std::getenv("HOME");
    return fs::path(home != nullptr ? home : "/") / typed.substr(typed.size() > 1 ? 2 : 1);
  }
  const fs::path path(typed);
  return path.is_absolute() ? path : browser.folder / path;
}

bool typed_is_path(const FileBrowser& browser) {
  return browser.typed.find('/') != std::string::npos || browser.typed == "~";
}

}  // namespace

FileKind file_kind(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return FileKind::Folder;
  // The content decides (a capture saved as .dat is still a capture); the name only when
  // the file cannot be read.
  std::array<unsigned char, 4> magic{};
  std::ifstream in(path, std::ios::binary);
  if (in.read(reinterpret_cast<char*>(magic.data()), magic.size())) {
    const std::uint32_t value = (std::uint32_t{magic[0]} << 24) | (std::uint32_t{magic[1]} << 16) |
                                (std::uint32_t{magic[2]} << 8) | magic[3];
    switch (value) {
      case 0xa1b2c3d4:  // pcap, microseconds, either byte order
      case 0xd4c3b2a1:
      case 0xa1b23c4d:  // pcap, nanoseconds
      case 0x4d3cb2a1:
      case 0x0a0d0d0a:  // pcapng section header block
        return FileKind::Capture;
      default:
        return FileKind::Message;
    }
  }
  const std::string name = message::to_lower(path.filename().string());
  return ends_with(name, ".pcap") || ends_with(name, ".pcapng") || ends_with(name, ".cap")
             ? FileKind::Capture
             : FileKind::Message;
}

bool listed_file_name(const std::string& name) {
  const std::string folded = message::to_lower(name);
  for (std::string_view suffix : {".pcap", ".pcapng", ".cap", ".eml"}) {
    if (ends_with(folded, suffix)) return true;
  }
  return false;
}

void browse(FileBrowser& browser, const fs::path& folder) {
  std::error_code ec;
  fs::path absolute = fs::absolute(folder, ec).lexically_normal();
  if (ec) absolute = folder;
  // "a/b/" normalises to "a/b/" with an empty file name: drop it so parent_path() works.
  if (!absolute.has_filename() && absolute.has_relative_path()) absolute = absolute.parent_path();
  browser.folder = absolute;
  browser.entries.clear();
  browser.typed.clear();
  browser.cursor = 0;
  browser.error = BrowserError::None;
  browser.error_path.clear();
  fs::directory_iterator it(absolute, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    browser.error = BrowserError::CannotList;
    browser.error_path = absolute.string();
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    if (name.empty() || name.front() == '.') continue;
    std::error_code type_ec;
    if (it->is_directory(type_ec)) {
      browser.entries.push_back({name, FileKind::Folder, 0});
    } else if (it->is_regular_file(type_ec) && listed_file_name(name)) {
      const std::uintmax_t size = it->file_size(type_ec);
      browser.entries.push_back(
          {name, file_kind(it->path()), type_ec ? 0 : static_cast<std::uintmax_t>(size)});
    }
  }
  std::sort(browser.entries.begin(), browser.entries.end(),
            [](const BrowserEntry& a, const BrowserEntry& b) {
              const bool a_folder = a.kind == FileKind::Folder;
              const bool b_folder = b.kind == FileKind::Folder;
              if (a_folder != b_folder) return a_folder;
              const std::string la = message::to_lower(a.name);
              const std::string lb = message::to_lower(b.name);
              return la != lb ? la < lb : a.name < b.name;
            });
}

void browse_parent(FileBrowser& browser) {
  if (!browser.folder.has_relative_path()) return;  // already at the root
  const std::string left = browser.folder.filename().string();
  browse(browser, browser.folder.parent_path());
  const auto visible = visible_entries(browser);
  for (std::size_t i = 0; i < visible.size(); ++i) {
    if (browser.entries[static_cast<std::size_t>(visible[i])].name == left) {
      browser.cursor = static_cast<int>(i);
    }
  }
}

std::vector<int> visible_entries(const FileBrowser& browser) {
  std::vector<int> out;
  const bool narrow = !browser.typed.empty() && !typed_is_path(browser);
  for (std::size_t i = 0; i < browser.entries.size(); ++i) {
    if (!narrow || contains_folded(browser.entries[i].name, browser.typed)) {
      out.push_back(static_cast<int>(i));
    }
  }
  return out;
}

void move_cursor(FileBrowser& browser, int delta) {
  const int count = static_cast<int>(visible_entries(browser).size());
  browser.cursor = count == 0 ? 0 : std::clamp(browser.cursor + delta, 0, count - 1);
}

BrowserChoice activate_entry(FileBrowser& browser, int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= browser.entries.size()) return {};
  const BrowserEntry entry = browser.entries[static_cast<std::size_t>(index)];
  const fs::path path = browser.folder / entry.name;
  if (entry.kind == FileKind::Folder) {
    browse(browser, path);
    return {};
  }
  return {true, path};
}

BrowserChoice activate(FileBrowser& browser) {
  if (typed_is_path(browser)) {
    const fs::path path = typed_path(browser);
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      browse(browser, path);
      return {};
    }
    if (fs::is_regular_file(path, ec)) return {true, fs::absolute(path, ec).lexically_normal()};
    browser.error = BrowserError::NotFound;
    fs::path shown = path.lexically_normal();
    if (!shown.has_filename() && shown.has_relative_path()) shown = shown.parent_path();
    browser.error_path = shown.string();
    return {};
  }
  const auto visible = visible_entries(browser);
  if (visible.empty()) return {};
  const int cursor = std::clamp(browser.cursor, 0, static_cast<int>(visible.size()) - 1);
  return activate_entry(browser, visible[static_cast<std::size_t>(cursor)]);
}

std::string size_text(std::uintmax_t bytes, Language language) {
  const bool french = language == Language::Fr;
  char text[32];
  if (bytes < 1000) {
    std::snprintf(text, sizeof text, "%ju %s", bytes, french ? "o" : "B");
    return text;
  }
  // Decimal units (SI), as file managers show them; French says octets: ko, Mo, Go.
  static constexpr std::array<std::array<const char*, 2>, 3> kUnits{
      {{"kB", "ko"}, {"MB", "Mo"}, {"GB", "Go"}}};
  double value = static_cast<double>(bytes) / 1e3;
  std::size_t unit = 0;
  while (value >= 1000 && unit + 1 < kUnits.size()) {
    value /= 1e3;
    ++unit;
  }
  std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit][french ? 1 : 0]);
  std::string out = text;
  if (french) std::replace(out.begin(), out.end(), '.', ',');  // the French decimal comma
  return out;
}

}  // namespace smtplab::app
