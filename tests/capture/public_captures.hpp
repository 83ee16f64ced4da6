// The captures every-capture tests run on: the public ones of ../shared/captures (every
// .pcap and .pcapng; SMTPLAB_CAPTURES_DIR) when that folder is there, and always the
// project's own (the lab's, tests/gui/data/captures, and chapter 13's, scenarios/captures),
// so the project's tests stand alone without ../shared.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace smtplab::capture {

/// True when the public captures (SMTPLAB_CAPTURES_DIR) are present.
inline bool have_public_captures() {
  std::error_code ec;
  return std::filesystem::is_directory(SMTPLAB_CAPTURES_DIR, ec);
}

/// Every .pcap and .pcapng file of the public captures (if present) and of the project's own.
inline std::vector<std::filesystem::path> public_captures() {
  std::vector<std::filesystem::path> files;
  for (const char* dir :
       {SMTPLAB_CAPTURES_DIR, SMTPLAB_LAB_CAPTURES_DIR, SMTPLAB_SCENARIOS_DIR "/captures"}) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      const std::string ext = entry.path().extension().string();
      if (ext == ".pcap" || ext == ".pcapng") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace smtplab::capture
