// The answers a headless run types for the student (`smtplab run --answers FILE`): one
// `KEY: VALUE` per line, `#` comments. KEY is a quiz id (`q2: 1`, `q3: 1,2`, `q5: QUIT`),
// a checkpoint id (`1.2: MDA`, repeated for a checkpoint with several answer questions,
// in order) or `console` (a line typed at the next console step; a console step takes
// lines up to and including QUIT).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace smtplab::lab {

struct AnswerSheet {
  std::map<std::string, std::vector<std::string>> answers;  ///< quiz or checkpoint id -> answers
  std::vector<std::string> console;                         ///< console lines, in order

  /// Parses the text; throws std::runtime_error "line N: what" on a line without KEY:.
  static AnswerSheet parse(std::string_view text);
  /// Reads and parses a file; throws std::runtime_error "FILE: line N: what".
  static AnswerSheet load(const std::filesystem::path& file);
};

}  // namespace smtplab::lab
