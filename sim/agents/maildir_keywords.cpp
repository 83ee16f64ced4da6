// The keyword letters of a Maildir and their file.
#include "sim/agents/maildir_keywords.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace smtplab::agents {
namespace {

constexpr std::size_t kLetters = 26;  // a..z

bool same_keyword(const std::string& a, const std::string& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

MaildirKeywords::MaildirKeywords(std::filesystem::path folder) : folder_(std::move(folder)) {
  std::ifstream in(folder_ / kFileName);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::size_t index = 0;
    std::string name;
    if (!(row >> index >> name) || index >= kLetters) continue;  // not ours to judge: skip
    if (names_.size() <= index) names_.resize(index + 1);
    names_[index] = name;
  }
}

std::optional<std::string> MaildirKeywords::name_of(char letter) const {
  if (letter < 'a' || letter > 'z') return std::nullopt;
  const auto index = static_cast<std::size_t>(letter - 'a');
  if (index >= names_.size() || names_[index].empty()) return std::nullopt;
  return names_[index];
}

std::optional<char> MaildirKeywords::letter_of(const std::string& keyword) {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (same_keyword(names_[i], keyword)) return static_cast<char>('a' + i);
  }
  if (names_.size() >= kLetters) return std::nullopt;
  names_.push_back(keyword);
  changed_ = true;
  return static_cast<char>('a' + names_.size() - 1);
}

bool MaildirKeywords::save(std::error_code& error) {
  error.clear();
  if (!changed_) return true;
  std::string text;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (!names_[i].empty()) text += std::to_string(i) + ' ' + names_[i] + '\n';
  }
  // Beside the final file, then renamed over it: a reader sees the old list or the new.
  const std::filesystem::path temporary =
      folder_ / (std::string(kFileName) + ".tmp." + std::to_string(::getpid()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      error = std::make_error_code(std::errc::io_error);
      return false;
    }
  }
  std::filesystem::rename(temporary, folder_ / kFileName, error);
  if (!error) changed_ = false;
  return !error;
}

}  // namespace smtplab::agents
