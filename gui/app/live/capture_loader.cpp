// The capture-loading task (see capture_loader.hpp).
#include "gui/app/live/capture_loader.hpp"

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "capture/pcap_reader.hpp"
#include "gui/app/actions/app_actions.hpp"
#include "gui/app/model/app_state.hpp"
#include "gui/app/model/capture_model.hpp"
#include "gui/app/model/capture_reading.hpp"
#include "gui/app/model/capture_timeline.hpp"

namespace smtplab::app {
namespace {

/// Why a path cannot be read, checked before libpcap so the message says what to do.
std::optional<LoadError> precheck(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return LoadError{path, Text::ErrorCaptureHint, Text::FileNotFound};
  }
  std::ifstream probe(path, std::ios::binary);
  if (!probe) {
    const int err = errno;
    return LoadError{path, err == EACCES ? Text::ErrorPermissionHint : Text::ErrorCaptureHint,
                     Text::FileUnreadable};
  }
  return std::nullopt;
}

}  // namespace

CaptureLoader::~CaptureLoader() {
  cancel_ = true;
  if (worker_.joinable()) worker_.join();
}

void CaptureLoader::start(const std::string& path, UiQueue& queue) {
  if (busy_) return;
  if (worker_.joinable()) worker_.join();
  busy_ = true;
  cancel_ = false;
  progress_ = 0.0f;
  path_ = path;
  worker_ = std::thread([this, path, &queue] {
    auto finish_with_error = [&](LoadError error) {
      queue.post([error](AppState& state) {
        state.errors.push_back(error);
        ++state.loads_finished;
      });
      busy_ = false;
    };
    if (auto error = precheck(path)) return finish_with_error(*error);
    capture::PcapReader reader(path);
    if (!reader.ok())
      return finish_with_error({path + ": " + reader.error(), Text::ErrorCaptureHint});

    std::error_code ec;
    const auto file_size = static_cast<double>(std::filesystem::file_size(path, ec));
    auto model = read_capture(reader, path, [&](std::size_t frames, double bytes_read) {
      if (cancel_) return false;
      if (file_size > 0 && (frames & 0x3ff) == 0) {
        // Reading is most of the work; indexing takes the last tenth of the bar.
        progress_ = static_cast<float>(0.9 * std::min(1.0, bytes_read / file_size));
      }
      return true;
    });
    if (!model) {  // cancelled
      busy_ = false;
      return;
    }
    progress_ = 0.95f;
    model->timeline = timeline_from_capture(*model);
    model->session_events = index_events_by_session(model->timeline);
    progress_ = 1.0f;
    queue.post([model, path](AppState& state) {
      state.adopt_capture(model);
      // A capture file is an analyst's: its messages and notes come up beside the dialogue.
      state.analysis_view.show = true;
      remember_opened_file(state, path);
      ++state.loads_finished;
    });
    busy_ = false;
  });
}

}  // namespace smtplab::app
