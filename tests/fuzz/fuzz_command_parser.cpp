// libFuzzer harness: the command-line splitter and the MAIL/RCPT path parsers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/protocol/command.hpp"
#include "sim/protocol/path.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smtplab::protocol;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const Command command = parse_command(line);
  for (bool utf8 : {false, true}) {
    const PathOptions options{utf8};
    for (const PathArgument& parsed :
         {parse_mail_argument(command.argument, options),
          parse_rcpt_argument(command.argument, options), parse_path(line, true, options)}) {
      if (parsed.path) {
        // Whatever parses must print back and parse again to the same mailbox.
        const std::string shown = parsed.path->display();
        const PathArgument again = parse_path(shown, true, PathOptions{true});
        if (!again.path || again.path->mailbox.local_part != parsed.path->mailbox.local_part) {
          __builtin_trap();
        }
      }
    }
  }
  return 0;
}
