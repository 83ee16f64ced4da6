// Finding and reading the lesson chapters: lessons/<lang>/NN-*.md under the source tree
// (SMTPLAB_SOURCE_DIR) or next to the program.
#pragma once

#include <string>
#include <vector>

namespace smtplab::app {

/// The chapter files of `lang` ("fr", "en"), sorted by number; empty when not found.
std::vector<std::string> lesson_files(const std::string& source_dir, const std::string& lang);
/// The whole file, or "" when it cannot be read.
std::string read_text_file(const std::string& path);

}  // namespace smtplab::app
