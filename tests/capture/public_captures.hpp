// The public captures of ../shared/captures (every .pcap and .pcapng), for tests that
// check something on each of them.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace smtplab::capture {

/// Every .pcap and .pcapng file of SMTPLAB_CAPTURES_DIR, by name.
inline std::vector<std::filesystem::path> public_captures() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(SMTPLAB_CAPTURES_DIR)) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".pcap" || ext == ".pcapng") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace smtplab::capture
