// Why a queued message waits, said in the window's language (the mail panel's queue table
// and the state dump). The problem is data (sim/agents/delivery_problem.hpp); a peer's
// reply is quoted as it came.
#pragma once

#include <string>

#include "gui/app/model/ui_text.hpp"
#include "sim/agents/delivery_problem.hpp"

namespace smtplab::app {

std::string describe_problem(const agents::DeliveryProblem& problem, Language language);

}  // namespace smtplab::app
