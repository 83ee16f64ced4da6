// The capture-loading task (see capture_loader.hpp).
#include "gui/app/capture_loader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "capture/capture_analyzer.hpp"
#include "capture/pcap_reader.hpp"
#include "gui/app/app_state.hpp"
#include "gui/app/capture_model.hpp"
#include "gui/app/capture_timeline.hpp"

namespace smtplab::app {
namespace {

/// Why a path cannot be read, checked before libpcap so the message says what to do.
std::optional<LoadError> precheck(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return LoadError{path + ": " + std::strerror(ENOENT), Text::ErrorCaptureHint};
  }
  std::ifstream probe(path, std::ios::binary);
  if (!probe) {
    const int err = errno;
    return LoadError{path + ": " + std::strerror(err),
                     err == EACCES ? Text::ErrorPermissionHint : Text::ErrorCaptureHint};
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
    auto model = std::make_shared<CaptureModel>();
    model->file = path;
    model->link_type = reader.link_type();
    capture::CaptureAnalyzer analyzer;
    std::int64_t first_sec = 0;
    std::uint32_t first_nsec = 0;
    double bytes_read = 0;
    while (auto frame = reader.next()) {
      if (cancel_) {
        busy_ = false;
        return;
      }
      if (model->rows.empty()) {
        first_sec = frame->ts_sec;
        first_nsec = frame->ts_nsec;
        model->start_sec = first_sec;
        model->start_nsec = first_nsec;
      }
      FrameRow row;
      row.time = static_cast<double>(frame->ts_sec - first_sec) +
                 (static_cast<double>(frame->ts_nsec) - static_cast<double>(first_nsec)) * 1e-9;
      row.data_offset = model->bytes.size();
      row.captured = static_cast<std::uint32_t>(frame->data.size());
      row.original_length = frame->original_length;
      model->bytes.insert(model->bytes.end(), frame->data.begin(), frame->data.end());
      model->rows.push_back(row);
      analyzer.add(*frame);
      bytes_read += static_cast<double>(frame->data.size() + 16);  // + pcap record header
      if (file_size > 0 && (model->rows.size() & 0x3ff) == 0) {
        // Reading is most of the work; indexing takes the last tenth of the bar.
        progress_ = static_cast<float>(0.9 * std::min(1.0, bytes_read / file_size));
      }
    }
    if (!reader.error().empty()) analyzer.note(capture::Severity::Error, 0, reader.error());
    model->analysis = analyzer.finish(path, reader.link_type());
    progress_ = 0.92f;
    index_capture(*model);
    model->timeline = timeline_from_capture(*model);
    model->session_events = index_events_by_session(model->timeline);
    progress_ = 1.0f;
    queue.post([model](AppState& state) {
      state.adopt_capture(model);
      ++state.loads_finished;
    });
    busy_ = false;
  });
}

}  // namespace smtplab::app
