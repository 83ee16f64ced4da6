// Helpers on the SMTP session model.
#include "capture/smtp_session.hpp"

namespace smtplab::capture {

std::string DialogueEntry::raw_line(std::size_t i) const {
  const RawForm form = i < kPackedForms ? static_cast<RawForm>((packed_forms_ >> (2 * i)) & 3)
                                        : more_forms_[i - kPackedForms];
  switch (form) {
    case RawForm::CodeAndSpace:
      return enhanced + " " + lines[i];
    case RawForm::CodeOnly:
      return enhanced;
    case RawForm::Text:
      break;
  }
  return lines[i];
}

void DialogueEntry::set_raw_form(std::size_t i, RawForm form) {
  if (i < kPackedForms) {
    packed_forms_ = (packed_forms_ & ~(std::uint64_t{3} << (2 * i))) |
                    (static_cast<std::uint64_t>(form) << (2 * i));
    return;
  }
  if (more_forms_.size() <= i - kPackedForms) more_forms_.resize(i - kPackedForms + 1);
  more_forms_[i - kPackedForms] = form;
}

std::string path_address(const std::string& argument) {
  const auto open = argument.find('<');
  if (open == std::string::npos) {
    // No brackets (lenient clients): the text after the colon up to the first space.
    const auto colon = argument.find(':');
    std::string rest = colon == std::string::npos ? argument : argument.substr(colon + 1);
    while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
    return rest.substr(0, rest.find(' '));
  }
  const auto close = argument.find('>', open);
  if (close == std::string::npos) return argument.substr(open + 1);
  return argument.substr(open + 1, close - open - 1);
}

}  // namespace smtplab::capture
