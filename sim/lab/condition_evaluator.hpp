// Checkpoint grading: every condition kind of a scenario (delivered, reply, dialogue, dsn,
// mailbox, message, queue, session, attempts, dns_query, rewrite, answer, and `not`)
// evaluated against a LabState, with the reason in French and English. The same code
// grades a live run and a recorded state directory (`smtplab check`). Answers that need a
// capture's frames are computed by a source the caller plugs in (GradingContext): sim/
// reads no capture, gui/ does (gui/cli/capture_answers.hpp).
#pragma once

#include <filesystem>
#include <functional>
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

/// An answer computed from a capture's frames: the right values (one per session that
/// fits the question, any of them passes), or why the capture cannot give one (no capture,
/// no frame of that session...), said to the student.
struct FrameAnswer {
  std::vector<std::string> values;  ///< right answers; empty: see `missing`
  LocalizedText missing;            ///< why there is no value
};

/// Computes the answers that need frames (see needs_frames) for the lab in `state` (the
/// student's view of it).
using FrameAnswerSource =
    std::function<FrameAnswer(const AnswerCondition& condition, const LabState& state)>;

/// True for the computed answers read from a capture's frames: handshake frames, first FIN,
/// and the questions about a capture file.
bool needs_frames(ComputedAnswer computed);

/// True for the computed answers a capture may also give as read on the wire: MAIL FROM's
/// segment, when the command took more than one (nc -C sends its CR LF apart). The frame
/// source's values are then accepted beside the timeline's.
bool frames_may_add(ComputedAnswer computed);

/// What the evaluator needs besides the state.
struct GradingContext {
  std::filesystem::path scenario_dir;  ///< files named by conditions (attachment_file, capture)
  std::vector<std::string> answers;    ///< typed answers, one per answer condition, in order
  /// Computes frame answers; empty (default) where no capture can be read: those
  /// conditions are then "not graded here", neither passed nor failed.
  FrameAnswerSource frame_answers;
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
/// or nullopt when it needs frames (see needs_frames: GradingContext::frame_answers).
std::optional<std::string> computed_answer(const AnswerCondition& condition, const LabState& state);

/// The answer a correct student would type: the computed one (from `context`'s frame source
/// for frame answers), else the first accepted form; nullopt when it cannot be known.
std::optional<std::string> model_answer(const AnswerCondition& condition, const LabState& state,
                                        const GradingContext& context = {});

/// True when `typed` matches `accepted` (trimmed, case-insensitive, spaces around commas ignored).
bool answer_matches(const std::string& typed, const std::string& accepted);

}  // namespace smtplab::lab
