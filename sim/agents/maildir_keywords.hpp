// IMAP keywords ("$Forwarded", "Work") in a Maildir: the file name carries them as the
// letters a..z, and the file `dovecot-keywords` of the Maildir says which keyword each
// letter stands for ("0 $Forwarded" = a). The same file and letters as Dovecot, so a
// Maildir read by both shows the same keywords. At most 26 keywords per Maildir: the 27th
// is not stored (the convention has no more letters).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace smtplab::agents {

class MaildirKeywords {
 public:
  /// The name of the keyword file inside a Maildir.
  static constexpr const char* kFileName = "dovecot-keywords";

  /// Reads the keyword file of `folder` (none yet: no keywords).
  explicit MaildirKeywords(std::filesystem::path folder);

  /// The keyword a letter stands for, nullopt if none.
  std::optional<std::string> name_of(char letter) const;
  /// The letter of a keyword (case-insensitive, RFC 3501 §2.3.2), given the next free one
  /// if it has none yet; nullopt when all 26 are taken.
  std::optional<char> letter_of(const std::string& keyword);
  /// Writes the file (atomically: temporary file, then rename) if letter_of() added a
  /// keyword. False with `error` set when it cannot.
  bool save(std::error_code& error);

 private:
  std::filesystem::path folder_;
  std::vector<std::string> names_;  // index 0 = 'a'
  bool changed_ = false;
};

}  // namespace smtplab::agents
