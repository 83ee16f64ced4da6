// The lines `smtplab serve SCENARIO` prints to tell a student how to type SMTP by hand
// against the lab it just started: with the addresses and the ports actually bound, and
// with the options that make each client speak CRLF (without them DATA never ends).
#pragma once

#include <string>

#include "sim/lab/lab_runtime.hpp"

namespace smtplab::cli {

/// The hint, several lines, each ending in '\n'; `lang` is fr or en.
std::string hand_session_hint(const lab::LabRuntime& lab, const std::string& lang);

}  // namespace smtplab::cli
