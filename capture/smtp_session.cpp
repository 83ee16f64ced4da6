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
  return std::string(path_address_view(argument));
}

std::string_view path_address_view(std::string_view argument) {
  const auto open = argument.find('<');
  if (open == std::string_view::npos) {
    // No brackets (lenient clients): the text after the colon up to the first space.
    const auto colon = argument.find(':');
    std::string_view rest = colon == std::string_view::npos ? argument : argument.substr(colon + 1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    return rest.substr(0, rest.find(' '));
  }
  const auto close = argument.find('>', open);
  if (close == std::string_view::npos) return argument.substr(open + 1);
  return argument.substr(open + 1, close - open - 1);
}

std::string_view mail_protocol_name(MailProtocol protocol) {
  switch (protocol) {
    case MailProtocol::Pop3:
      return "pop3";
    case MailProtocol::Imap:
      return "imap";
    case MailProtocol::Smtp:
      break;
  }
  return "smtp";
}

std::string_view mail_protocol_label(MailProtocol protocol) {
  switch (protocol) {
    case MailProtocol::Pop3:
      return "POP3";
    case MailProtocol::Imap:
      return "IMAP";
    case MailProtocol::Smtp:
      break;
  }
  return "SMTP";
}

std::string shown_argument(const DialogueEntry& entry, bool show_secrets) {
  if (show_secrets || !entry.mail || entry.mail->secret_at == MailLineDetail::kNoSecret ||
      entry.mail->secret_at > entry.argument.size()) {
    return entry.argument;
  }
  return entry.argument.substr(0, entry.mail->secret_at) + "********";
}

}  // namespace smtplab::capture
