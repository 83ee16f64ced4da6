// Names of note severities.
#include "capture/notes.hpp"

namespace smtplab::capture {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::Chat:
      return "chat";
    case Severity::Note:
      return "note";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "note";
}

}  // namespace smtplab::capture
