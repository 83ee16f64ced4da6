// The checkpoint answers read from captures (chapter 13), computed where both the lab's
// state and capture/ may be seen: `smtplab check` and the window's exercise plug the same
// source into the grader (sim/lab's GradingContext::frame_answers).
// - handshake_frames, first_fin: from the capture the student's lab made. The session that
//   carried the subject is found in the student's timeline, its connection in the capture
//   by the 4-tuple (never by time), then its SYN, SYN-ACK, ACK and first FIN.
// - mail_from_segment (graded on the timeline): the segment as captured is accepted too,
//   for a command sent in two segments (nc -C writes its CR LF apart).
// - capture_sessions, capture_clear_user, capture_smuggling: from the capture file the
//   condition names (relative to the scenario), analysed as `smtplab analyze` does.
// When a capture is missing or lacks those frames the answer says why, and the checkpoint
// fails: it never passes without the frames.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "capture/capture_analyzer.hpp"
#include "capture/tcp_segments.hpp"
#include "sim/lab/condition_evaluator.hpp"

namespace smtplab::cli {

/// The capture of the student's lab, indexed for the frame questions.
struct LabCapture {
  std::shared_ptr<const capture::SegmentLog> segments;  ///< nullptr: there is none
  lab::LocalizedText name;                              ///< how reasons name it
  lab::LocalizedText missing;                           ///< why there is none
};

/// Reads `file`, a capture of the lab (`smtplab serve --capture`); when it cannot be read,
/// the LabCapture says why.
LabCapture read_lab_capture(const std::filesystem::path& file);

/// The file `smtplab serve SCENARIO --capture FILE` notes in its state folder, so that
/// `smtplab check` finds the capture by itself.
std::filesystem::path capture_note_path(const std::filesystem::path& state_dir);

/// The answers of chapter 13's questions about a capture file.
struct CaptureFileAnswers {
  std::size_t sessions = 0;              ///< SMTP sessions (`analyze` numbers them from 1)
  std::vector<std::string> clear_users;  ///< users whose AUTH went in clear, in order
  std::vector<std::size_t> smuggling;    ///< numbers of the sessions with a smuggling note
};
/// Reads them from an analysis.
CaptureFileAnswers capture_file_answers(const capture::CaptureAnalysis& analysis);

/// Capture files already analysed, by path: sources made one after another (the window
/// grades again at each timeline growth) share one instead of reading the files again.
class CaptureFileCache;
std::shared_ptr<CaptureFileCache> make_capture_file_cache();

/// The source of frame answers: `recorded()` gives the lab's own capture, asked once and
/// only when a question needs it; the files conditions name are found under `scenario_dir`
/// and analysed once into `files` (a new cache when none is given). Safe to call from
/// several threads.
lab::FrameAnswerSource capture_answer_source(std::function<LabCapture()> recorded,
                                             std::filesystem::path scenario_dir,
                                             std::shared_ptr<CaptureFileCache> files = nullptr);

}  // namespace smtplab::cli
