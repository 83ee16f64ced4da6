// Printing text that came from the wire or a student's keyboard on a terminal.
#include <gtest/gtest.h>

#include "sim/message/ascii.hpp"

namespace smtplab::message {
namespace {

TEST(EscapeControls, PrintableTextAndUtf8PassUnchanged) {
  EXPECT_EQ(escape_controls("S: 250 2.0.0 Ok\tqueued"), "S: 250 2.0.0 Ok\tqueued");
  EXPECT_EQ(escape_controls("R\xC3\xA9union \xC3\xA0 10 h \xC2\xAB ok \xC2\xBB"),
            "R\xC3\xA9union \xC3\xA0 10 h \xC2\xAB ok \xC2\xBB");
}

TEST(EscapeControls, TerminalControlsAreShownNotObeyed) {
  // An escape sequence that would clear the screen, a bell, a NUL, DEL, and the C1 CSI.
  EXPECT_EQ(escape_controls(std::string_view("\x1b[2Jx\a\x00y\x7f", 9)),
            "\\x1b[2Jx\\x07\\x00y\\x7f");
  EXPECT_EQ(escape_controls(std::string_view("a\x00"
                                             "b\x7f",
                                             4)),
            "a\\x00b\\x7f");
  EXPECT_EQ(escape_controls("\xC2\x9B"
                            "31m"),
            "\\xc2\\x9b31m");
  EXPECT_EQ(escape_controls("line\r\nnext"), "line\\x0d\\x0anext");
}

}  // namespace
}  // namespace smtplab::message
