// Helpers on the SMTP session model.
#include "capture/smtp_session.hpp"

namespace smtplab::capture {

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
