// Checkpoint grading: every condition kind of a scenario (delivered, reply, dialogue, dsn,
// mailbox, message, queue, session, attempts, dns_query, rewrite, answer, and `not`)
// evaluated against a LabState, with the reason in French and English. The same code
// grades a live run and a recorded state directory (`smtplab check`).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/lab/lab_state.hpp"
#include "sim/lab/scenario_spec.hpp"

namespace smtplab::lab {

/// The outcome of one condition or checkpoint.
struct Verdict {
  bool pass = false;
  bool unavailable = false;  ///< cannot be graded here (it needs a capture): not a failure
  LocalizedText reason;      ///< why it passed or failed, for the student
};

/// What the evaluator needs besides the state.
struct GradingContext {
  std::filesystem::path scenario_dir;  ///< files named by conditions (attachment_file, capture)
  std::vector<std::string> answers;    ///< typed answers, one per answer condition, in order
};

/// One condition (its `negate` applied). `answer_index` is the position of this condition
/// among the checkpoint's answer conditions (which typed answer it reads).
Verdict evaluate_condition(const ConditionSpec& condition, const LabState& state,
                           const GradingContext& context, std::size_t answer_index = 0);

/// A checkpoint's verdict and each condition's.
struct CheckpointVerdict {
  Verdict overall;                  ///< pass when every condition passes
  std::vector<Verdict> conditions;  ///< in the checkpoint's order
};

/// Every condition of a checkpoint, against the student's events only
/// (LabState::for_student); the overall reason lists the failed ones (or says all held).
CheckpointVerdict evaluate_checkpoint(const CheckpointStep& checkpoint, const LabState& state,
                                      const GradingContext& context);

/// The answer an answer condition expects, computed from what happened (`computed:`),
/// or nullopt when it cannot be computed here (frames and captures need sim-free code).
std::optional<std::string> computed_answer(const AnswerCondition& condition, const LabState& state);

/// The answer a correct student would type: the computed one, else the first accepted form.
std::optional<std::string> model_answer(const AnswerCondition& condition, const LabState& state);

/// True when `typed` matches `accepted` (trimmed, case-insensitive, spaces around commas ignored).
bool answer_matches(const std::string& typed, const std::string& accepted);

}  // namespace smtplab::lab
